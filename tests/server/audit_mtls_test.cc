// --audit-client-ca end to end, TLS on: the auditor listener admits only clients holding a
// certificate from the auditor CA (no bearer token is configured), while the EHR listener
// neither asks for client certificates nor serves the auditor API.
#include <httplib.h>
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "tests/auth/test_pki.h"
#include "tests/auth/tls_probe.h"
#include "tests/support/dev_certs.h"
#include "tests/support/server_process.h"

namespace {

using auc::test::ServerProcess;
using auc::test::TempDir;
using auc::test::TestCa;
using auc::test::TlsProbeOptions;
using auc::test::TlsProbeResult;

struct ClientCertificate {
  std::string cert_file;
  std::string key_file;
};

ClientCertificate write_client_certificate(const TempDir& dir, const TestCa& ca,
                                           const std::string& name) {
  const auto issued = ca.issue(name, -3600, 86400, /*client=*/true);
  ClientCertificate files{dir.file(name + ".pem"), dir.file(name + "-key.pem")};
  auc::test::write_file(files.cert_file, issued.cert_pem);
  auc::test::write_file(files.key_file, issued.key_pem);
  return files;
}

// auc-hooks with the dev certificates on both listeners and the auditor CA as the only auditor
// credential, plus client certificates from that CA and from two others.
struct MtlsServer {
  TempDir dir;
  std::string certs = auc::test::make_dev_certs(dir.file("dev"));
  TestCa auditor_ca{"auc-hooks auditor CA"};
  TestCa other_ca{"an EHR gateway CA"};
  TestCa impostor_ca{"auc-hooks auditor CA"};  // same name as the auditor CA, another key
  ClientCertificate auditor = write_client_certificate(dir, auditor_ca, "auditor");
  ClientCertificate gateway = write_client_certificate(dir, other_ca, "gateway");
  ClientCertificate impostor = write_client_certificate(dir, impostor_ca, "impostor");
  std::unique_ptr<ServerProcess> server;
  int audit_port = 0;

  MtlsServer() {
    auc::test::write_file(dir.file("auditor-ca.pem"), auditor_ca.cert_pem());
    std::string failure;
    server = ServerProcess::start(
        {"--listen", "127.0.0.1:0", "--tls-cert", certs + "/server.pem", "--tls-key",
         certs + "/server-key.pem", "--auth", "off", "--audit-listen", "127.0.0.1:0",
         "--audit-client-ca", dir.file("auditor-ca.pem"), "--ledger",
         "sqlite:" + dir.file("ledger.db")},
        {}, &failure);
    BOOST_TEST_REQUIRE(server != nullptr, failure);
    audit_port = server->logged_port("audit_listening");
    BOOST_TEST_REQUIRE(audit_port > 0, server->log());
    BOOST_TEST_REQUIRE(audit_port != server->port());
  }

  // Verifies the server against the dev CA, and presents `client` when given.
  std::unique_ptr<httplib::SSLClient> https(int port,
                                            const ClientCertificate* client = nullptr) const {
    auto c = client ? std::make_unique<httplib::SSLClient>("127.0.0.1", port, client->cert_file,
                                                           client->key_file)
                    : std::make_unique<httplib::SSLClient>("127.0.0.1", port);
    BOOST_TEST_REQUIRE(c->is_valid());
    c->set_ca_cert_path((certs + "/dev-ca.pem").c_str());
    c->enable_server_certificate_verification(true);
    return c;
  }

  // For a raw handshake that reports what the server asked for and why it refused.
  TlsProbeOptions probe_options(const ClientCertificate* client, const std::string& path) const {
    TlsProbeOptions o;
    o.min_version = TLS1_2_VERSION;
    o.ca_file = certs + "/dev-ca.pem";
    if (client) {
      o.client_cert_file = client->cert_file;
      o.client_key_file = client->key_file;
    }
    o.path = path;
    return o;
  }

  // GET /audit/calls over a raw handshake pinned to one TLS version.
  TlsProbeResult audit_probe(const ClientCertificate* client, int version) const {
    auto options = probe_options(client, "/audit/calls");
    options.min_version = options.max_version = version;
    return auc::test::tls_probe(audit_port, options);
  }
};

bool is_status(const TlsProbeResult& r, int status) {
  return r.response.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0) == 0;
}

