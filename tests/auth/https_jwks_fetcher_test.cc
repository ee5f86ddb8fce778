// The real JWKS fetcher against an in-process HTTPS server: verified against the trust file's
// CA, nothing fetched from a server it cannot verify, bodies bounded.
#include <httplib.h>

#include <boost/test/unit_test.hpp>
#include <thread>

#include "hooks/auth/jwks_fetcher.h"
#include "hooks/tls/tls_server_context.h"
#include "tests/auth/test_pki.h"
#include "tests/support/server_process.h"

namespace {

struct JwksServer {
  auc::test::TempDir dir;
  auc::test::TestCa ca;
  std::shared_ptr<auc::hooks::tls::TlsServerContext> tls;
  std::unique_ptr<httplib::SSLServer> server;
  std::thread thread;
  int port = -1;
  std::string jwks;

  JwksServer() {
    const auto cert = ca.issue("localhost");
    auc::test::write_file(dir.file("ca.pem"), ca.cert_pem());
    auc::test::write_file(dir.file("server.pem"), cert.cert_pem);
    auc::test::write_file(dir.file("server-key.pem"), cert.key_pem);
    auc::hooks::TlsConfig config;
    config.cert_file = dir.file("server.pem");
    config.key_file = dir.file("server-key.pem");
    tls = *auc::hooks::tls::TlsServerContext::create(config);
    server =
        std::make_unique<httplib::SSLServer>([t = tls](SSL_CTX& ctx) { return t->configure(ctx); });
    server->Get("/jwks.json", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(jwks, "application/json");
    });
    server->Get("/huge", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(300 * 1024, ' '), "application/json");
    });
    port = server->bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server->listen_after_bind(); });
  }
  ~JwksServer() {
    server->stop();
    thread.join();
  }
  std::string url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port) + path;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(https_jwks_fetcher)

BOOST_AUTO_TEST_CASE(fetches_over_verified_https) {
  JwksServer s;
  s.jwks = R"({"keys":[]})";
  const auto fetcher = auc::hooks::make_https_jwks_fetcher();
  const auto body = fetcher->fetch(s.url("/jwks.json"), s.dir.file("ca.pem"));
  BOOST_TEST_REQUIRE(body.has_value(), (body ? "" : body.error()));
  BOOST_TEST(*body == s.jwks);
}

BOOST_AUTO_TEST_CASE(refuses_unverifiable_servers_oversized_bodies_and_plain_http) {
  JwksServer s;
  s.jwks = R"({"keys":[]})";
  const auto fetcher = auc::hooks::make_https_jwks_fetcher();
  auc::test::TestCa other("someone else");
  auc::test::write_file(s.dir.file("other-ca.pem"), other.cert_pem());
  BOOST_TEST(!fetcher->fetch(s.url("/jwks.json"), s.dir.file("other-ca.pem")).has_value());
  BOOST_TEST(!fetcher->fetch(s.url("/jwks.json"), "").has_value());  // system CAs: unknown CA
  const auto huge = fetcher->fetch(s.url("/huge"), s.dir.file("ca.pem"));
  BOOST_TEST_REQUIRE(!huge.has_value());
  BOOST_TEST(huge.error().find("256 KiB") != std::string::npos, huge.error());
  const auto missing = fetcher->fetch(s.url("/nope"), s.dir.file("ca.pem"));
  BOOST_TEST_REQUIRE(!missing.has_value());
  BOOST_TEST(missing.error().find("404") != std::string::npos);
  BOOST_TEST(
      !fetcher->fetch("http://127.0.0.1:" + std::to_string(s.port) + "/jwks.json", "").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
