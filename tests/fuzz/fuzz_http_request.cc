// Bytes as a client sends them on one connection, read the way the HTTP edge reads them: find the
// end of the head, check the head, read the body by Content-Length or decode it chunked, keep the
// rest for the next (pipelined) request, and answer a refused head with its canned response.
// The chunked decoder is fed twice, all at once and in pieces of 1, 2, 3, ... bytes (as reads
// might split it): both must agree, and no decoded body may pass the body limit.
#include <string>
#include <string_view>

#include "fhir/checked_json.h"
#include "hooks/http/chunked_body.h"
#include "hooks/http/request_head.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using auc::hooks::ChunkedBody;

struct Decoded {
  ChunkedBody::State state;
  std::size_t consumed = 0;
  std::string body;
};

Decoded decode_whole(std::string_view bytes, std::size_t limit) {
  ChunkedBody decoder(limit);
  Decoded out;
  out.state = decoder.feed(bytes, out.body, out.consumed);
  return out;
}

// As the edge does: each read appends to the buffer, and the decoder is fed what it has not used.
Decoded decode_in_pieces(std::string_view bytes, std::size_t limit) {
  ChunkedBody decoder(limit);
  Decoded out;
  std::size_t arrived = 0;
  for (std::size_t piece = 1; arrived < bytes.size(); ++piece) {
    arrived = std::min(bytes.size(), arrived + piece);
    std::size_t used = 0;
    out.state = decoder.feed(bytes.substr(out.consumed, arrived - out.consumed), out.body, used);
    out.consumed += used;
    if (out.state != ChunkedBody::State::kMore) return out;
  }
  if (bytes.empty()) out.state = ChunkedBody::State::kMore;
  return out;
}

void check_refusal(const auc::hooks::HeadRefusal& refusal) {
  switch (refusal.status) {
    case 400:
    case 413:
    case 414:
    case 417:
    case 431:
    case 501:
    case 505:
      break;
    default:
      auc::fuzz::invariant_broken();
  }
  const std::string response = auc::hooks::refusal_response(refusal);
  const std::size_t head = response.find("\r\n\r\n");
  if (!response.starts_with("HTTP/1.1 " + std::to_string(refusal.status) + " ") ||
      head == std::string::npos || auc::fhir::check_json(response.substr(head + 4))) {
    auc::fuzz::invariant_broken();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace auc::hooks;
  HeadLimits limits;
  limits.max_head_bytes = 2048;
  limits.max_header_fields = 16;
  limits.max_target_bytes = 256;
  limits.max_body_bytes = 1024;
  std::string_view in = auc::fuzz::text(data, size);
  while (auto end = head_end(in)) {
    if (*end < 4 || in.substr(*end - 4, 4) != "\r\n\r\n") auc::fuzz::invariant_broken();
    auto head = parse_request_head(in.substr(0, *end), limits);
    if (!head) {
      check_refusal(head.error());
      return 0;  // a refused head ends the connection
    }
    if (head->content_length > limits.max_body_bytes) auc::fuzz::invariant_broken();
    if (head->chunked && head->content_length != 0) auc::fuzz::invariant_broken();
    const std::string_view rest = in.substr(*end);
    std::size_t wire = 0;
    if (head->chunked) {
      const Decoded whole = decode_whole(rest, limits.max_body_bytes);
      const Decoded pieces = decode_in_pieces(rest, limits.max_body_bytes);
      if (whole.state != pieces.state) auc::fuzz::invariant_broken();
      if (whole.body.size() > limits.max_body_bytes) auc::fuzz::invariant_broken();
      if (whole.state != ChunkedBody::State::kDone) return 0;
      if (whole.consumed != pieces.consumed || whole.body != pieces.body) {
        auc::fuzz::invariant_broken();
      }
      wire = whole.consumed;
    } else {
      if (rest.size() < head->content_length) return 0;  // waits for the rest of the body
      wire = head->content_length;
    }
    in = rest.substr(wire);  // what follows is the next request, never part of this one
  }
  return 0;
}
