// The auditor API over HTTP, on the real HttpServer with a real SQLite ledger behind it.
#include <httplib.h>
#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "hooks/audit/audit_credential.h"
#include "hooks/audit/audit_routes.h"
#include "hooks/http/http_server.h"
#include "hooks/log/log.h"
#include "ledger_fixture.h"

namespace auc::cards::ledger::testing {
namespace {

constexpr char kAuditToken[] = "audit-token-0123456789abcdef0123456789abcdef";
constexpr int kCalls = 300;

std::string spec_example_jwt() {
  rapidjson::Document doc;
  const std::string text = read_file(AUC_FIXTURES_DIR "/auth/spec-example-jwt.json");
  doc.Parse(text.c_str());
  BOOST_REQUIRE(doc.IsObject() && doc.HasMember("token"));
  return doc["token"].GetString();
}

rapidjson::Document parse(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  BOOST_REQUIRE_MESSAGE(!doc.HasParseError(), "not JSON: " + body.substr(0, 200));
  return doc;
}

// One ledger populated with several hundred calls, served by one audit server for all cases.
struct AuditServer {
  TempDir dir;
  std::unique_ptr<Ledger> ledger;
  std::map<std::int64_t, int> sample_of_id;
  hooks::Config config;
  std::unique_ptr<hooks::HttpServer> server;
  std::thread thread;
  int port = 0;

  explicit AuditServer(Store store) {
    ledger = open_store(store, dir.path() / "ledger.sqlite", write_file(dir.path() / "k", kKeyA));
    sample_of_id = populate_ledger(*ledger, kCalls, 24);
    hooks::log::set_level(hooks::LogLevel::kOff);  // keep the test output readable
    config.plain_http = true;
    config.listen_host = "127.0.0.1";
    config.listen_port = 0;
    config.threads = 2;
    auto created = hooks::HttpServer::create(config);
    BOOST_REQUIRE(created.has_value());
    server = std::move(created).value();
    auto credential = hooks::audit::AuditCredential::from_token(kAuditToken);
    BOOST_REQUIRE(credential.has_value());
    hooks::audit::register_audit_routes(*server, *ledger, std::move(credential).value());
    auto bound = server->bind();
    BOOST_REQUIRE(bound.has_value());
    port = *bound;
    thread = std::thread([this] { server->run(); });
  }
  ~AuditServer() {
    server->stop();
    thread.join();
  }

