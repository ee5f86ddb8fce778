// order-select and order-sign end to end: every criteria variant from a realistic request with
// full prefetch, through the real server, checked against the 2.0 response rules.
#include <signal.h>

#include <boost/test/unit_test.hpp>

#include "service_support.h"

using namespace auc::test;

namespace {

struct Expected {
  int variant;
  const char* rating;     // pama-rating code in the systemAction
  const char* indicator;  // card indicator, "" for no card
  bool suggestions;       // the card offers a one-click replacement
};

// Per fixture: the order (see tests/fixtures/requests/README.md) and what the criteria say.
const Expected kVariants[] = {
    {1, "not-appropriate", "warning", true},   // CT lumbar with contrast: UNA (3)
    {2, "appropriate", "info", true},          // bone scan: MBA (5); MRI w/wo is UA (9)
    {3, "not-appropriate", "warning", true},   // MRI lumbar with contrast: UNA (3)
    {4, "not-appropriate", "warning", true},   // CT lumbar with contrast: UNA (3)
    {5, "not-appropriate", "warning", false},  // augmentation: UNA; medical management is no order
    {6, "appropriate", "", false},             // augmentation: UA (8)
    {7, "appropriate", "", false},             // augmentation: UA (8)
    {8, "appropriate", "", false},             // augmentation: UA (8)
    {9, "appropriate", "", false},             // augmentation: UA (7)
};

}  // namespace

BOOST_AUTO_TEST_SUITE(service_variants)

BOOST_AUTO_TEST_CASE(every_variant_end_to_end_with_full_prefetch) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  for (const Expected& v : kVariants) {
    BOOST_TEST_CONTEXT("variant " << v.variant) {
      const auto request =
          load_request("variant-" + std::to_string(v.variant) + "-order-select.json");
      const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));

      const auto ratings = pama_ratings(doc);
      BOOST_TEST_REQUIRE(ratings.size() == 1u);
      BOOST_TEST(ratings[0].first == "order-1");
      BOOST_TEST(ratings[0].second == v.rating);
      BOOST_TEST(rated_variant(doc["systemActions"][0]["resource"]) == v.variant);
      // The sandbox reads ratings only from extension.systemActions.
      BOOST_TEST(to_json(doc["extension"]["systemActions"]) == to_json(doc["systemActions"]));

      const auto& cards = doc["cards"];
      if (std::string(v.indicator).empty()) {
        BOOST_TEST(cards.Size() == 0u);
        continue;
      }
      BOOST_TEST_REQUIRE(cards.Size() == 1u);
      const auto& card = cards[0];
      BOOST_TEST(std::string(card["indicator"].GetString()) == v.indicator);
      BOOST_TEST(
          std::string(card["detail"].GetString()).find("ariant " + std::to_string(v.variant)) !=
          std::string::npos);
      BOOST_TEST(card.HasMember("suggestions") == v.suggestions);
      if (!v.suggestions) continue;
      // One click replaces the draft: same id and reasonCode, a different code.
      const auto& update = card["suggestions"][0]["actions"][0];
      BOOST_TEST(std::string(update["type"].GetString()) == "update");
      const auto& draft = request["context"]["draftOrders"]["entry"][0]["resource"];
      BOOST_TEST(std::string(update["resource"]["id"].GetString()) == "order-1");
      BOOST_TEST(to_json(update["resource"]["reasonCode"]) == to_json(draft["reasonCode"]));
      BOOST_TEST(to_json(update["resource"]["code"]) != to_json(draft["code"]));
    }
  }
}

