#include "hooks/auth/jwks_fetcher.h"

#include <httplib.h>

#include <charconv>

namespace auc::hooks {
namespace {

constexpr std::size_t kMaxJwksBytes = 256 * 1024;

struct HttpsUrl {
  std::string host;
  int port = 443;
  std::string path;
};

Expected<HttpsUrl, std::string> split_https_url(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (!url.starts_with(kScheme)) return Unexpected(std::string("not an https URL"));
  url.remove_prefix(kScheme.size());
  const std::size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  HttpsUrl out;
  out.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  if (authority.find('@') != std::string_view::npos || authority.starts_with("[")) {
    return Unexpected(std::string("URL authority form not supported"));
  }
  const std::size_t colon = authority.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (ec != std::errc() || ptr != port.data() + port.size() || out.port <= 0 ||
        out.port > 65535) {
      return Unexpected(std::string("bad port"));
    }
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return Unexpected(std::string("no host"));
  out.host = std::string(authority);
  return out;
}

class HttpsJwksFetcher final : public JwksFetcher {
 public:
  Expected<std::string, std::string> fetch(const std::string& url,
                                           const std::string& ca_file) override {
    auto parts = split_https_url(url);
    if (!parts) return Unexpected(parts.error());
    httplib::SSLClient client(parts->host, parts->port);
    client.enable_server_certificate_verification(true);
    if (!ca_file.empty()) client.set_ca_cert_path(ca_file.c_str());
    client.set_connection_timeout(3, 0);
    client.set_read_timeout(5, 0);
    client.set_write_timeout(5, 0);
    client.set_follow_location(false);
    std::string body;
    bool too_large = false;
    const auto res = client.Get(parts->path.c_str(), {{"Accept", "application/json"}},
                                [&](const char* data, std::size_t len) {
                                  if (body.size() + len > kMaxJwksBytes) {
                                    too_large = true;
                                    return false;
                                  }
                                  body.append(data, len);
                                  return true;
                                });
    if (too_large) return Unexpected(std::string("JWKS larger than 256 KiB"));
    if (!res) return Unexpected("fetch failed: " + httplib::to_string(res.error()));
    if (res->status != 200) return Unexpected("HTTP status " + std::to_string(res->status));
    return body;
  }
};

}  // namespace

std::shared_ptr<JwksFetcher> make_https_jwks_fetcher() {
  return std::make_shared<HttpsJwksFetcher>();
}

}  // namespace auc::hooks