  httplib::Result get(const std::string& path, const std::string& authorization) {
    httplib::Client client("127.0.0.1", port);
    httplib::Headers headers;
    if (!authorization.empty()) headers.emplace("Authorization", authorization);
    return client.Get(path.c_str(), headers);
  }
  httplib::Result get(const std::string& path) {
    return get(path, std::string("Bearer ") + kAuditToken);
  }
};

AuditServer& shared_server(Store store) {
  static std::map<Store, std::unique_ptr<AuditServer>> servers;
  auto& server = servers[store];
  if (!server) server = std::make_unique<AuditServer>(store);
  return *server;
}

BOOST_DATA_TEST_CASE(missing_wrong_and_ehr_credentials_get_401, stores(), store) {
  AuditServer& s = shared_server(store);
  const std::string token = kAuditToken;
  const std::vector<std::string> refused = {
      "",
      "Bearer",
      "Bearer ",
      "Bearer wrong-token-wrong-token-wrong-token-wrong",
      "Bearer " + token.substr(0, token.size() - 1),  // a prefix
      "Bearer " + token + "x",                        // an extension
      "Basic " + token,
      token,                           // no scheme
      "Bearer " + spec_example_jwt(),  // an EHR's CDS Hooks JWT
  };
  for (const char* path : {"/audit/calls", "/audit/calls/1", "/audit/summary",
                           "/audit/export/calls.csv", "/audit/calls/1/audit-event"}) {
    for (const auto& authorization : refused) {
      auto res = s.get(path, authorization);
      BOOST_REQUIRE(res);
      BOOST_TEST(res->status == 401, path << " with '" << authorization << "'");
      BOOST_TEST(res->get_header_value("WWW-Authenticate").find("Bearer") == 0u);
      auto body = parse(res->body);
      BOOST_TEST(std::string(body["resourceType"].GetString()) == "OperationOutcome");
      BOOST_TEST(res->body.find("hook-instance") == std::string::npos);
    }
  }
  auto ok = s.get("/audit/calls?limit=1", "bearer " + token);  // the scheme is case-insensitive
  BOOST_REQUIRE(ok);
  BOOST_TEST(ok->status == 200);
}

// Follows nextCursor through the API; returns the sample numbers seen, checking no repeats.
std::set<int> all_samples(AuditServer& s, const std::string& query, int limit) {
  std::set<int> samples;
  std::string cursor;
  for (int guard = 0; guard < 1000; ++guard) {
    std::string path = "/audit/calls?limit=" + std::to_string(limit) + query;
    if (!cursor.empty()) path += "&cursor=" + cursor;
    auto res = s.get(path);
    BOOST_REQUIRE(res);
    BOOST_REQUIRE_MESSAGE(res->status == 200, path << ": " << res->body);
    auto doc = parse(res->body);
    const auto& calls = doc["calls"].GetArray();
    BOOST_REQUIRE(calls.Size() <= static_cast<rapidjson::SizeType>(limit));
    for (const auto& c : calls) {
      const bool added = samples.insert(s.sample_of_id.at(c["id"].GetInt64())).second;
      BOOST_REQUIRE(added);
    }
    if (doc["nextCursor"].IsNull()) return samples;
    cursor = doc["nextCursor"].GetString();
  }
  BOOST_FAIL("pagination did not end");
  return samples;
}

template <class Pred>
std::set<int> expected(Pred pred) {
  std::set<int> s;
  for (int n = 0; n < kCalls; ++n) {
    if (pred(n)) s.insert(n);
  }
  return s;
}

BOOST_DATA_TEST_CASE(list_filters_and_cursor_pagination_over_http, stores(), store) {
  AuditServer& s = shared_server(store);
  BOOST_TEST(all_samples(s, "", 64).size() == static_cast<std::size_t>(kCalls));
  BOOST_TEST(
      (all_samples(s, "&outcome=accepted", 13) == expected([](int n) { return n % 5 == 0; })));
  BOOST_TEST((all_samples(s, "&outcome=overridden&override_reason=clinical-judgement", 7) ==
              expected([](int n) { return n % 5 == 1 && n % 2 == 1; })));
  BOOST_TEST(
      (all_samples(s, "&outcome=none", 50) == expected([](int n) { return !has_feedback(n); })));
  BOOST_TEST((all_samples(s, "&variant=variant-4&service=auc-order-select", 5) ==
              expected([](int n) { return 1 + n % 9 == 4 && n % 2 == 0; })));
  BOOST_TEST((all_samples(s, "&rating=9&indicator=warning", 5) ==
              expected([](int n) { return 1 + n % 9 == 9 && n % 3 == 0; })));
  // 2027-01-15T08:00:00Z is 1'800'000'000 seconds after the epoch.
  BOOST_TEST((all_samples(s, "&from=2027-01-15T08:01:40Z&to=2027-01-15T08:02:30Z", 9) ==
              expected([](int n) { return n >= 100 && n < 150; })));
  BOOST_TEST((all_samples(s, "&from=2027-01-15T09:01:40%2B01:00", 100) ==
              expected([](int n) { return n >= 100; })));
}

BOOST_DATA_TEST_CASE(bad_parameters_get_400_naming_the_parameter, stores(), store) {
  AuditServer& s = shared_server(store);
  for (const auto& [query, parameter] : std::vector<std::pair<std::string, std::string>>{
           {"rating=10", "rating"},
           {"outcome=maybe", "outcome"},
           {"from=yesterday", "from"},
           {"limit=0", "limit"},
           {"limit=100000", "limit"},
           {"indicator=red", "indicator"},
           {"variantt=variant-1", "variantt"},
           {"cursor=not-a-cursor", "cursor"},
       }) {
    auto res = s.get("/audit/calls?" + query);
    BOOST_REQUIRE(res);
    BOOST_TEST(res->status == 400, query);
    BOOST_TEST(res->body.find(parameter) != std::string::npos, query << ": " << res->body);
  }
  auto summary = s.get("/audit/summary?variant=x");
  BOOST_REQUIRE(summary);
  BOOST_TEST(summary->status == 400);
  auto missing = s.get("/audit/calls/999999");
  BOOST_REQUIRE(missing);
  BOOST_TEST(missing->status == 404);
}

BOOST_DATA_TEST_CASE(one_call_with_cards_and_feedback, stores(), store) {
  AuditServer& s = shared_server(store);
  // Sample 0 has an accepted card; find its ledger id.
  std::int64_t id = 0;
  for (const auto& [ledger_id, n] : s.sample_of_id) {
    if (n == 5) id = ledger_id;
  }
  auto res = s.get("/audit/calls/" + std::to_string(id));
  BOOST_REQUIRE(res);
  BOOST_REQUIRE_EQUAL(res->status, 200);
  auto doc = parse(res->body);
  BOOST_TEST(doc["id"].GetInt64() == id);
  BOOST_TEST(std::string(doc["hookInstance"].GetString()) == "hook-instance-5");
  BOOST_TEST(std::string(doc["hook"].GetString()) == "order-sign");
  BOOST_TEST(std::string(doc["receivedAt"].GetString()) == "2027-01-15T08:00:05.000123Z");
  BOOST_TEST(doc["latencyUs"].GetInt64() == 850);
  BOOST_TEST(std::string(doc["dataSource"].GetString()) == "mixed");
  BOOST_TEST(std::string(doc["patientPseudonym"].GetString()).size() == 32u);
  BOOST_TEST(!doc.HasMember("patientId"));
  BOOST_TEST(doc["orders"][0]["orderedCodes"].Size() == 2u);
  BOOST_TEST(std::string(doc["orders"][0]["variant"].GetString()) == "variant-6");
  BOOST_TEST(doc["orders"][0]["rating"].GetInt() == 6);
  BOOST_TEST(std::string(doc["cards"][0]["uuid"].GetString()) == "card-uuid-5");
  BOOST_TEST(doc["systemActions"].IsArray());
  BOOST_TEST(doc["facts"]["facts"].IsArray());
  BOOST_REQUIRE_EQUAL(doc["feedback"].Size(), 1u);
  const auto& f = doc["feedback"][0];
  BOOST_TEST(std::string(f["outcome"].GetString()) == "accepted");
  BOOST_TEST(f["acceptedSuggestions"].Size() == 2u);
  BOOST_TEST(std::string(f["outcomeTimestamp"].GetString()) == "2027-01-15T10:00:00Z");
  BOOST_TEST(res->body.find(kPatientId) == std::string::npos);

  auto event = s.get("/audit/calls/" + std::to_string(id) + "/audit-event");
  BOOST_REQUIRE(event);
  BOOST_REQUIRE_EQUAL(event->status, 200);
  BOOST_TEST(event->get_header_value("Content-Type") == "application/fhir+json");
  auto ae = parse(event->body);
  BOOST_TEST(std::string(ae["resourceType"].GetString()) == "AuditEvent");
  BOOST_TEST(std::string(ae["outcome"].GetString()) == "0");
  BOOST_TEST(std::string(ae["recorded"].GetString()) == "2027-01-15T08:00:05.000973Z");
  BOOST_TEST(std::string(ae["entity"][0]["what"]["identifier"]["value"].GetString()) ==
             std::string(doc["patientPseudonym"].GetString()));
  BOOST_TEST(event->body.find(kPatientId) == std::string::npos);
  // The hook call's entity carries the call's own fields as details, named as in the JSON export.
  std::map<std::string, std::string> details;
  for (const auto& entity : ae["entity"].GetArray()) {
    // The call's entity is the one named by identifier that carries details: the orders' are
    // named by reference, the patient's (a pseudonym identifier) has no details.
    if (!entity["what"].HasMember("identifier") || !entity.HasMember("detail")) continue;
    for (const auto& d : entity["detail"].GetArray()) {
      const char* value = d.HasMember("valueString") ? d["valueString"].GetString()
                                                     : d["valueBase64Binary"].GetString();
      details[d["type"].GetString()] = value;
    }
  }
  BOOST_TEST(details["latencyUs"] == "850");
  BOOST_TEST(details["dataSource"] == "mixed");
  BOOST_TEST(details["criteriaEdition"] == "ACR-AC VCF 2022");
  BOOST_TEST(details["cards"].size() == 4 * ((sample_call(5).cards_json.size() + 2) / 3));
  BOOST_TEST(!details["facts"].empty());
  BOOST_TEST(details.count("systemActions") == 1u);
}

BOOST_DATA_TEST_CASE(summary_over_http, stores(), store) {
  AuditServer& s = shared_server(store);
  auto res = s.get("/audit/summary?service=auc-order-select");
  BOOST_REQUIRE(res);
  BOOST_REQUIRE_EQUAL(res->status, 200);
  auto doc = parse(res->body);
  const auto select = expected([](int n) { return n % 2 == 0; });
  const auto accepted = expected([](int n) { return n % 2 == 0 && n % 5 == 0; });
  BOOST_TEST(doc["calls"].GetInt64() == static_cast<std::int64_t>(select.size()));
  BOOST_TEST(doc["cardsShown"].GetInt64() == static_cast<std::int64_t>(select.size()));
  BOOST_TEST(doc["accepted"].GetInt64() == static_cast<std::int64_t>(accepted.size()));
  BOOST_TEST(doc["acceptanceRate"].GetDouble() ==
                 static_cast<double>(accepted.size()) / static_cast<double>(select.size()),
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(doc["byVariant"].HasMember("variant-1"));
  BOOST_TEST(doc["bySuggestedStudy"].HasMember("ct-spine-without-iv-contrast"));
  BOOST_TEST(doc["bySuggestedStudy"].HasMember("(none)"));
  // Only even samples are order-select; overrides there all have patient-preference.
  BOOST_REQUIRE_EQUAL(doc["overrideReasons"].Size(), 1u);
  BOOST_TEST(std::string(doc["overrideReasons"][0]["code"].GetString()) == "patient-preference");
}

BOOST_DATA_TEST_CASE(exports_stream_every_matching_call, stores(), store) {
  AuditServer& s = shared_server(store);
  auto csv = s.get("/audit/export/calls.csv");
  BOOST_REQUIRE(csv);
  BOOST_REQUIRE_EQUAL(csv->status, 200);
  BOOST_TEST(csv->get_header_value("Content-Type").find("text/csv") == 0u);
  std::istringstream lines(csv->body);
  std::string line;
  std::getline(lines, line);
  BOOST_TEST(line.find("id,hook_instance,service") == 0u);
  int rows = 0;
  std::set<std::string> ids;
  while (std::getline(lines, line)) {
    if (line.empty() || line == "\r") continue;
    ++rows;
    ids.insert(line.substr(0, line.find(',')));
  }
  BOOST_TEST(rows == kCalls);
  BOOST_TEST(ids.size() == static_cast<std::size_t>(kCalls));

  auto ndjson = s.get("/audit/export/calls.ndjson?outcome=accepted");
  BOOST_REQUIRE(ndjson);
  BOOST_REQUIRE_EQUAL(ndjson->status, 200);
  std::istringstream nd(ndjson->body);
  int accepted = 0;
  while (std::getline(nd, line)) {
    auto doc = parse(line);
    BOOST_TEST(std::string(doc["feedback"][0]["outcome"].GetString()) == "accepted");
    ++accepted;
  }
  BOOST_TEST(accepted == static_cast<int>(expected([](int n) { return n % 5 == 0; }).size()));

  auto events = s.get("/audit/export/audit-events.ndjson");
  BOOST_REQUIRE(events);
  BOOST_REQUIRE_EQUAL(events->status, 200);
  BOOST_TEST(events->get_header_value("Content-Type") == "application/fhir+ndjson");
  std::istringstream ev(events->body);
  int count = 0;
  while (std::getline(ev, line)) {
    auto doc = parse(line);
    BOOST_TEST(std::string(doc["resourceType"].GetString()) == "AuditEvent");
    ++count;
  }
  BOOST_TEST(count == kCalls);
  BOOST_TEST(events->body.find(kPatientId) == std::string::npos);
}

}  // namespace
}  // namespace auc::cards::ledger::testing
