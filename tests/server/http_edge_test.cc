// The HTTP edge against hostile and broken clients, byte for byte over raw sockets: pipelining,
// framing that could smuggle a request, header and body limits, and connections that try to
// hold every worker. Every wait is bounded; nothing here measures time.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <thread>

#include "service_support.h"
#include "tests/support/raw_http.h"

using namespace auc::test;

namespace {

std::string post_head(std::string_view target, std::string_view extra_fields) {
  return "POST " + std::string(target) +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         std::string(extra_fields) + "\r\n";
}

std::string post(std::string_view target, std::string_view body) {
  return post_head(target, "Content-Length: " + std::to_string(body.size()) + "\r\n") +
         std::string(body);
}

bool mentions(const RawResponse& r, std::string_view text) {
  return r.body.find(text) != std::string::npos;
}

// Sends `bytes` on a fresh connection; expects exactly one answer with `status`, then the close.
RawResponse refused_and_closed(int port, const std::string& bytes, int status) {
  RawConnection c(port);
  BOOST_TEST_REQUIRE(c.connected());
  c.send(bytes);
  auto answers = c.responses(2, std::chrono::seconds(3));
  BOOST_TEST_REQUIRE(answers.size() == 1u);
  BOOST_TEST(answers[0].status == status, answers[0].head << "\n" << answers[0].body);
  BOOST_TEST(answers[0].head.find("Connection: close") != std::string::npos);
  BOOST_TEST(c.closed_by_server());
  return answers[0];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_edge)

BOOST_AUTO_TEST_CASE(pipelined_requests_are_each_answered_in_order) {
  auto server = start_service();
  RawConnection c(server->port());
  BOOST_TEST_REQUIRE(c.connected());
  BOOST_TEST(c.send(raw_get("/healthz") + raw_get("/no-such-path") + raw_get("/healthz")));
  const auto answers = c.responses(3);
  BOOST_TEST_REQUIRE(answers.size() == 3u);
  BOOST_TEST(answers[0].status == 200);
  BOOST_TEST(answers[1].status == 404);
  BOOST_TEST(answers[2].status == 200);
}

// A body is parsed where the edge read it, and the byte after it, the next request's first, is
// only borrowed for the parser's end mark: both pipelined calls get the same full answer.
BOOST_AUTO_TEST_CASE(pipelined_hook_calls_are_each_answered_in_full) {
  auto server = start_service();
  const std::string call = post(kSelect, to_json(load_request("variant-1-order-select.json")));
  RawConnection c(server->port());
  BOOST_TEST_REQUIRE(c.connected());
  BOOST_TEST(c.send(call + call + raw_get("/healthz")));
  const auto answers = c.responses(3, std::chrono::seconds(10));
  BOOST_TEST_REQUIRE(answers.size() == 3u);
  for (int i = 0; i < 2; ++i) {
    BOOST_TEST(answers[i].status == 200, answers[i].body);
    BOOST_TEST(mentions(answers[i], "\"cards\""));
    BOOST_TEST(mentions(answers[i], "variant 1"));
  }
  BOOST_TEST(answers[2].status == 200);
}

BOOST_AUTO_TEST_CASE(bytes_inside_a_body_are_never_run_as_a_request) {
  auto server = start_service();
  // Two POSTs in one write; the second body carries a request line at stream offset 4096, where
  // a reader that drops its buffered bytes between requests would resume.
  const std::string smuggled = "GET /SMUGGLED-PATH HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string first = post(kSelect, R"({"hook":"order-select"})");
  const std::string second_head_probe = post_head(kSelect, "Content-Length: 0000\r\n");
  const std::size_t prefix = 4096 - first.size() - second_head_probe.size();
  std::string body = "\"" + std::string(prefix - 1, 'a') + smuggled + std::string(200, 'b') + "\"";
  std::string second =
      post_head(kSelect, "Content-Length: " + std::to_string(body.size()) + "\r\n");
  BOOST_TEST_REQUIRE(second.size() == second_head_probe.size());
  second += body;
  BOOST_TEST_REQUIRE((first + second).find(smuggled) == 4096u);
  RawConnection c(server->port());
  BOOST_TEST(c.send(first + second + raw_get("/healthz")));
  const auto answers = c.responses(4, std::chrono::seconds(3));
  BOOST_TEST_REQUIRE(answers.size() == 3u);
  BOOST_TEST(answers[0].status == 400);
  BOOST_TEST(answers[1].status == 400);  // a JSON string, not a hook request
  BOOST_TEST(answers[2].status == 200);
  BOOST_TEST(server->log().find("SMUGGLED") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(header_count_and_size_are_bounded_with_431) {
  auto server = start_service();
  std::string many = "GET /healthz HTTP/1.1\r\nHost: a\r\n";
  for (int i = 0; i < 200; ++i) many += "X-Filler-" + std::to_string(i) + ": v\r\n";
  const auto count = refused_and_closed(server->port(), many + "\r\n", 431);
  BOOST_TEST(mentions(count, "header fields"));
  {
    auto roomy = start_service({"--max-header-fields", "300"});
    RawConnection c(roomy->port());
    c.send(many + "\r\n");
    const auto answers = c.responses(1);
    BOOST_TEST_REQUIRE(answers.size() == 1u);
    BOOST_TEST(answers[0].status == 200);
  }

  const std::string big =
      "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(40'000, 'v') + "\r\n\r\n";
  const auto size = refused_and_closed(server->port(), big, 431);
  BOOST_TEST(mentions(size, "larger than the limit"));

  // A head that never ends is refused once it passes the limit, not read forever.
  RawConnection endless(server->port());
  endless.send("GET /healthz HTTP/1.1\r\nHost: a\r\n");
  std::string line = "X-Line: " + std::string(1000, 'x') + "\r\n";
  for (int i = 0; i < 100 && endless.send(line); ++i) {
  }
  const auto answers = endless.responses(1);
  BOOST_TEST_REQUIRE(answers.size() == 1u);
  BOOST_TEST(answers[0].status == 431);
}

BOOST_AUTO_TEST_CASE(content_length_abuse_is_refused_at_once_and_closes) {
  auto server = start_service({"--max-body-bytes", "100000"});
  const int port = server->port();
  // The bound on each answer (3 s) is below the 10 s request timeout: no waiting for a body.
  for (const char* bad : {"-1", "abc", "1e3", "+5", "12 34", ""}) {
    BOOST_TEST_CONTEXT("Content-Length: '" << bad << "'") {
      // What follows the head in the same write must not be run as a request either.
      const auto r = refused_and_closed(
          port,
          post_head(kSelect, std::string("Content-Length: ") + bad + "\r\n") + raw_get("/healthz"),
          400);
      BOOST_TEST(mentions(r, "Content-Length must be a non-negative decimal number"));
    }
  }
  for (const char* big : {"100001", "50000000", "100000000000000000000000"}) {
    BOOST_TEST_CONTEXT("Content-Length: " << big) {
      const auto r = refused_and_closed(
          port, post_head(kSelect, std::string("Content-Length: ") + big + "\r\n"), 413);
      BOOST_TEST(mentions(r, "--max-body-bytes"));
    }
  }
  // RFC 9112 section 6.1: both framings at once is a smuggling attempt; refused and closed.
  const auto both =
      refused_and_closed(port,
                         post_head(kSelect, "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n") +
                             "0\r\n\r\n" + raw_get("/healthz"),
                         400);
  BOOST_TEST(mentions(both, "both Content-Length and Transfer-Encoding"));
  const auto differing = refused_and_closed(
      port, post_head(kSelect, "Content-Length: 2\r\nContent-Length: 3\r\n"), 400);
  BOOST_TEST(mentions(differing, "Content-Length"));
  refused_and_closed(port, post_head(kSelect, "Transfer-Encoding: gzip, chunked\r\n"), 501);
}

BOOST_AUTO_TEST_CASE(a_chunked_body_over_the_limit_is_413) {
  auto server = start_service({"--max-body-bytes", "100000"});
  RawConnection c(server->port());
  c.send(post_head(kSelect, "Transfer-Encoding: chunked\r\n"));
  const std::string chunk = std::string(10'000, ' ');
  char size_line[16];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  // 600 KB offered; the server stops reading at the limit.
  for (int i = 0; i < 60 && c.send(size_line + chunk + "\r\n"); ++i) {
  }
  c.send("0\r\n\r\n");
  const auto answers = c.responses(1);
  BOOST_TEST_REQUIRE(answers.size() == 1u);
  BOOST_TEST(answers[0].status == 413);
  BOOST_TEST(mentions(answers[0], "--max-body-bytes"));

  // Malformed chunk framing is a 400, and the connection ends.
  refused_and_closed(server->port(),
                     post_head(kSelect, "Transfer-Encoding: chunked\r\n") + "zz\r\n{}\r\n0\r\n\r\n",
                     400);
}

BOOST_AUTO_TEST_CASE(a_compressed_body_is_bounded_by_its_decoded_size) {
  auto server = start_service({"--max-body-bytes", "200000"});
  httplib::Client client("127.0.0.1", server->port());
  client.set_compress(true);  // gzip request bodies
  // A valid request compresses and decodes to the same answer.
  const std::string body = to_json(load_request("variant-1-order-select.json"));
  expect_valid_response(post_json(client, kSelect, body));
  // 3 MB of spaces gzip to a few KB: under the limit on the wire, far over it decoded.
  const auto bomb = post_json(client, kSelect, body + std::string(3'000'000, ' '));
  expect_outcome(bomb, 413);
  BOOST_TEST(bomb->body.find("decoded") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(host_is_required_and_control_bytes_are_refused) {
  auto server = start_service();
  const int port = server->port();
  const auto no_host = refused_and_closed(port, "GET /healthz HTTP/1.1\r\n\r\n", 400);
  BOOST_TEST(mentions(no_host, "Host"));
  refused_and_closed(port, "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
  const auto nul = refused_and_closed(
      port, std::string("GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: x\0y\r\n\r\n", 44), 400);
  BOOST_TEST(mentions(nul, "control byte"));
  refused_and_closed(port, "GET /healthz HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400);
  // HTTP/1.0 has no Host requirement; it is answered and closed.
  RawConnection old(port);
  old.send("GET /healthz HTTP/1.0\r\n\r\n");
  const auto answers = old.responses(1);
  BOOST_TEST_REQUIRE(answers.size() == 1u);
  BOOST_TEST(answers[0].status == 200);
  BOOST_TEST(old.closed_by_server());
}

BOOST_AUTO_TEST_CASE(a_long_target_is_414_naming_what_was_too_long) {
  auto server = start_service();
  const auto r =
      refused_and_closed(server->port(), raw_get("/healthz?q=" + std::string(10'000, 'x')), 414);
  BOOST_TEST(mentions(r, "request target"));
}

// 200 idle connections, then 20 connections sending a head byte by byte: a new client still
// gets its real answer, well before the idle and request timeouts (5 s, 10 s) would free a
// worker. --threads 4 keeps the test light; the default has 16 workers or more.
BOOST_AUTO_TEST_CASE(idle_and_crawling_connections_do_not_starve_a_new_client) {
  auto server = start_service({"--threads", "4"});
  const int port = server->port();
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 200; ++i) idle.push_back(std::make_unique<RawConnection>(port));
  {
    RawConnection fresh(port);
    fresh.send(raw_get("/healthz"));
    const auto answers = fresh.responses(1, std::chrono::seconds(3));
    BOOST_TEST_REQUIRE(answers.size() == 1u);
    BOOST_TEST(answers[0].status == 200);
  }
  idle.clear();

  std::vector<std::unique_ptr<RawConnection>> crawling;
  const std::string head = raw_get("/healthz");
  for (int i = 0; i < 20; ++i) {
    crawling.push_back(std::make_unique<RawConnection>(port));
    crawling.back()->send(head.substr(0, head.size() / 2));
  }
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    for (std::size_t at = head.size() / 2; !stop && at + 4 < head.size(); ++at) {
      for (auto& c : crawling) c->send(head.substr(at, 1));
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  RawConnection fresh(port);
  fresh.send(raw_get("/healthz"));
  const auto answers = fresh.responses(1, std::chrono::seconds(3));
  stop = true;
  trickle.join();
  BOOST_TEST_REQUIRE(answers.size() == 1u);
  BOOST_TEST(answers[0].status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
