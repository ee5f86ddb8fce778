// The head of an HTTP/1.1 request (request line and header fields), checked before anything
// else sees it: sizes bounded, framing unambiguous (RFC 9112 section 6), no control bytes in
// values, Host present. A refused head always ends the connection, because after a head that
// cannot be trusted there is no telling where the next request would start.
// Pure functions over bytes: fuzz targets and unit tests call them without a socket.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fhir/expected.h"

namespace auc::hooks {

struct HeadLimits {
  std::size_t max_head_bytes = 16 * 1024;   // request line + all header fields
  std::size_t max_header_fields = 64;       // header fields (lines)
  std::size_t max_target_bytes = 4 * 1024;  // path and query
  std::size_t max_body_bytes = 5 * 1024 * 1024;
};

struct RequestHead {
  std::string_view method;
  std::string_view target;
  std::string_view version;                                           // "HTTP/1.1" or "HTTP/1.0"
  std::vector<std::pair<std::string_view, std::string_view>> fields;  // in order, values trimmed
  bool chunked = false;                                               // Transfer-Encoding: chunked
  std::size_t content_length = 0;                                     // 0 when chunked or absent
  bool expects_continue = false;                                      // Expect: 100-continue
  bool wants_close = false;  // Connection: close, or HTTP/1.0 without keep-alive
};

struct HeadRefusal {
  int status;           // 400, 413, 414, 417, 431, 501, 505
  std::string message;  // names what was wrong and the limit; never echoes values
};

// Where the head ends in `bytes` (the offset just past the blank line), or nullopt when the blank
// line has not arrived yet.
std::optional<std::size_t> head_end(std::string_view bytes);

// Parses and checks `head` (up to and including the blank line); views point into `head`.
Expected<RequestHead, HeadRefusal> parse_request_head(std::string_view head,
                                                      const HeadLimits& limits);

// The first status line and fields of an answer the edge gives itself (refusals), with an
// OperationOutcome body naming the problem; the connection closes after it.
std::string refusal_response(const HeadRefusal& refusal);

}  // namespace auc::hooks
