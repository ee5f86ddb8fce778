// The request head and chunked body parsers on their own (no socket): what the HTTP edge
// accepts, what it refuses with which status, and that limits hold exactly at their value.
#include "hooks/http/request_head.h"

#include <boost/test/unit_test.hpp>

#include "hooks/http/chunked_body.h"

using auc::hooks::ChunkedBody;
using auc::hooks::head_end;
using auc::hooks::HeadLimits;
using auc::hooks::parse_request_head;

namespace {

int refusal_status(const std::string& head, const HeadLimits& limits = {}) {
  const auto r = parse_request_head(head, limits);
  return r ? 0 : r.error().status;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_head)

BOOST_AUTO_TEST_CASE(a_plain_head_is_read_field_by_field) {
  const std::string text =
      "POST /cds-services/x HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n"
      "Connection: keep-alive, close\r\nX-Empty:\r\n\r\n";
  BOOST_TEST(head_end(text).value_or(0) == text.size());
  BOOST_TEST(!head_end(text.substr(0, text.size() - 1)).has_value());
  const auto head = parse_request_head(text, {});
  BOOST_TEST_REQUIRE(head.has_value());
  BOOST_TEST(head->method == "POST");
  BOOST_TEST(head->target == "/cds-services/x");
  BOOST_TEST(head->content_length == 12u);
  BOOST_TEST(head->wants_close);
  BOOST_TEST(!head->chunked);
  BOOST_TEST(head->fields.size() == 4u);
  BOOST_TEST(head->fields[3].second == "");
}

BOOST_AUTO_TEST_CASE(framing_must_be_unambiguous) {
  const std::string start = "POST / HTTP/1.1\r\nHost: a\r\n";
  BOOST_TEST(refusal_status(start + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n") ==
             400);
  BOOST_TEST(refusal_status(start + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n") == 400);
  BOOST_TEST(refusal_status(start + "Content-Length: 5\r\nContent-Length: 5\r\n\r\n") == 0);
  BOOST_TEST(refusal_status(start + "Transfer-Encoding: identity\r\n\r\n") == 501);
  BOOST_TEST(refusal_status(start + "Transfer-Encoding: chunked\r\n"
                                    "Transfer-Encoding: chunked\r\n\r\n") == 400);
  for (const char* bad : {"-1", "abc", "0x10", " ", "1,1", "+1"}) {
    BOOST_TEST(refusal_status(start + "Content-Length: " + bad + "\r\n\r\n") == 400, bad);
  }
  BOOST_TEST(refusal_status(start + "Expect: something\r\n\r\n") == 417);
}

BOOST_AUTO_TEST_CASE(limits_hold_exactly_at_their_value) {
  HeadLimits limits;
  limits.max_body_bytes = 100;
  limits.max_header_fields = 3;
  limits.max_target_bytes = 10;
  const std::string start = "POST /123456789 HTTP/1.1\r\nHost: a\r\n";
  BOOST_TEST(refusal_status(start + "Content-Length: 100\r\n\r\n", limits) == 0);
  BOOST_TEST(refusal_status(start + "Content-Length: 101\r\n\r\n", limits) == 413);
  BOOST_TEST(refusal_status(start + "Content-Length: 99999999999999999999999\r\n\r\n", limits) ==
             413);
  BOOST_TEST(refusal_status(start + "A: 1\r\nB: 2\r\n\r\n", limits) == 0);
  BOOST_TEST(refusal_status(start + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits) == 431);
  BOOST_TEST(refusal_status("GET /1234567890 HTTP/1.1\r\nHost: a\r\n\r\n", limits) == 414);
  limits.max_head_bytes = 40;
  BOOST_TEST(refusal_status(start + "\r\n", limits) == 0);
  BOOST_TEST(refusal_status(start + "A: 1\r\n\r\n", limits) == 431);
}

BOOST_AUTO_TEST_CASE(malformed_heads_are_400) {
  for (const std::string& bad : {
           std::string("GET /healthz HTTP/1.1\r\n\r\n"),  // no Host
           std::string("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
           std::string("GET  /healthz HTTP/1.1\r\nHost: a\r\n\r\n"),  // two spaces
           std::string("GET /healthz HTTP/1.1\r\nHost: a\r\nBad Name: v\r\n\r\n"),
           std::string("GET /healthz HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n"),
           std::string("GET /healthz HTTP/1.1\r\nHost: a\r\nX: a\nb\r\n\r\n"),
           std::string("GET /healthz HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", 43),
           std::string("GET /healthz HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"),
           std::string("G\x01T /healthz HTTP/1.1\r\nHost: a\r\n\r\n"),
       }) {
    BOOST_TEST(refusal_status(bad) == 400, bad);
  }
  BOOST_TEST(refusal_status("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == 505);
  BOOST_TEST(refusal_status("GET / HTTP/1.0\r\n\r\n") == 0);  // HTTP/1.0 needs no Host
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(chunked_body)

BOOST_AUTO_TEST_CASE(decodes_across_any_split_and_keeps_what_follows) {
  const std::string wire =
      "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n"
      "Trailer: x\r\n\r\nNEXT";
  for (std::size_t split = 0; split < wire.size() - 4; ++split) {
    ChunkedBody decoder(1000);
    std::string body;
    std::size_t used = 0;
    auto state = decoder.feed(std::string_view(wire).substr(0, split), body, used);
    BOOST_TEST((state == ChunkedBody::State::kMore));
    BOOST_TEST(used == split);
    state = decoder.feed(std::string_view(wire).substr(split), body, used);
    BOOST_TEST_REQUIRE((state == ChunkedBody::State::kDone));
    BOOST_TEST(body == "Wikipedia in\r\n\r\nchunks.");
    BOOST_TEST(wire.substr(split + used) == "NEXT");
  }
}

BOOST_AUTO_TEST_CASE(the_limit_is_on_decoded_bytes_and_checked_before_reading) {
  std::string body;
  std::size_t used = 0;
  ChunkedBody exact(10);
  BOOST_TEST((exact.feed("5\r\n12345\r\n5\r\n67890\r\n0\r\n\r\n", body, used) ==
              ChunkedBody::State::kDone));
  ChunkedBody over(10);
  body.clear();
  BOOST_TEST((over.feed("5\r\n12345\r\n6\r\n", body, used) == ChunkedBody::State::kTooLarge));
  BOOST_TEST(body.size() == 5u);
  ChunkedBody huge(10);
  BOOST_TEST((huge.feed("ffffffffffffffffffff\r\n", body, used) == ChunkedBody::State::kTooLarge));
}

BOOST_AUTO_TEST_CASE(broken_framing_is_malformed) {
  for (const char* bad : {"\r\n", "x\r\n", "5\r\n12345XX", "5\n12345\r\n", "-1\r\n"}) {
    ChunkedBody decoder(100);
    std::string body;
    std::size_t used = 0;
    BOOST_TEST((decoder.feed(bad, body, used) == ChunkedBody::State::kMalformed), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
