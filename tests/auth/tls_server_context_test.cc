// The listener's TLS policy, in process: cpp-httplib's SSLServer set up through
// TlsServerContext::configure exactly as the server does it, with a CA made for this run.
#include "hooks/tls/tls_server_context.h"

#include <httplib.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <thread>

#include "tests/auth/test_pki.h"
#include "tests/auth/tls_probe.h"
#include "tests/support/server_process.h"

namespace {

using auc::hooks::tls::TlsServerContext;
using auc::test::TempDir;
using auc::test::TlsProbeOptions;
using auc::test::write_file;

struct Pki {
  TempDir dir;
  auc::test::TestCa ca;
  auc::hooks::TlsConfig config;

  Pki() {
    write_file(dir.file("ca.pem"), ca.cert_pem());
    install(ca.issue("first"));
    config.cert_file = dir.file("server.pem");
    config.key_file = dir.file("server-key.pem");
  }
  void install(const auc::test::IssuedCertificate& c) {
    write_file(dir.file("server.pem"), c.cert_pem);
    write_file(dir.file("server-key.pem"), c.key_pem);
    ::chmod(dir.file("server-key.pem").c_str(), 0600);
  }
  std::string create_error() {
    auto r = TlsServerContext::create(config);
    return r ? std::string("created") : r.error();
  }
};

class TlsServer {
 public:
  explicit TlsServer(std::shared_ptr<TlsServerContext> tls)
      : tls_(std::move(tls)), server_([t = tls_](SSL_CTX& ctx) { return t->configure(ctx); }) {
    server_.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ok", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
  }
  bool valid() const { return server_.is_valid() && port_ > 0; }
  int port() const { return port_; }