// Refused in the handshake: no HTTP answer at all. Only TLS 1.2 reliably shows the server's
// reason: in TLS 1.3 the client has finished its handshake before the server judges the
// certificate, and the alert can be lost to the reset that follows it.
void expect_refused(const TlsProbeResult& r, int version, const std::string& tls12_alert) {
  BOOST_TEST(!r.connected);
  BOOST_TEST(r.response.empty(), r.response);
  if (version == TLS1_2_VERSION)
    BOOST_TEST(r.error.find(tls12_alert) != std::string::npos, r.error);
}

constexpr int kVersions[] = {TLS1_2_VERSION, TLS1_3_VERSION};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(audit_mtls, MtlsServer)

BOOST_AUTO_TEST_CASE(a_certificate_from_the_auditor_ca_opens_the_auditor_api) {
  const auto client = https(audit_port, &auditor);
  const auto calls = client->Get("/audit/calls");
  BOOST_TEST_REQUIRE(static_cast<bool>(calls), httplib::to_string(calls.error()));
  BOOST_TEST(calls->status == 200);
  BOOST_TEST(calls->body.find("\"calls\":[") != std::string::npos, calls->body);
  // The criteria share the auditor credential.
  const auto criteria = client->Get("/criteria");
  BOOST_TEST_REQUIRE(static_cast<bool>(criteria), httplib::to_string(criteria.error()));
  BOOST_TEST(criteria->status == 200);

  const auto handshake = auc::test::tls_probe(audit_port, probe_options(&auditor, "/audit/calls"));
  BOOST_TEST(handshake.certificate_requested);
  BOOST_TEST(is_status(handshake, 200), handshake.response);
}

// Clients (curl with several URLs, browsers, JVMs) resume TLS sessions; a resumed session
// carries the certificate of its first handshake, and the per-request check must still see it.
BOOST_AUTO_TEST_CASE(a_resumed_session_keeps_the_auditor_certificate) {
  for (const int version : kVersions) {
    BOOST_TEST_CONTEXT("TLS version 0x" << std::hex << version) {
      auto options = probe_options(&auditor, "/audit/calls");
      options.min_version = options.max_version = version;
      const auto first = auc::test::tls_probe(audit_port, options);
      BOOST_TEST_REQUIRE(first.connected, first.error);
      BOOST_TEST_REQUIRE(first.session != nullptr);
      options.resume = first.session.get();
      const auto again = auc::test::tls_probe(audit_port, options);
      BOOST_TEST(again.connected, again.error);
      BOOST_TEST(again.resumed);
      BOOST_TEST(is_status(again, 200), again.response);
    }
  }
}

BOOST_AUTO_TEST_CASE(no_client_certificate_is_refused_at_the_handshake) {
  const auto res = https(audit_port)->Get("/audit/calls");
  BOOST_TEST(!res);  // no HTTP answer at all, so certainly no 200
  for (const int version : kVersions) {
    BOOST_TEST_CONTEXT("TLS version 0x" << std::hex << version) {
      const auto refused = audit_probe(nullptr, version);
      BOOST_TEST(refused.certificate_requested);
      expect_refused(refused, version, "alert handshake failure");
    }
  }
}