BOOST_AUTO_TEST_CASE(augmentation_without_mri_gets_a_card_offering_the_mri_as_a_new_order) {
  // The variant-6 patient before any MRI: no variant applies yet; MRI decides it.
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  const auto request = load_request("augmentation-without-mri.json");
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));

  const auto ratings = pama_ratings(doc);
  BOOST_TEST_REQUIRE(ratings.size() == 1u);
  BOOST_TEST(ratings[0].first == "order-1");
  BOOST_TEST(ratings[0].second == "no-criteria-apply");
  const auto& draft = request["context"]["draftOrders"]["entry"][0]["resource"];
  // The augmentation order is rated as it is: same code, no acr-rating variant.
  const auto& rated = doc["systemActions"][0]["resource"];
  BOOST_TEST(to_json(rated["code"]) == to_json(draft["code"]));
  BOOST_TEST(rated_variant(rated) == 0);

  BOOST_TEST_REQUIRE(doc["cards"].Size() == 1u);
  const auto& card = doc["cards"][0];
  BOOST_TEST(std::string(card["indicator"].GetString()) == "info");
  const std::string summary = card["summary"].GetString();
  BOOST_TEST(summary.find("No ACR variant applies yet") != std::string::npos, summary);
  BOOST_TEST(summary.find("MRI spine area of interest without IV contrast") != std::string::npos,
             summary);
  BOOST_TEST(std::string(card["detail"].GetString()).find("With either, variant 6") !=
             std::string::npos);
  BOOST_TEST_REQUIRE(card["suggestions"].Size() == 1u);
  const auto& suggestion = card["suggestions"][0];
  BOOST_TEST(suggestion["isRecommended"].GetBool());
  BOOST_TEST_REQUIRE(suggestion["actions"].Size() == 1u);
  const auto& create = suggestion["actions"][0];
  BOOST_TEST(std::string(create["type"].GetString()) == "create");
  const auto& order = create["resource"];
  BOOST_TEST(std::string(order["resourceType"].GetString()) == "ServiceRequest");
  BOOST_TEST(std::string(order["id"].GetString()) != "order-1");
  BOOST_TEST(std::string(order["status"].GetString()) == "draft");
  BOOST_TEST(std::string(order["intent"].GetString()) == "order");
  for (const char* copied : {"subject", "requester", "reasonCode"}) {
    BOOST_TEST(to_json(order[copied]) == to_json(draft[copied]), copied);
  }
  BOOST_TEST(!order.HasMember("encounter"));  // the draft has none
  BOOST_TEST(std::string(order["category"][0]["coding"][0]["code"].GetString()) == "363679005");
  // Lumbar MRI without contrast: CPT 72148, LOINC 30679-5.
  BOOST_TEST(std::string(order["code"]["coding"][0]["code"].GetString()) == "72148");
  BOOST_TEST(std::string(order["code"]["coding"][1]["code"].GetString()) == "30679-5");
  BOOST_TEST(!order.HasMember("extension"));
}

BOOST_AUTO_TEST_CASE(order_select_rates_only_the_selected_order) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  const auto doc = expect_valid_response(
      post_json(client, kSelect, to_json(load_request("two-orders-one-selected.json"))));
  const auto ratings = pama_ratings(doc);
  BOOST_TEST_REQUIRE(ratings.size() == 1u);
  BOOST_TEST(ratings[0].first == "order-2");  // MRI with contrast in variant 1: UNA
  BOOST_TEST(ratings[0].second == "not-appropriate");
}

BOOST_AUTO_TEST_CASE(order_select_rates_a_draft_selected_by_full_url_or_absolute_url) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  // Unsaved drafts as Epic sends them: each entry has a urn:uuid fullUrl the selections use.
  auto request = load_request("two-orders-one-selected.json");
  auto& alloc = request.GetAllocator();
  auto& entries = request["context"]["draftOrders"]["entry"];
  entries[0].AddMember("fullUrl", "urn:uuid:0c3e2f52-8f41-4c1b-9a55-6a7d1e0b7f01", alloc);
  entries[1].AddMember("fullUrl", "urn:uuid:0c3e2f52-8f41-4c1b-9a55-6a7d1e0b7f02", alloc);
  const char* forms[] = {"urn:uuid:0c3e2f52-8f41-4c1b-9a55-6a7d1e0b7f02",
                         "https://ehr.example.org/fhir/ServiceRequest/order-2"};
  for (const char* selection : forms) {
    BOOST_TEST_CONTEXT(selection) {
      request["context"]["selections"][0].SetString(rapidjson::StringRef(selection));
      const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
      const auto ratings = pama_ratings(doc);
      BOOST_TEST_REQUIRE(ratings.size() == 1u);
      BOOST_TEST(ratings[0].first == "order-2");
      BOOST_TEST(ratings[0].second == "not-appropriate");
    }
  }

  // A selection naming no draft is refused, with the path of the one that missed.
  request["context"]["selections"][0].SetString("urn:uuid:0c3e2f52-8f41-4c1b-9a55-6a7d1e0b7f02");
  request["context"]["selections"].PushBack("urn:uuid:0c3e2f52-8f41-4c1b-9a55-6a7d1e0b7f03", alloc);
  BOOST_TEST(expect_outcome(post_json(client, kSelect, to_json(request)), 400) ==
             "/context/selections/1");
}

