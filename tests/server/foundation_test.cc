// The service a newcomer starts: discovery, health, CORS, errors, flags and shutdown.
#include <httplib.h>
#include <rapidjson/document.h>
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "tests/support/server_process.h"

namespace {

using auc::test::ServerProcess;

std::vector<std::string> plain_args(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::unique_ptr<ServerProcess> start_or_fail(
    const std::vector<std::string>& args,
    const std::vector<std::pair<std::string, std::string>>& env = {}) {
  std::string failure;
  auto server = ServerProcess::start(args, env, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  return server;
}

rapidjson::Document parse(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError(), "not JSON: " << body);
  return doc;
}

void expect_operation_outcome(const httplib::Result& res, int status) {
  BOOST_TEST_REQUIRE(static_cast<bool>(res));
  BOOST_TEST(res->status == status);
  BOOST_TEST(res->get_header_value("Content-Type") == "application/fhir+json");
  const auto doc = parse(res->body);
  BOOST_TEST(std::string(doc["resourceType"].GetString()) == "OperationOutcome");
  BOOST_TEST(doc["issue"][0]["diagnostics"].GetStringLength() > 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(foundation)

BOOST_AUTO_TEST_CASE(serves_discovery_health_and_readiness) {
  auto server = start_or_fail(plain_args());
  httplib::Client client("127.0.0.1", server->port());

  auto discovery = client.Get("/cds-services");
  BOOST_TEST_REQUIRE(static_cast<bool>(discovery));
  BOOST_TEST(discovery->status == 200);
  const auto doc = parse(discovery->body);
  BOOST_TEST(doc.HasMember("services"));
  BOOST_TEST(doc["services"].IsArray());

  auto health = client.Get("/healthz");
  BOOST_TEST_REQUIRE(static_cast<bool>(health));
  BOOST_TEST(health->status == 200);
  auto ready = client.Get("/readyz");
  BOOST_TEST_REQUIRE(static_cast<bool>(ready));
  BOOST_TEST(ready->status == 200);
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

// SIGTERM with --drain-seconds: the instance reports itself not ready (so a load balancer takes
// it out) while it still answers, then stops and exits 0.
BOOST_AUTO_TEST_CASE(sigterm_drains_before_it_stops) {
  auto server = start_or_fail(plain_args({"--drain-seconds", "3"}));
  httplib::Client client("127.0.0.1", server->port());
  auto ready = client.Get("/readyz");
  BOOST_TEST_REQUIRE(static_cast<bool>(ready));
  BOOST_TEST(ready->status == 200);
  BOOST_TEST_REQUIRE(kill(server->pid(), SIGTERM) == 0);
  bool drained = false;
  for (int i = 0; i < 100 && !drained; ++i) {
    auto r = client.Get("/readyz");
    drained = r && r->status == 503;
    if (!drained) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  BOOST_TEST(drained);
  auto discovery = client.Get("/cds-services");  // still served while draining
  BOOST_TEST_REQUIRE(static_cast<bool>(discovery));
  BOOST_TEST(discovery->status == 200);
  BOOST_TEST(server->stop(SIGTERM, std::chrono::seconds(15)) == 0);
}

BOOST_AUTO_TEST_CASE(answers_cors_preflight_on_every_route) {
  auto server = start_or_fail(plain_args());
  httplib::Client client("127.0.0.1", server->port());
  for (const char* path : {"/cds-services", "/cds-services/some-service", "/healthz"}) {
    httplib::Request req;
    req.method = "OPTIONS";
    req.path = path;
    req.headers = {{"Origin", "https://sandbox.cds-hooks.org"},
                   {"Access-Control-Request-Method", "POST"},
                   {"Access-Control-Request-Headers", "authorization,content-type"}};
    auto res = client.send(req);
    BOOST_TEST_REQUIRE(static_cast<bool>(res));
    BOOST_TEST(res->status == 204);
    BOOST_TEST(res->get_header_value("Access-Control-Allow-Origin") == "*");
    const std::string methods = res->get_header_value("Access-Control-Allow-Methods");
    for (const char* m : {"GET", "POST", "OPTIONS"}) {
      BOOST_TEST(methods.find(m) != std::string::npos, path << " lacks " << m);
    }
    const std::string headers = res->get_header_value("Access-Control-Allow-Headers");
    BOOST_TEST(headers.find("Content-Type") != std::string::npos);
    BOOST_TEST(headers.find("Authorization") != std::string::npos);
  }
  // Ordinary answers carry the origin header too, or browsers drop them.
  auto res = client.Get("/cds-services");
  BOOST_TEST_REQUIRE(static_cast<bool>(res));
  BOOST_TEST(res->get_header_value("Access-Control-Allow-Origin") == "*");
}

BOOST_AUTO_TEST_CASE(unknown_paths_and_methods_get_operation_outcomes_not_html) {
  auto server = start_or_fail(plain_args());
  httplib::Client client("127.0.0.1", server->port());
  expect_operation_outcome(client.Get("/no/such/thing"), 404);
  auto wrong_method = client.Post("/healthz", "{}", "application/json");
  expect_operation_outcome(wrong_method, 405);
  BOOST_TEST(wrong_method->get_header_value("Allow").find("GET") != std::string::npos);
  expect_operation_outcome(client.Delete("/cds-services"), 405);
}

BOOST_AUTO_TEST_CASE(logs_one_json_line_per_request_without_secrets) {
  auto server = start_or_fail(plain_args());
  httplib::Client client("127.0.0.1", server->port());
  const std::string secret = "eyJhbGciOiJFUzM4NCJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl";
  auto res =
      client.Get("/cds-services?patient=PAT-SECRET-42", {{"Authorization", "Bearer " + secret}});
  BOOST_TEST_REQUIRE(static_cast<bool>(res));
  const std::string request_id = res->get_header_value("X-Request-Id");
  BOOST_TEST(request_id.size() == 24u);
  server->stop(SIGTERM);
  const std::string log = server->log();
  BOOST_TEST(log.find(secret) == std::string::npos);
  BOOST_TEST(log.find("PAT-SECRET-42") == std::string::npos);

  bool found = false;
  std::size_t start = 0;
  while (start < log.size()) {
    const auto end = log.find('\n', start);
    const std::string line = log.substr(start, end - start);
    start = end == std::string::npos ? log.size() : end + 1;
    if (line.empty()) continue;
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    BOOST_TEST_REQUIRE(!doc.HasParseError(), "log line is not JSON: " << line);
    BOOST_TEST(doc.HasMember("time"));
    BOOST_TEST(doc.HasMember("level"));
    if (std::string(doc["event"].GetString()) == "request" &&
        std::string(doc["request_id"].GetString()) == request_id) {
      found = true;
      BOOST_TEST(doc["status"].GetInt() == 200);
      BOOST_TEST(doc["latency_us"].IsInt64());
      BOOST_TEST(std::string(doc["auth"].GetString()) == "off");  // --auth off marks every line
    }
  }
  BOOST_TEST(found);
  BOOST_TEST(log.find("\"event\":\"auth_disabled\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(exits_zero_on_sigterm_and_sigint) {
  for (int sig : {SIGTERM, SIGINT}) {
    auto server = start_or_fail(plain_args());
    httplib::Client client("127.0.0.1", server->port());
    BOOST_TEST_REQUIRE(static_cast<bool>(client.Get("/healthz")));
    BOOST_TEST(server->stop(sig) == 0);
    BOOST_TEST(server->log().find("\"event\":\"stopped\"") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(refuses_bad_flags_with_one_clear_line) {
  struct Case {
    std::vector<std::string> args;
    std::string must_name;
  };
  const std::vector<Case> cases = {
      {{"--listen", "nonsense"}, "--listen"},
      {{"--listen", "127.0.0.1:99999", "--plain-http"}, "--listen"},
      {{"--threads", "-3", "--plain-http"}, "--threads"},
      {{"--auth", "maybe", "--plain-http"}, "--auth"},
      {{"--no-such-flag"}, "--no-such-flag"},
      {{"--log-level"}, "--log-level"},
      {{"--ledger", "mysql://x", "--plain-http"}, "--ledger"},  // postgresql:// is a store
      {{"--listen", "127.0.0.1:0"}, "--tls-cert"},  // TLS is the default: a certificate is needed
      {{"--listen", "0.0.0.0:0", "--plain-http"}, "--plain-http"},
      // No ledger chosen: a server that would answer 200 and keep nothing is not started.
      {{"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off"}, "--ledger"},
  };
  for (const auto& c : cases) {
    const auto r = auc::test::run_server_binary(c.args);
    BOOST_TEST(r.exit_code == 2, c.must_name << ": exit " << r.exit_code);
    BOOST_TEST(r.stderr_text.find(c.must_name) != std::string::npos, r.stderr_text);
    BOOST_TEST(std::count(r.stderr_text.begin(), r.stderr_text.end(), '\n') == 1,
               "expected one line: " << r.stderr_text);
  }
}

BOOST_AUTO_TEST_CASE(occupied_port_is_a_clear_error) {
  auto first = start_or_fail(plain_args());
  const auto r = auc::test::run_server_binary(auc::test::with_a_ledger(
      {"--listen", "127.0.0.1:" + std::to_string(first->port()), "--plain-http", "--auth", "off"}));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.stderr_text.find("--listen") != std::string::npos, r.stderr_text);
  BOOST_TEST(r.stderr_text.find("in use") != std::string::npos, r.stderr_text);
}

BOOST_AUTO_TEST_CASE(plain_http_beyond_loopback_needs_a_tls_proxy) {
  auto server = start_or_fail(
      {"--listen", "0.0.0.0:0", "--plain-http", "--behind-tls-proxy", "--auth", "off"});
  BOOST_TEST(server->log().find("\"event\":\"plain_http\"") != std::string::npos);
  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Get("/healthz");
  BOOST_TEST_REQUIRE(static_cast<bool>(res));
  BOOST_TEST(res->status == 200);
}

BOOST_AUTO_TEST_CASE(settings_come_from_environment_and_config_file) {
  auc::test::TempDir dir;
  auc::test::write_file(dir.file("config.json"),
                        R"({"listen": "127.0.0.1:0", "plain-http": true, "auth": "off"})");
  auto from_file = start_or_fail({"--config", dir.file("config.json")});
  BOOST_TEST(from_file->log().find("\"auth\":\"off\"") != std::string::npos);

  auto from_env = start_or_fail({}, {{"AUC_HOOKS_LISTEN", "127.0.0.1:0"},
                                     {"AUC_HOOKS_PLAIN_HTTP", "true"},
                                     {"AUC_HOOKS_AUTH", "off"}});
  httplib::Client client("127.0.0.1", from_env->port());
  BOOST_TEST(client.Get("/healthz")->status == 200);
}

BOOST_AUTO_TEST_CASE(help_lists_every_flag) {
  const auto r = auc::test::run_server_binary({"--help"});
  BOOST_TEST(r.exit_code == 0);
  for (const char* flag :
       {"--listen", "--tls-cert", "--tls-key", "--plain-http", "--behind-tls-proxy", "--auth",
        "--ledger", "--public-base-url", "--log-level", "--threads", "--config"}) {
    BOOST_TEST(r.stdout_text.find(flag) != std::string::npos, flag);
  }
}

BOOST_AUTO_TEST_CASE(jwt_is_the_default_and_needs_a_trusted_issuer) {
  const auto r = auc::test::run_server_binary(
      auc::test::with_a_ledger({"--listen", "127.0.0.1:0", "--plain-http"}));
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.stderr_text.find("--trust") != std::string::npos, r.stderr_text);
}

BOOST_AUTO_TEST_CASE(jwt_guards_discovery_but_not_health_probes) {
  const std::string trust = std::string(AUC_SOURCE_DIR) + "/certs/trust/cds-hooks-sandbox.json";
  auto server = start_or_fail({"--listen", "127.0.0.1:0", "--plain-http", "--trust", trust});
  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Get("/cds-services");
  BOOST_TEST_REQUIRE(static_cast<bool>(res));
  BOOST_TEST(res->status == 401);
  BOOST_TEST(res->body.find("Patient") == std::string::npos);
  BOOST_TEST(client.Get("/healthz")->status == 200);  // probes need no token
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(foundation_tls)

BOOST_AUTO_TEST_CASE(serves_https_with_the_dev_certificate) {
  auc::test::TempDir dir;
  const std::string script = std::string(AUC_SOURCE_DIR) + "/certs/make-dev-certs.sh";
  BOOST_TEST_REQUIRE(std::system(("bash " + script + " " + dir.path() + " >/dev/null").c_str()) ==
                     0);
  auto server = start_or_fail({"--listen", "127.0.0.1:0", "--tls-cert", dir.file("server.pem"),
                               "--tls-key", dir.file("server-key.pem"), "--auth", "off"});
  httplib::SSLClient client("localhost", server->port());
  client.set_ca_cert_path(dir.file("dev-ca.pem").c_str());
  client.enable_server_certificate_verification(true);
  auto res = client.Get("/healthz");
  BOOST_TEST_REQUIRE(static_cast<bool>(res),
                     "TLS request failed: " << httplib::to_string(res.error()));
  BOOST_TEST(res->status == 200);
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