 private:
  std::shared_ptr<TlsServerContext> tls_;
  httplib::SSLServer server_;
  int port_ = -1;
  std::thread thread_;
};

std::shared_ptr<TlsServerContext> make_context(const auc::hooks::TlsConfig& config) {
  auto tls = TlsServerContext::create(config);
  BOOST_TEST_REQUIRE(tls.has_value(), (tls ? "" : tls.error()));
  return *tls;
}

TlsProbeOptions probe(int min_version = TLS1_VERSION, int max_version = 0,
                      const std::string& ca_file = "", const std::string& cert = "",
                      const std::string& key = "") {
  TlsProbeOptions o;
  o.min_version = min_version;
  o.max_version = max_version;
  o.ca_file = ca_file;
  o.client_cert_file = cert;
  o.client_key_file = key;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tls_server_context)

BOOST_AUTO_TEST_CASE(handshake_with_the_ca_succeeds_over_tls12_and_tls13) {
  Pki pki;
  TlsServer server(make_context(pki.config));
  BOOST_TEST_REQUIRE(server.valid());
  httplib::SSLClient client("127.0.0.1", server.port());
  client.set_ca_cert_path(pki.dir.file("ca.pem").c_str());
  client.enable_server_certificate_verification(true);
  const auto res = client.Get("/healthz");
  BOOST_TEST_REQUIRE(static_cast<bool>(res), httplib::to_string(res.error()));
  BOOST_TEST(res->status == 200);

  const auto v13 =
      auc::test::tls_probe(server.port(), probe(TLS1_VERSION, 0, pki.dir.file("ca.pem")));
  BOOST_TEST(v13.connected, v13.error);
  BOOST_TEST(v13.version == "TLSv1.3");
  const auto v12 = auc::test::tls_probe(
      server.port(), probe(TLS1_VERSION, TLS1_2_VERSION, pki.dir.file("ca.pem")));
  BOOST_TEST(v12.connected, v12.error);
  BOOST_TEST(v12.version == "TLSv1.2");
}

BOOST_AUTO_TEST_CASE(tls10_and_tls11_are_refused_by_the_server) {
  Pki pki;
  TlsServer server(make_context(pki.config));
  for (int version : {TLS1_VERSION, TLS1_1_VERSION}) {
    const auto r = auc::test::tls_probe(server.port(), probe(version, version));
    BOOST_TEST(!r.connected);
    // The server's protocol_version alert, not a client-side refusal to try.
    BOOST_TEST(r.error.find("protocol version") != std::string::npos, r.error);
  }
  BOOST_TEST(auc::test::tls_probe(server.port(), probe()).connected);  // still serving
}

BOOST_AUTO_TEST_CASE(min_version_13_refuses_tls12) {
  Pki pki;
  pki.config.min_version = "1.3";
  TlsServer server(make_context(pki.config));
  const auto r = auc::test::tls_probe(server.port(), probe(TLS1_VERSION, TLS1_2_VERSION));
  BOOST_TEST(!r.connected);
  BOOST_TEST(auc::test::tls_probe(server.port(), probe()).connected);
  pki.config.min_version = "1.1";
  BOOST_TEST(pki.create_error().find("--tls-min-version") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(plain_http_to_the_tls_port_fails_cleanly) {
  Pki pki;
  TlsServer server(make_context(pki.config));
  const std::string answer = auc::test::plain_http_probe(server.port());
  BOOST_TEST(answer.rfind("HTTP/", 0) != 0, answer);  // no HTTP spoken in clear
  BOOST_TEST(auc::test::tls_probe(server.port(), probe()).connected);
}

BOOST_AUTO_TEST_CASE(reload_swaps_the_certificate_without_a_new_listener) {
  Pki pki;
  auto tls = make_context(pki.config);
  TlsServer server(tls);
  BOOST_TEST(auc::test::tls_probe(server.port(), probe()).peer_common_name == "first");
  pki.install(pki.ca.issue("second"));
  const auto ok = tls->reload();
  BOOST_TEST_REQUIRE(ok.has_value(), (ok ? "" : ok.error()));
  BOOST_TEST(auc::test::tls_probe(server.port(), probe()).peer_common_name == "second");

  // A broken rotation (key from another certificate) is refused; "second" stays in service.
  const auto third = pki.ca.issue("third");
  write_file(pki.dir.file("server.pem"), third.cert_pem);
  const auto bad = tls->reload();
  BOOST_TEST_REQUIRE(!bad.has_value());
  BOOST_TEST(bad.error().find("does not match") != std::string::npos, bad.error());
  const auto after =
      auc::test::tls_probe(server.port(), probe(TLS1_VERSION, 0, pki.dir.file("ca.pem")));
  BOOST_TEST(after.connected, after.error);
  BOOST_TEST(after.peer_common_name == "second");
}

BOOST_AUTO_TEST_CASE(client_certificates_are_required_with_a_client_ca) {
  Pki pki;
  auc::test::TestCa client_ca("gateway CA");
  write_file(pki.dir.file("client-ca.pem"), client_ca.cert_pem());
  const auto gateway = client_ca.issue("gateway", -3600, 86400, true);
  write_file(pki.dir.file("gw.pem"), gateway.cert_pem);
  write_file(pki.dir.file("gw-key.pem"), gateway.key_pem);
  const auto stranger = pki.ca.issue("stranger", -3600, 86400, true);
  write_file(pki.dir.file("x.pem"), stranger.cert_pem);
  write_file(pki.dir.file("x-key.pem"), stranger.key_pem);
  pki.config.client_ca_file = pki.dir.file("client-ca.pem");
  TlsServer server(make_context(pki.config));

  BOOST_TEST(!auc::test::tls_probe(server.port(), probe()).connected);
  BOOST_TEST(!auc::test::tls_probe(server.port(), probe(TLS1_VERSION, 0, "", pki.dir.file("x.pem"),
                                                        pki.dir.file("x-key.pem")))
                  .connected);
  const auto ok = auc::test::tls_probe(
      server.port(),
      probe(TLS1_VERSION, 0, "", pki.dir.file("gw.pem"), pki.dir.file("gw-key.pem")));
  BOOST_TEST(ok.connected, ok.error);
}

// OpenSSL answers a resumption on a client-verifying context without a session id context with
// a fatal internal_error alert, not a full handshake.
BOOST_AUTO_TEST_CASE(sessions_with_client_certificates_resume) {
  Pki pki;
  auc::test::TestCa client_ca("gateway CA");
  write_file(pki.dir.file("client-ca.pem"), client_ca.cert_pem());
  const auto gateway = client_ca.issue("gateway", -3600, 86400, true);
  write_file(pki.dir.file("gw.pem"), gateway.cert_pem);
  write_file(pki.dir.file("gw-key.pem"), gateway.key_pem);
  pki.config.client_ca_file = pki.dir.file("client-ca.pem");
  TlsServer server(make_context(pki.config));

  for (const int version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    BOOST_TEST_CONTEXT("TLS version 0x" << std::hex << version) {
      auto options = probe(version, version, pki.dir.file("ca.pem"), pki.dir.file("gw.pem"),
                           pki.dir.file("gw-key.pem"));
      const auto first = auc::test::tls_probe(server.port(), options);
      BOOST_TEST_REQUIRE(first.connected, first.error);
      options.resume = first.session.get();
      const auto again = auc::test::tls_probe(server.port(), options);
      BOOST_TEST(again.connected, again.error);
      BOOST_TEST(again.resumed);
    }
  }
}

BOOST_AUTO_TEST_CASE(clear_errors_for_bad_certificates_and_keys) {
  Pki pki;
  auto error_with = [&](const auc::test::IssuedCertificate& c) {
    pki.install(c);
    return pki.create_error();
  };
  BOOST_TEST(error_with(pki.ca.issue("old", -7200, -3600)).find("expired") != std::string::npos);
  BOOST_TEST(error_with(pki.ca.issue("early", 3600, 7200)).find("not valid yet") !=
             std::string::npos);
  const auto a = pki.ca.issue("a");
  const auto b = pki.ca.issue("b");
  BOOST_TEST(error_with({a.cert_pem, b.key_pem}).find("does not match") != std::string::npos);
  BOOST_TEST(error_with({"junk", a.key_pem}).find("no PEM certificate") != std::string::npos);
  BOOST_TEST(error_with({a.cert_pem, "junk"}).find("not an unencrypted PEM private key") !=
             std::string::npos);
  pki.install(a);
  pki.config.cert_file = pki.dir.file("absent.pem");
  const std::string missing = pki.create_error();
  BOOST_TEST(missing.find("absent.pem") != std::string::npos, missing);
  BOOST_TEST(missing.find("No such file") != std::string::npos, missing);
  pki.config.cert_file = pki.dir.file("server.pem");
  pki.config.client_ca_file = pki.dir.file("server-key.pem");
  BOOST_TEST(pki.create_error().find("--tls-client-ca") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(warns_about_readable_keys_and_near_expiry) {
  Pki pki;
  pki.install(pki.ca.issue("soon", -3600, 3 * 86400));
  ::chmod(pki.dir.file("server-key.pem").c_str(), 0644);
  const auto warnings = make_context(pki.config)->warnings();
  BOOST_TEST_REQUIRE(warnings.size() == 2u);
  BOOST_TEST(warnings[0].find("chmod 600") != std::string::npos);
  BOOST_TEST(warnings[1].find("expires in") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
