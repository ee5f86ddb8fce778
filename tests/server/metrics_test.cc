// /metrics: Prometheus counters and histograms of the real binary after a small load, checked
// with `promtool check metrics`; served with the auditor credential, or on its own address.
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>

#include "service_support.h"
#include "tests/support/fhir_test_server.h"
#include "tests/support/postgres_server.h"

using namespace auc::test;

namespace {

const std::string kToken = "auditor-token-0123456789abcdef0123456789abcdef";

// promtool's verdict on the exposition: its exit status and what it printed.
std::pair<int, std::string> promtool_check(const std::string& exposition) {
  TempDir dir;
  write_file(dir.file("metrics.txt"), exposition);
  const std::string command =
      std::string(AUC_PROMTOOL) + " check metrics < " + dir.file("metrics.txt") + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  BOOST_TEST_REQUIRE(pipe != nullptr);
  std::string output;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) output += buf;
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(a_scrape_after_load_counts_calls_cards_and_feedback_and_passes_promtool) {
  TempDir dir;
  write_file(dir.file("audit-token"), kToken);
  auto server = start_service({"--audit-token-file", dir.file("audit-token"), "--ledger",
                               "sqlite:" + dir.file("ledger.db")});
  httplib::Client client("127.0.0.1", server->port());

  const auto v1 = expect_valid_response(
      post_json(client, kSelect, to_json(load_request("variant-1-order-select.json"))));
  BOOST_TEST_REQUIRE(v1["cards"].Size() == 1u);
  BOOST_TEST(std::string(v1["cards"][0]["indicator"].GetString()) == "warning");
  expect_valid_response(
      post_json(client, kSelect, to_json(load_request("variant-2-order-select.json"))));
  expect_outcome(post_json(client, kSelect, "{}"), 400);
  expect_outcome(post_json(client, "/cds-services/patient-vcf-v1", "{}"), 404);
  const std::string card = v1["cards"][0]["uuid"].GetString();
  const std::string suggestion = v1["cards"][0]["suggestions"][0]["uuid"].GetString();
  auto feedback = post_json(client, "/cds-services/acr-vcf-order-select/feedback",
                            R"({"feedback":[{"card":")" + card +
                                R"(","outcome":"accepted","acceptedSuggestions":[{"id":")" +
                                suggestion + R"("}],"outcomeTimestamp":"2024-06-01T12:01:00Z"}]})");
  BOOST_TEST_REQUIRE(feedback->status == 200);

  BOOST_TEST(client.Get("/metrics")->status == 401);
  auto scrape = client.Get("/metrics", {{"Authorization", "Bearer " + kToken}});
  BOOST_TEST_REQUIRE(scrape->status == 200);
  BOOST_TEST(scrape->get_header_value("Content-Type").find("text/plain; version=0.0.4") == 0u);
  const std::string& m = scrape->body;

  const std::string select = R"(service="acr-vcf-order-select")";
  BOOST_TEST(series(m, "auc_hooks_hook_calls_total{" + select +
                           R"(,status="200",data_source="prefetch"})") == 2);
  BOOST_TEST(series(m, "auc_hooks_hook_calls_total{" + select +
                           R"(,status="400",data_source="none"})") == 1);
  // An id the service does not offer never becomes a label of its own.
  BOOST_TEST(
      series(m,
             R"(auc_hooks_hook_calls_total{service="unknown",status="404",data_source="none"})") ==
      1);
  BOOST_TEST(m.find("patient-vcf-v1") == std::string::npos);
  BOOST_TEST(m.find("vcf-v1") == std::string::npos);
  BOOST_TEST(series(m, "auc_hooks_hook_call_duration_seconds_count{" + select + "}") == 3);
  BOOST_TEST(series(m, R"(auc_hooks_cards_total{indicator="warning"})") == 1);
  BOOST_TEST(series(m, R"(auc_hooks_cards_total{indicator="info"})") == 1);
  BOOST_TEST(series(m, R"(auc_hooks_feedback_total{outcome="accepted"})") == 1);
  BOOST_TEST(series(m, R"(auc_hooks_feedback_total{outcome="overridden"})") == 0);
  BOOST_TEST(series(m, "auc_hooks_suggestions_accepted_total") == 1);
  BOOST_TEST(series(m, "auc_hooks_ledger_write_duration_seconds_count") == 2);
  BOOST_TEST(series(m, "auc_hooks_ledger_commit_duration_seconds_count") >= 1);
  BOOST_TEST(series(m, "auc_hooks_ledger_queue_depth") >= 0);
  BOOST_TEST(series(m, "auc_hooks_fhir_fallback_duration_seconds_count") == 0);
  BOOST_TEST(m.find("auc_hooks_build_info{version=\"") != std::string::npos);
  BOOST_TEST(series(m, R"(auc_hooks_jwt_failures_total{reason="bad_signature"})") == 0);

  const auto [status, output] = promtool_check(m);
  BOOST_TEST(status == 0, output);
  BOOST_TEST(output.empty(), output);  // no lint complaints either
  server->stop(SIGTERM);
}