BOOST_AUTO_TEST_CASE(certificates_from_other_cas_are_refused_at_the_handshake) {
  // The impostor CA has the auditor CA's name, so only its signature gives it away.
  const std::pair<const ClientCertificate*, const char*> strangers[] = {
      {&gateway, "alert unknown ca"}, {&impostor, "alert decrypt error"}};
  for (const auto& [stranger, tls12_alert] : strangers) {
    BOOST_TEST_CONTEXT(stranger->cert_file) {
      const auto res = https(audit_port, stranger)->Get("/audit/calls");
      BOOST_TEST(!res);
      for (const int version : kVersions) {
        BOOST_TEST_CONTEXT("TLS version 0x" << std::hex << version) {
          expect_refused(audit_probe(stranger, version), version, tls12_alert);
        }
      }
    }
  }
  // The refusals cost the listener nothing.
  const auto after = https(audit_port, &auditor)->Get("/audit/calls");
  BOOST_TEST_REQUIRE(static_cast<bool>(after), httplib::to_string(after.error()));
  BOOST_TEST(after->status == 200);
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

// The console's page, its assets and the API the page calls all open with the certificate alone;
// the page offers certificate sign-in. Without a certificate nothing of it is served.
BOOST_AUTO_TEST_CASE(the_console_and_its_api_open_with_the_auditor_certificate_only) {
  const auto client = https(audit_port, &auditor);
  const auto page = client->Get("/audit/ui/");
  BOOST_TEST_REQUIRE(static_cast<bool>(page), httplib::to_string(page.error()));
  BOOST_TEST_REQUIRE(page->status == 200);
  BOOST_TEST(page->body.find("data-auth=\"certificate\"") != std::string::npos, page->body);
  BOOST_TEST(page->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'") !=
             std::string::npos);
  // Each asset the page names (a versioned file name) is served.
  const auto script = page->body.find("static/console.");
  BOOST_TEST_REQUIRE(script != std::string::npos, page->body);
  const std::string asset = page->body.substr(script, page->body.find('"', script) - script);
  const auto js = client->Get("/audit/ui/" + asset);
  BOOST_TEST_REQUIRE(static_cast<bool>(js), httplib::to_string(js.error()));
  BOOST_TEST(js->status == 200, asset);
  for (const char* path : {"/audit/summary", "/audit/calls?limit=5", "/audit/unrecognised-codes",
                           "/audit/unrecognised-codes.csv", "/metrics"}) {
    BOOST_TEST_CONTEXT(path) {
      const auto res = client->Get(path);
      BOOST_TEST_REQUIRE(static_cast<bool>(res), httplib::to_string(res.error()));
      BOOST_TEST(res->status == 200);
    }
  }
  for (const ClientCertificate* stranger : {static_cast<const ClientCertificate*>(nullptr),
                                            static_cast<const ClientCertificate*>(&gateway)}) {
    for (const char* path : {"/audit/ui/", "/audit/summary", "/audit/unrecognised-codes"}) {
      BOOST_TEST_CONTEXT(path << (stranger ? " with another CA's certificate" : "")) {
        BOOST_TEST(!https(audit_port, stranger)->Get(path));  // refused at the handshake
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(the_ehr_listener_does_not_ask_for_client_certificates) {
  const auto client = https(server->port());
  const auto health = client->Get("/healthz");
  BOOST_TEST_REQUIRE(static_cast<bool>(health), httplib::to_string(health.error()));
  BOOST_TEST(health->status == 200);
  const auto discovery = client->Get("/cds-services");
  BOOST_TEST_REQUIRE(static_cast<bool>(discovery), httplib::to_string(discovery.error()));
  BOOST_TEST(discovery->status == 200);

  const auto handshake = auc::test::tls_probe(server->port(), probe_options(nullptr, "/healthz"));
  BOOST_TEST(handshake.connected, handshake.error);
  BOOST_TEST(!handshake.certificate_requested);
}

BOOST_AUTO_TEST_CASE(the_ehr_listener_never_serves_the_auditor_api) {
  for (const ClientCertificate* client : {static_cast<const ClientCertificate*>(nullptr),
                                          static_cast<const ClientCertificate*>(&auditor)}) {
    const auto c = https(server->port(), client);
    for (const char* path : {"/audit/calls", "/audit/calls/1", "/audit/summary",
                             "/audit/export/calls.csv", "/criteria"}) {
      BOOST_TEST_CONTEXT(path << (client ? " with the auditor certificate" : "")) {
        const auto res = c->Get(path);
        BOOST_TEST_REQUIRE(static_cast<bool>(res), httplib::to_string(res.error()));
        BOOST_TEST(res->status == 404);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// The main listener serves EHRs, which connect without client certificates, so it never asks
// for one: --audit-client-ca without --audit-listen is refused at start, naming both flags,
// instead of leaving a console that no certificate could open.
BOOST_AUTO_TEST_CASE(client_certificate_sign_in_needs_the_audit_listener) {
  TempDir dir;
  const std::string certs = auc::test::make_dev_certs(dir.file("dev"));
  TestCa auditor_ca{"auc-hooks auditor CA"};
  auc::test::write_file(dir.file("auditor-ca.pem"), auditor_ca.cert_pem());
  const auto refused = auc::test::run_server_binary(
      {"--listen", "127.0.0.1:0", "--tls-cert", certs + "/server.pem", "--tls-key",
       certs + "/server-key.pem", "--auth", "off", "--audit-client-ca", dir.file("auditor-ca.pem"),
       "--ledger", "sqlite:" + dir.file("ledger.db")});
  BOOST_TEST(refused.exit_code == 2);
  BOOST_TEST(
      refused.stderr_text.find("--audit-client-ca: needs --audit-listen") != std::string::npos,
      refused.stderr_text);
}
