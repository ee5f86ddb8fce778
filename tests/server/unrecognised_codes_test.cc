// GET /audit/unrecognised-codes: an Epic local orderable the service could not map is listed;
// its CSV export, with the concept filled in and loaded by SIGHUP, makes the next call rated; a
// bad file on SIGHUP is refused and the codes already loaded stay.
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "service_support.h"

using namespace auc::test;

namespace {

const std::string kToken = "auditor-token-0123456789abcdef0123456789abcdef";
const std::string kEpic = "urn:oid:1.2.840.114350.1.13.999.2.7.2.696580";

// The variant-1 request ordered with an Epic orderable only (no CPT on the order).
std::string epic_only_request() {
  rapidjson::Document doc = load_request("variant-1-order-select.json");
  auto& a = doc.GetAllocator();
  rapidjson::Value& order = doc["context"]["draftOrders"]["entry"][0]["resource"];
  rapidjson::Value coding(rapidjson::kArrayType);
  rapidjson::Value epic(rapidjson::kObjectType);
  epic.AddMember("system", rapidjson::Value(kEpic.c_str(), a), a);
  epic.AddMember("code", "IMG7720", a);
  epic.AddMember("display", "CT L-SPINE W CONTRAST", a);
  coding.PushBack(epic, a);
  order["code"].RemoveAllMembers();
  order["code"].AddMember("coding", coding, a);
  return to_json(doc);
}

std::string pama_of(const rapidjson::Document& response) {
  const auto ratings = pama_ratings(response);
  return ratings.empty() ? std::string() : ratings.front().second;
}

// Waits for the n-th log line holding `text` (a SIGHUP is handled on another thread).
bool wait_for_log(ServerProcess& server, const std::string& text, std::size_t n) {
  for (int i = 0; i < 100; ++i) {
    std::size_t count = 0;
    const std::string log = server.log();
    for (auto at = log.find(text); at != std::string::npos; at = log.find(text, at + 1)) ++count;
    if (count >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(unrecognised_codes)

BOOST_AUTO_TEST_CASE(an_epic_orderable_is_reported_and_its_mapping_loads_on_sighup) {
  TempDir dir;
  write_file(dir.file("audit-token"), kToken);
  std::filesystem::create_directory(dir.file("codes"));
  std::filesystem::copy(std::string(AUC_FIXTURES_DIR) + "/engine/local-codes/site-radiology.csv",
                        dir.file("codes/site-radiology.csv"));
  std::string failure;
  auto server =
      ServerProcess::start({"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off",
                            "--audit-token-file", dir.file("audit-token"), "--ledger",
                            "sqlite:" + dir.file("ledger.db"), "--local-codes", dir.file("codes")},
                           {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  httplib::Client client("127.0.0.1", server->port());
  const httplib::Headers auth = {{"Authorization", "Bearer " + kToken}};

  const auto unmapped = expect_valid_response(post_json(client, kSelect, epic_only_request()));
  BOOST_TEST(pama_of(unmapped) == "no-criteria-apply");

  BOOST_TEST(client.Get("/audit/unrecognised-codes")->status == 401);
  auto report = client.Get("/audit/unrecognised-codes?kind=order", auth);
  BOOST_TEST_REQUIRE(report->status == 200);
  rapidjson::Document json;
  json.Parse(report->body.c_str());
  BOOST_TEST_REQUIRE(json["codes"].Size() == 1u, report->body);
  const rapidjson::Value& code = json["codes"][0];
  BOOST_TEST(std::string(code["system"].GetString()) == kEpic);
  BOOST_TEST(std::string(code["code"].GetString()) == "IMG7720");
  BOOST_TEST(std::string(code["display"].GetString()) == "CT L-SPINE W CONTRAST");
  BOOST_TEST(std::string(code["service"].GetString()) == "acr-vcf-order-select");
  BOOST_TEST(code["count"].GetInt64() == 1);
  BOOST_TEST(std::string(code["firstSeen"].GetString()).size() > 10u);
  BOOST_TEST(
      client.Get("/audit/unrecognised-codes?system=urn:oid:9.9", auth)->body.find("IMG7720") ==
      std::string::npos);
  BOOST_TEST(client.Get("/audit/unrecognised-codes?from=2999-01-01", auth)->body.find("IMG7720") ==
             std::string::npos);
  BOOST_TEST(client.Get("/audit/unrecognised-codes?sytem=x", auth)->status == 400);

  // The export is a site code file: fill in the concept (and region) and load it.
  auto csv = client.Get("/audit/unrecognised-codes.csv?system=" + kEpic, auth);
  BOOST_TEST_REQUIRE(csv->status == 200);
  std::string file = csv->body;
  BOOST_TEST(
      file.rfind("system,code,display,concept,region,match,unverified,preferred,note\n", 0) == 0u);
  const std::string blank = kEpic + ",IMG7720,CT L-SPINE W CONTRAST,,,,,,";
  BOOST_TEST_REQUIRE(file.find(blank) != std::string::npos, file);
  file.replace(
      file.find(blank), blank.size(),
      kEpic + ",IMG7720,CT L-SPINE W CONTRAST,procedure/ct-spine-with-iv-contrast,lumbar,,,,");
  write_file(dir.file("codes/epic.csv"), file);
  BOOST_TEST_REQUIRE(::kill(server->pid(), SIGHUP) == 0);
  BOOST_TEST_REQUIRE(wait_for_log(*server, "\"codes_reloaded\"", 1), server->log());

  const auto mapped = expect_valid_response(post_json(client, kSelect, epic_only_request()));
  BOOST_TEST(pama_of(mapped) == "not-appropriate");
  BOOST_TEST(mapped["cards"].Size() == 1u);

  // A bad file is refused with the start-up message; the codes already loaded keep working.
  write_file(dir.file("codes/broken.csv"),
             "system,code,display,concept\ncpt,72148,MRI,procedure/ct-spine-with-iv-contrast\n");
  const auto check = run_server_binary({"codes", "check", dir.file("codes")});
  BOOST_TEST(check.exit_code == 1);
  BOOST_TEST_REQUIRE(::kill(server->pid(), SIGHUP) == 0);
  BOOST_TEST_REQUIRE(wait_for_log(*server, "\"codes_reload_failed\"", 1), server->log());
  const std::string message = check.stderr_text.substr(0, check.stderr_text.find('\n'));
  std::string log = server->log();  // JSON lines: undo the string escapes the message needs
  for (const std::string escaped : {"\\\"", "\\/"}) {
    for (auto at = log.find(escaped); at != std::string::npos; at = log.find(escaped, at)) {
      log.erase(at, 1);
    }
  }
  BOOST_TEST(log.find(message) != std::string::npos, message << "\nnot in\n" << log);
  const auto still = expect_valid_response(post_json(client, kSelect, epic_only_request()));
  BOOST_TEST(pama_of(still) == "not-appropriate");
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

// The report is kept in the ledger, not in the process: a restart on the same ledger file keeps
// the codes and their counts, and later sightings add to them.
BOOST_AUTO_TEST_CASE(the_report_survives_a_restart) {
  TempDir dir;
  write_file(dir.file("audit-token"), kToken);
  const std::vector<std::string> args = {"--listen",
                                         "127.0.0.1:0",
                                         "--plain-http",
                                         "--auth",
                                         "off",
                                         "--audit-token-file",
                                         dir.file("audit-token"),
                                         "--ledger",
                                         "sqlite:" + dir.file("ledger.db")};
  const httplib::Headers auth = {{"Authorization", "Bearer " + kToken}};
  auto count_of_epic_code = [&](ServerProcess& server) -> std::int64_t {
    httplib::Client client("127.0.0.1", server.port());
    auto report = client.Get("/audit/unrecognised-codes?kind=order", auth);
    BOOST_TEST_REQUIRE(report->status == 200);
    rapidjson::Document json;
    json.Parse(report->body.c_str());
    for (const auto& code : json["codes"].GetArray()) {
      if (std::string(code["code"].GetString()) == "IMG7720") return code["count"].GetInt64();
    }
    return 0;
  };
  std::string failure;
  {
    auto first = ServerProcess::start(args, {}, &failure);
    BOOST_TEST_REQUIRE(first != nullptr, failure);
    httplib::Client client("127.0.0.1", first->port());
    for (int i = 0; i < 2; ++i) {
      expect_valid_response(post_json(client, kSelect, epic_only_request()));
    }
    BOOST_TEST(count_of_epic_code(*first) == 2);
    BOOST_TEST(first->stop(SIGTERM) == 0);
  }
  auto second = ServerProcess::start(args, {}, &failure);
  BOOST_TEST_REQUIRE(second != nullptr, failure);
  BOOST_TEST(count_of_epic_code(*second) == 2);
  httplib::Client client("127.0.0.1", second->port());
  expect_valid_response(post_json(client, kSelect, epic_only_request()));
  BOOST_TEST(count_of_epic_code(*second) == 3);
  auto csv = client.Get("/audit/unrecognised-codes.csv", auth);
  BOOST_TEST_REQUIRE(csv->status == 200);
  BOOST_TEST(csv->body.find("order code seen 3 time(s)") != std::string::npos, csv->body);
  BOOST_TEST(second->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
