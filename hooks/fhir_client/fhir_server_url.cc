#include "hooks/fhir_client/fhir_server_url.h"

#include <charconv>

namespace auc::hooks {
namespace {

struct Split {
  FhirServerUrl origin;
  std::string_view rest;  // path and query, "" or starting with '/'
};

Expected<Split, std::string> split(std::string_view url) {
  Split out;
  if (url.substr(0, 8) == "https://") {
    out.origin.https = true;
    out.origin.port = 443;
    url.remove_prefix(8);
  } else if (url.substr(0, 7) == "http://") {
    out.origin.https = false;
    out.origin.port = 80;
    url.remove_prefix(7);
  } else {
    return Unexpected(std::string("not an http(s) URL"));
  }
  const std::size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  out.rest = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
  if (authority.find('@') != std::string_view::npos) {
    return Unexpected(std::string("user information in the URL is not accepted"));
  }
  std::string_view host = authority;
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return Unexpected(std::string("bad IPv6 host"));
    host = authority.substr(1, close - 1);
    authority.remove_prefix(close + 1);
    if (!authority.empty() && authority.front() != ':') {
      return Unexpected(std::string("bad host"));
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    host = authority.substr(0, colon);
    authority = colon == std::string_view::npos ? std::string_view{} : authority.substr(colon);
  }
  if (!authority.empty()) {  // ":port"
    const std::string_view digits = authority.substr(1);
    int port = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc{} || end != digits.data() + digits.size() || port <= 0 || port > 65535) {
      return Unexpected(std::string("bad port"));
    }
    out.origin.port = port;
  }
  if (host.empty()) return Unexpected(std::string("no host"));
  out.origin.host = std::string(host);
  return out;
}

}  // namespace

Expected<FhirServerUrl, std::string> parse_fhir_server_url(std::string_view url) {
  auto s = split(url);
  if (!s) return Unexpected(s.error());
  std::string_view path = s->rest;
  if (path.find_first_of("?#") != std::string_view::npos) {
    return Unexpected(std::string("a base URL has no query or fragment"));
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  s->origin.base_path = std::string(path);
  return std::move(s->origin);
}

std::string target_for(const FhirServerUrl& server, std::string_view query) {
  std::string out;
  out.reserve(server.base_path.size() + 1 + query.size());
  out += server.base_path;
  out += '/';
  out += query;
  return out;
}

std::optional<std::string> same_origin_target(const FhirServerUrl& server, std::string_view url) {
  auto s = split(url);
  if (!s) return std::nullopt;
  if (s->origin.https != server.https || s->origin.port != server.port) return std::nullopt;
  // Host names compare case-insensitively.
  const std::string& a = s->origin.host;
  const std::string& b = server.host;
  if (a.size() != b.size()) return std::nullopt;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return std::nullopt;
  }
  const std::size_t hash = s->rest.find('#');
  std::string_view rest = s->rest.substr(0, hash);
  if (rest.empty()) return std::string("/");
  return std::string(rest);
}

}  // namespace auc::hooks