BOOST_AUTO_TEST_CASE(order_sign_rates_every_service_request_and_ignores_medications) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  const auto doc =
      expect_valid_response(post_json(client, kSign, to_json(load_request("order-sign.json"))));
  const auto ratings = pama_ratings(doc);
  BOOST_TEST_REQUIRE(ratings.size() == 2u);
  BOOST_TEST(ratings[0].first == "order-1");
  BOOST_TEST(ratings[0].second == "not-appropriate");  // CT with contrast
  BOOST_TEST(ratings[1].first == "order-2");
  BOOST_TEST(ratings[1].second == "appropriate");  // MRI without contrast: UA (9)
  BOOST_TEST_REQUIRE(doc["cards"].Size() == 1u);   // only the poorly rated order gets a card
  BOOST_TEST(std::string(doc["cards"][0]["indicator"].GetString()) == "warning");

  // The same request sent to order-select is refused: the hook names the other service.
  const std::string path =
      expect_outcome(post_json(client, kSelect, to_json(load_request("order-sign.json"))), 400);
  BOOST_TEST(path == "/hook");
}

BOOST_AUTO_TEST_CASE(sandbox_first_call_with_empty_coding_gets_no_card_and_no_error) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  // Its fhirServer is a public server this test never reaches: nothing may be fetched.
  const auto doc = expect_valid_response(
      post_json(client, kSelect, to_json(load_request("sandbox-first-call.json"))));
  BOOST_TEST(doc["cards"].Size() == 0u);
  BOOST_TEST(pama_ratings(doc).empty());
}

BOOST_AUTO_TEST_CASE(discovery_lists_both_services_with_2_0_prefetch_tokens_only) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Get("/cds-services");
  BOOST_TEST_REQUIRE(static_cast<bool>(res));
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  const auto& services = doc["services"];
  BOOST_TEST_REQUIRE(services.Size() == 2u);
  std::vector<std::string> hooks;
  for (const auto& s : services.GetArray()) {
    hooks.push_back(s["hook"].GetString());
    BOOST_TEST(s["description"].GetStringLength() > 0u);
    BOOST_TEST(s["title"].GetStringLength() > 0u);
    BOOST_TEST(s["usageRequirements"].GetStringLength() > 0u);
    for (const char* key : {"patient", "conditions", "procedures", "imagingStudies",
                            "diagnosticReports", "observations"}) {
      BOOST_TEST_REQUIRE(s["prefetch"].HasMember(key), key);
      const std::string query = s["prefetch"][key].GetString();
      // Only {{context.patientId}}: every 2.0 client resolves it.
      std::size_t at = 0;
      while ((at = query.find("{{", at)) != std::string::npos) {
        BOOST_TEST(query.compare(at, 21, "{{context.patientId}}") == 0, query);
        at += 2;
      }
    }
  }
  BOOST_TEST((hooks == std::vector<std::string>{"order-select", "order-sign"}));
}

// Operators see a hook call as one access log line: the request's status and latency with the
// service, the orders rated, the cards returned and where the patient data came from.
BOOST_AUTO_TEST_CASE(a_hook_call_logs_one_line_with_what_it_answered) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  auto res = post_json(client, kSelect, to_json(load_request("variant-2-order-select.json")));
  const auto response = expect_valid_response(res);
  const std::string request_id = res->get_header_value("X-Request-Id");
  BOOST_TEST_REQUIRE(!request_id.empty());
  server->stop(SIGTERM);
  const std::string log = server->log();
  int lines = 0;
  std::size_t start = 0;
  while (start < log.size()) {
    const auto end = log.find('\n', start);
    const std::string line = log.substr(start, end - start);
    start = end == std::string::npos ? log.size() : end + 1;
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    if (doc.HasParseError() || !doc.HasMember("request_id") ||
        doc["request_id"].GetString() != request_id) {
      continue;
    }
    ++lines;
    BOOST_TEST(std::string(doc["event"].GetString()) == "request");
    BOOST_TEST(doc["status"].GetInt() == 200);
    BOOST_TEST(std::string(doc["service"].GetString()) == "acr-vcf-order-select");
    BOOST_TEST(doc["orders"].GetInt() == 1);
    BOOST_TEST(doc["cards"].GetInt() == static_cast<int>(response["cards"].Size()));
    BOOST_TEST(std::string(doc["data"].GetString()) == "prefetch");
  }
  BOOST_TEST(lines == 1);
}

BOOST_AUTO_TEST_SUITE_END()