// The PostgreSQL ledger reports its writer's queue and the time of its group commits too.
BOOST_AUTO_TEST_CASE(the_postgresql_ledger_reports_queue_depth_and_commit_latency) {
  TempDir dir;
  write_file(dir.file("audit-token"), kToken);
  const std::string url = PostgresServer::shared().database("metrics_ledger");
  auto server = start_service({"--audit-token-file", dir.file("audit-token"), "--ledger", url});
  httplib::Client client("127.0.0.1", server->port());
  const auto v1 = expect_valid_response(
      post_json(client, kSelect, to_json(load_request("variant-1-order-select.json"))));
  const std::string card = v1["cards"][0]["uuid"].GetString();
  auto feedback = post_json(client, "/cds-services/acr-vcf-order-select/feedback",
                            R"({"feedback":[{"card":")" + card +
                                R"(","outcome":"overridden","overrideReason":{"userComment":)"
                                R"("not today"},"outcomeTimestamp":"2024-06-01T12:01:00Z"}]})");
  BOOST_TEST_REQUIRE(feedback->status == 200, feedback->body);

  auto scrape = client.Get("/metrics", {{"Authorization", "Bearer " + kToken}});
  BOOST_TEST_REQUIRE(scrape->status == 200);
  const std::string& m = scrape->body;
  // The call and the feedback report each waited for a commit of their own.
  BOOST_TEST(series(m, "auc_hooks_ledger_commit_duration_seconds_count") >= 2);
  BOOST_TEST(series(m, "auc_hooks_ledger_commit_duration_seconds_sum") > 0);
  BOOST_TEST(series(m, R"(auc_hooks_ledger_commit_duration_seconds_bucket{le="+Inf"})") ==
             series(m, "auc_hooks_ledger_commit_duration_seconds_count"));
  BOOST_TEST(series(m, "auc_hooks_ledger_queue_depth") == 0);  // nothing left to commit
  BOOST_TEST(series(m, "auc_hooks_ledger_write_duration_seconds_count") == 1);
  const auto [status, output] = promtool_check(m);
  BOOST_TEST(status == 0, output);
  BOOST_TEST(output.empty(), output);
  server->stop(SIGTERM);
}

BOOST_AUTO_TEST_CASE(a_fhir_fallback_is_timed_and_counted_under_its_data_source) {
  TempDir dir;
  write_file(dir.file("audit-token"), kToken);
  auto server = start_service({"--audit-token-file", dir.file("audit-token"), "--ledger",
                               "sqlite:" + dir.file("ledger.db")});
  FhirTestServer fhir;
  rapidjson::Document request = load_request("variant-1-order-select.json");
  fhir.add_prefetch(request["prefetch"]);
  remove_prefetch_key(request, "conditions");
  set_fhir_server(request, fhir.base_url(), "fhir-access-token-5e0c");
  httplib::Client client("127.0.0.1", server->port());
  expect_valid_response(post_json(client, kSelect, to_json(request)));
  auto scrape = client.Get("/metrics", {{"Authorization", "Bearer " + kToken}});
  BOOST_TEST_REQUIRE(scrape->status == 200);
  BOOST_TEST(
      series(
          scrape->body,
          R"(auc_hooks_hook_calls_total{service="acr-vcf-order-select",status="200",data_source="mixed"})") ==
      1);
  BOOST_TEST(series(scrape->body, "auc_hooks_fhir_fallback_duration_seconds_count") == 1);
  BOOST_TEST(scrape->body.find("fhir-access-token") == std::string::npos);
  server->stop(SIGTERM);
}

BOOST_AUTO_TEST_CASE(refused_jwts_are_counted_by_reason) {
  TempDir dir;
  std::string failure;
  auto server = ServerProcess::start(
      {"--listen", "127.0.0.1:0", "--plain-http", "--metrics-listen", "127.0.0.1:0", "--trust",
       std::string(AUC_SOURCE_DIR) + "/certs/trust/cds-hooks-sandbox.json", "--ledger",
       "sqlite:" + dir.file("ledger.db")},
      {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  const int metrics_port = server->logged_port("metrics_listening");
  BOOST_TEST_REQUIRE(metrics_port > 0, server->log());
  httplib::Client client("127.0.0.1", server->port());
  expect_outcome(post_json(client, kSelect, "{}"), 401);
  httplib::Client scraper("127.0.0.1", metrics_port);
  auto scrape = scraper.Get("/metrics");
  BOOST_TEST_REQUIRE(scrape->status == 200);
  BOOST_TEST(series(scrape->body, R"(auc_hooks_jwt_failures_total{reason="missing_token"})") == 1);
  BOOST_TEST(
      series(
          scrape->body,
          R"(auc_hooks_hook_calls_total{service="acr-vcf-order-select",status="401",data_source="none"})") ==
      1);
  server->stop(SIGTERM);
}

BOOST_AUTO_TEST_CASE(metrics_listen_serves_without_a_credential_and_leaves_the_main_listener) {
  TempDir dir;
  write_file(dir.file("audit-token"), kToken);
  auto server = start_service(
      {"--audit-token-file", dir.file("audit-token"), "--metrics-listen", "127.0.0.1:0"});
  const int metrics_port = server->logged_port("metrics_listening");
  BOOST_TEST_REQUIRE(metrics_port > 0, server->log());
  httplib::Client scraper("127.0.0.1", metrics_port);
  auto scrape = scraper.Get("/metrics");
  BOOST_TEST_REQUIRE(scrape->status == 200);
  BOOST_TEST(scrape->body.find("# TYPE auc_hooks_hook_calls_total counter") != std::string::npos);
  BOOST_TEST(scraper.Get("/audit/calls", {{"Authorization", "Bearer " + kToken}})->status == 404);
  httplib::Client main_client("127.0.0.1", server->port());
  BOOST_TEST(main_client.Get("/metrics", {{"Authorization", "Bearer " + kToken}})->status == 404);
  server->stop(SIGTERM);

  // Plain HTTP off loopback is refused as it is for the main listener.
  const auto public_plain = run_server_binary({"--listen", "127.0.0.1:0", "--plain-http", "--auth",
                                               "off", "--metrics-listen", "0.0.0.0:0", "--ledger",
                                               "sqlite:" + dir.file("never-opened.db")});
  BOOST_TEST(public_plain.exit_code == 2);
  BOOST_TEST(public_plain.stderr_text.find("--metrics-listen") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
