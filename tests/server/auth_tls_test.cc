// The real binary's TLS listener with the development CA from certs/make-dev-certs.sh.
#include <httplib.h>
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/auth/tls_probe.h"
#include "tests/support/dev_certs.h"
#include "tests/support/server_process.h"

namespace {

using auc::test::make_dev_certs;
using auc::test::ServerProcess;
using auc::test::TempDir;
using auc::test::TlsProbeOptions;

std::unique_ptr<ServerProcess> start_tls(const std::string& certs) {
  std::string failure;
  auto server =
      ServerProcess::start({"--listen", "127.0.0.1:0", "--tls-cert", certs + "/server.pem",
                            "--tls-key", certs + "/server-key.pem", "--auth", "off"},
                           {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  return server;
}

TlsProbeOptions versions(int min_version, int max_version, const std::string& ca = "") {
  TlsProbeOptions o;
  o.min_version = min_version;
  o.max_version = max_version;
  o.ca_file = ca;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(auth_tls)

BOOST_AUTO_TEST_CASE(tls_policy_of_the_running_server) {
  TempDir dir;
  const std::string certs = make_dev_certs(dir.file("dev"));
  auto server = start_tls(certs);

  httplib::SSLClient client("127.0.0.1", server->port());
  client.set_ca_cert_path((certs + "/dev-ca.pem").c_str());
  client.enable_server_certificate_verification(true);
  const auto res = client.Get("/healthz");
  BOOST_TEST_REQUIRE(static_cast<bool>(res), httplib::to_string(res.error()));
  BOOST_TEST(res->status == 200);
  const auto v12 = auc::test::tls_probe(
      server->port(), versions(TLS1_2_VERSION, TLS1_2_VERSION, certs + "/dev-ca.pem"));
  BOOST_TEST(v12.connected, v12.error);

  for (int version : {TLS1_VERSION, TLS1_1_VERSION}) {
    const auto old = auc::test::tls_probe(server->port(), versions(version, version));
    BOOST_TEST(!old.connected);
    BOOST_TEST(old.error.find("protocol version") != std::string::npos, old.error);
  }

  const std::string answer = auc::test::plain_http_probe(server->port());
  BOOST_TEST(answer.rfind("HTTP/", 0) != 0, answer);
  BOOST_TEST(server->running());
  BOOST_TEST(static_cast<bool>(client.Get("/healthz")));
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(sighup_reloads_the_certificate_and_keeps_the_listener) {
  TempDir dir;
  const std::string certs = make_dev_certs(dir.file("dev"));
  const std::string next = make_dev_certs(dir.file("next"));  // another CA and certificate
  auto server = start_tls(certs);
  const auto probe_next = [&] {
    return auc::test::tls_probe(server->port(), versions(TLS1_2_VERSION, 0, next + "/dev-ca.pem"));
  };
  BOOST_TEST(!probe_next().connected);  // not yet: the old certificate is not from "next"

  using std::filesystem::copy_options;
  std::filesystem::copy_file(next + "/server.pem", certs + "/server.pem",
                             copy_options::overwrite_existing);
  std::filesystem::copy_file(next + "/server-key.pem", certs + "/server-key.pem",
                             copy_options::overwrite_existing);
  BOOST_TEST_REQUIRE(::kill(server->pid(), SIGHUP) == 0);
  auc::test::TlsProbeResult after;
  for (int i = 0; i < 100 && !after.connected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    after = probe_next();
  }
  BOOST_TEST(after.connected, after.error);
  BOOST_TEST(server->running());
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
