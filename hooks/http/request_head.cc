#include "hooks/http/request_head.h"

#include <charconv>
#include <cstring>

#include "hooks/http/operation_outcome.h"

namespace auc::hooks {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// RFC 9110 section 5.6.2 tchar.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Field values may hold visible characters, spaces, tabs and obs-text; no other control byte.
bool has_control_byte(std::string_view value) {
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return true;
  }
  return false;
}

// Whether the comma-separated list `value` holds `token` (case-insensitive).
bool list_contains(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 417:
      return "Expectation Failed";
    case 431:
      return "Request Header Fields Too Large";
    case 501:
      return "Not Implemented";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Error";
  }
}

HeadRefusal bad(std::string message) {
  return HeadRefusal{400, std::move(message)};
}

std::optional<HeadRefusal> parse_request_line(std::string_view line, const HeadLimits& limits,
                                              RequestHead& head) {
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return bad("malformed request line: expected METHOD SP target SP HTTP-version");
  }
  head.method = line.substr(0, sp1);
  head.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  head.version = line.substr(sp2 + 1);
  if (!is_token(head.method)) return bad("malformed request line: the method is not a token");
  if (head.target.size() > limits.max_target_bytes) {
    return HeadRefusal{
        414, "the request target (path and query) is " + std::to_string(head.target.size()) +
                 " bytes, longer than the limit of " + std::to_string(limits.max_target_bytes)};
  }
  if (head.target.empty() || has_control_byte(head.target)) {
    return bad("malformed request line: empty request target or a control byte in it");
  }
  if (head.version != "HTTP/1.1" && head.version != "HTTP/1.0") {
    if (head.version.substr(0, 5) == "HTTP/") {
      return HeadRefusal{505, "only HTTP/1.1 and HTTP/1.0 are supported"};
    }
    return bad("malformed request line: expected HTTP/1.1 as the version");
  }
  return std::nullopt;
}

// RFC 9110 section 8.6: 1*DIGIT, nothing else (no sign, no spaces inside, no list).
std::optional<HeadRefusal> parse_content_length(std::string_view value, const HeadLimits& limits,
                                                std::size_t& length) {
  if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos) {
    return bad("Content-Length must be a non-negative decimal number of bytes");
  }
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n > limits.max_body_bytes) {
    return HeadRefusal{413, "the body (Content-Length " +
                                (ec == std::errc() ? std::to_string(n) : std::string("too large")) +
                                ") is larger than the limit of " +
                                std::to_string(limits.max_body_bytes) +
                                " bytes (--max-body-bytes)"};
  }
  length = n;
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> head_end(std::string_view bytes) {
  const std::size_t blank = bytes.find("\r\n\r\n");
  if (blank == std::string_view::npos) return std::nullopt;
  return blank + 4;
}

Expected<RequestHead, HeadRefusal> parse_request_head(std::string_view head,
                                                      const HeadLimits& limits) {
  if (head.size() > limits.max_head_bytes) {
    return Unexpected(HeadRefusal{431,
                                  "the request head (request line and header fields) is "
                                  "larger than the limit of " +
                                      std::to_string(limits.max_head_bytes) + " bytes"});
  }
  RequestHead out;
  const std::size_t line_end = head.find("\r\n");
  if (line_end == std::string_view::npos) return Unexpected(bad("malformed request head"));
  if (auto refusal = parse_request_line(head.substr(0, line_end), limits, out)) {
    return Unexpected(std::move(*refusal));
  }
  std::string_view rest = head.substr(line_end + 2);
  std::optional<std::string_view> content_length;
  std::optional<std::string_view> transfer_encoding;
  std::size_t hosts = 0;
  bool keep_alive = false;
  while (true) {
    const std::size_t end = rest.find("\r\n");
    if (end == std::string_view::npos) return Unexpected(bad("malformed request head"));
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end + 2);
    if (line.empty()) break;
    if (out.fields.size() == limits.max_header_fields) {
      return Unexpected(HeadRefusal{431, "the request has more than " +
                                             std::to_string(limits.max_header_fields) +
                                             " header fields"});
    }
    if (line.front() == ' ' || line.front() == '\t') {
      return Unexpected(
          bad("a header field continues on the next line (obsolete line "
              "folding), which is not accepted"));
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      return Unexpected(bad("malformed header field: expected a name (token), ':' and a value"));
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (has_control_byte(value)) {
      return Unexpected(bad("header field " + std::string(name) +
                            " holds a control byte (such as NUL, CR or LF) in its value"));
    }
    out.fields.emplace_back(name, value);
    if (iequals(name, "Content-Length")) {
      if (content_length && *content_length != value) {
        return Unexpected(bad("Content-Length appears twice with different values"));
      }
      content_length = value;
    } else if (iequals(name, "Transfer-Encoding")) {
      if (transfer_encoding) {
        return Unexpected(bad("Transfer-Encoding appears more than once"));
      }
      transfer_encoding = value;
    } else if (iequals(name, "Host")) {
      ++hosts;
    } else if (iequals(name, "Connection")) {
      if (list_contains(value, "close")) out.wants_close = true;
      if (list_contains(value, "keep-alive")) keep_alive = true;
    } else if (iequals(name, "Expect")) {
      if (!iequals(value, "100-continue")) {
        return Unexpected(HeadRefusal{417, "only the expectation 100-continue is supported"});
      }
      out.expects_continue = true;
    }
  }
  const bool http11 = out.version == "HTTP/1.1";
  if (!http11 && !keep_alive) out.wants_close = true;
  if (http11 && hosts != 1) {
    return Unexpected(bad(hosts == 0 ? "an HTTP/1.1 request must carry a Host header field"
                                     : "the Host header field appears more than once"));
  }
  if (transfer_encoding) {
    // RFC 9112 section 6.1: a sender must not send both; a server that accepts such a request
    // anyway risks reading the body differently from a proxy in front (request smuggling).
    if (content_length) {
      return Unexpected(
          bad("the request has both Content-Length and Transfer-Encoding; send "
              "only one"));
    }
    if (!iequals(*transfer_encoding, "chunked")) {
      return Unexpected(HeadRefusal{501,
                                    "Transfer-Encoding must be chunked (no other transfer "
                                    "coding is supported)"});
    }
    out.chunked = true;
  } else if (content_length) {
    if (auto refusal = parse_content_length(*content_length, limits, out.content_length)) {
      return Unexpected(std::move(*refusal));
    }
  }
  return out;
}

std::string refusal_response(const HeadRefusal& refusal) {
  const std::string body =
      operation_outcome_json(issue_code_for_status(refusal.status), refusal.message);
  std::string out =
      "HTTP/1.1 " + std::to_string(refusal.status) + " " + reason_phrase(refusal.status) + "\r\n";
  out += "Content-Type: application/fhir+json\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Connection: close\r\n\r\n";
  out += body;
  return out;
}

}  // namespace auc::hooks
