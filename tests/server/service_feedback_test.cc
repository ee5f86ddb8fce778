// POST /cds-services/{id}/feedback: batches accepted and recorded, duplicates harmless, bad
// shapes and reports that do not match a returned card refused with the path, comments scrubbed
// of the call's ids.
#include <signal.h>

#include <boost/test/unit_test.hpp>

#include "service_support.h"

using namespace auc::test;

namespace {

const std::string kAuditToken = "auditor-token-0123456789abcdef0123456789abcdef";
const std::string kReasons = "https://auc-hooks.example.org/fhir/CodeSystem/override-reason";

struct ReturnedCard {
  std::string uuid;
  std::string suggestion;
};

ReturnedCard first_card(httplib::Client& client, const std::string& service, const char* request) {
  const auto response = expect_valid_response(
      post_json(client, "/cds-services/" + service, to_json(load_request(request))));
  BOOST_TEST_REQUIRE(response["cards"].Size() >= 1u);
  const auto& card = response["cards"][0];
  BOOST_TEST_REQUIRE(card["suggestions"].Size() >= 1u);
  return {card["uuid"].GetString(), card["suggestions"][0]["uuid"].GetString()};
}

std::string entry(const std::string& card, const std::string& rest) {
  return R"({"card":")" + card + R"(",)" + rest + "}";
}

std::string accepted(const std::string& card, const std::string& suggestion) {
  return entry(card, R"("outcome":"accepted","acceptedSuggestions":[{"id":")" + suggestion +
                         R"("}],"outcomeTimestamp":"2024-06-01T12:01:00Z")");
}

std::string overridden(const std::string& card, const std::string& reason) {
  return entry(card, R"("outcome":"overridden","overrideReason":)" + reason +
                         R"(,"outcomeTimestamp":"2024-06-01T12:02:00Z")");
}

std::string batch(const std::vector<std::string>& entries) {
  std::string out = R"({"feedback":[)";
  for (std::size_t i = 0; i < entries.size(); ++i) out += (i ? "," : "") + entries[i];
  return out + "]}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_feedback)

BOOST_AUTO_TEST_CASE(accepts_batches_and_duplicates_after_a_real_card) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  const auto response = expect_valid_response(
      post_json(client, kSelect, to_json(load_request("variant-1-order-select.json"))));
  BOOST_TEST_REQUIRE(response["cards"].Size() == 1u);
  const std::string card = response["cards"][0]["uuid"].GetString();
  const std::string suggestion = response["cards"][0]["suggestions"][0]["uuid"].GetString();

  const std::string batch =
      R"({"feedback":[{"card":")" + card +
      R"(","outcome":"accepted","acceptedSuggestions":[{"id":")" + suggestion +
      R"("}],"outcomeTimestamp":"2024-06-01T12:01:00Z"},{"card":")" + card +
      R"(","outcome":"overridden","overrideReason":{"reason":{"system":"https://auc-hooks.example.org/fhir/CodeSystem/override-reason","code":"patient-preference","display":"Patient preference"},"userComment":"discussed"},"outcomeTimestamp":"2024-06-01T12:02:00Z"}]})";
  for (int i = 0; i < 2; ++i) {  // the second time, every entry is a duplicate
    auto res = post_json(client, "/cds-services/acr-vcf-order-select/feedback", batch);
    BOOST_TEST_REQUIRE(static_cast<bool>(res));
    BOOST_TEST(res->status == 200);
  }
  server->stop(SIGTERM);
  const std::string log = server->log();
  BOOST_TEST(log.find(R"("entries":2,"duplicates":0)") != std::string::npos, log);
  BOOST_TEST(log.find(R"("entries":2,"duplicates":2)") != std::string::npos, log);
  BOOST_TEST(log.find("discussed") == std::string::npos);  // comments are not logged
}

BOOST_AUTO_TEST_CASE(refuses_malformed_feedback_with_the_path) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  const char* path = "/cds-services/acr-vcf-order-sign/feedback";
  struct Case {
    const char* body;
    const char* path;
  };
  const Case cases[] = {
      {R"({})", "/feedback"},
      {R"({"feedback":{}})", "/feedback"},
      {R"({"feedback":[{"outcome":"accepted","outcomeTimestamp":"2024-06-01T12:00:00Z"}]})",
       "/feedback/0/card"},
      {R"({"feedback":[{"card":"c","outcome":"maybe","outcomeTimestamp":"2024-06-01T12:00:00Z"}]})",
       "/feedback/0/outcome"},
      {R"({"feedback":[{"card":"c","outcome":"accepted","outcomeTimestamp":"2024-06-01T12:00:00Z"}]})",
       "/feedback/0/acceptedSuggestions"},
      {R"({"feedback":[{"card":"c","outcome":"accepted","acceptedSuggestions":[{}],"outcomeTimestamp":"2024-06-01T12:00:00Z"}]})",
       "/feedback/0/acceptedSuggestions/0/id"},
      {R"({"feedback":[{"card":"c","outcome":"overridden","overrideReason":{"reason":{"system":"s"}},"outcomeTimestamp":"2024-06-01T12:00:00Z"}]})",
       "/feedback/0/overrideReason/reason/code"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.body) {
      BOOST_TEST(expect_outcome(post_json(client, path, c.body), 400) == c.path);
    }
  }
  expect_outcome(client.Post(path, "x", "text/plain"), 415);
}

BOOST_AUTO_TEST_CASE(refuses_reports_that_no_returned_card_could_have_caused) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  const ReturnedCard card =
      first_card(client, "acr-vcf-order-select", "variant-1-order-select.json");
  const std::string select_feedback = "/cds-services/acr-vcf-order-select/feedback";
  const std::string valid = accepted(card.uuid, card.suggestion);
  const std::string preference =
      R"({"reason":{"system":")" + kReasons + R"(","code":"patient-preference"}})";
  struct Case {
    std::string path;
    std::string body;
    std::string refused_at;
  };
  const std::vector<Case> cases = {
      // A uuid the service never returned.
      {select_feedback, batch({accepted("5b1e4f7e-0000-4000-8000-000000000000", card.suggestion)}),
       "/feedback/0/card"},
      // The first entry is fine; the second names a suggestion the card never offered.
      {select_feedback, batch({valid, accepted(card.uuid, "not-a-suggestion-of-this-card")}),
       "/feedback/1/acceptedSuggestions/0/id"},
      {select_feedback,
       batch({overridden(card.uuid,
                         R"({"reason":{"system":")" + kReasons + R"(","code":"too-expensive"}})")}),
       "/feedback/0/overrideReason/reason"},
      // The card's code under another system is another reason.
      {select_feedback,
       batch({overridden(
           card.uuid,
           R"({"reason":{"system":"http://example.org/other","code":"patient-preference"}})")}),
       "/feedback/0/overrideReason/reason"},
      {select_feedback, batch({overridden(card.uuid, "{}")}), "/feedback/0/overrideReason"},
      {select_feedback, batch({overridden(card.uuid, R"({"userComment":""})")}),
       "/feedback/0/overrideReason"},
      {select_feedback,
       batch({entry(card.uuid, R"("outcome":"overridden","overrideReason":)" + preference +
                                   R"(,"outcomeTimestamp":"yesterday")")}),
       "/feedback/0/outcomeTimestamp"},
      {select_feedback,
       batch({entry(card.uuid, R"("outcome":"overridden","overrideReason":)" + preference +
                                   R"(,"outcomeTimestamp":"2024-06-01")")}),
       "/feedback/0/outcomeTimestamp"},
      // An order-select card reported to order-sign's feedback.
      {"/cds-services/acr-vcf-order-sign/feedback", batch({valid}), "/feedback/0/card"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.body) {
      BOOST_TEST(expect_outcome(post_json(client, c.path, c.body), 400) == c.refused_at);
    }
  }
  // Nothing of the refused batches was stored: the valid entry is new the first time, and a
  // report identical to a stored one is still a 200.
  for (int i = 0; i < 2; ++i) {
    auto res =
        post_json(client, select_feedback, batch({valid, overridden(card.uuid, preference)}));
    BOOST_TEST_REQUIRE(static_cast<bool>(res));
    BOOST_TEST(res->status == 200);
  }
  server->stop(SIGTERM);
  const std::string log = server->log();
  BOOST_TEST(log.find(R"("entries":2,"duplicates":0)") != std::string::npos, log);
  BOOST_TEST(log.find(R"("entries":2,"duplicates":2)") != std::string::npos, log);
}

BOOST_AUTO_TEST_CASE(a_comment_is_stored_without_the_calls_patient_and_user_ids) {
  TempDir dir;
  write_file(dir.file("audit-token"), kAuditToken + "\n");
  auto server = start_service({"--audit-token-file", dir.file("audit-token")});
  httplib::Client client("127.0.0.1", server->port());
  // variant-1-order-select.json: patientId "vcf-v1", userId "Practitioner/dr-ortega".
  const ReturnedCard card =
      first_card(client, "acr-vcf-order-select", "variant-1-order-select.json");
  const std::string comment =
      "Patient vcf-v1 declined MRI (see Patient/vcf-v1). Discussed with dr-ortega and "
      "Practitioner/dr-ortega; vcf-v10 is someone else.";
  const std::string body = batch({overridden(
      card.uuid, R"({"reason":{"system":")" + kReasons +
                     R"(","code":"patient-preference"},"userComment":")" + comment + R"("})")});
  auto res = post_json(client, "/cds-services/acr-vcf-order-select/feedback", body);
  BOOST_TEST_REQUIRE(static_cast<bool>(res));
  BOOST_TEST_REQUIRE(res->status == 200);

  const httplib::Headers auth = {{"Authorization", "Bearer " + kAuditToken}};
  auto list = client.Get("/audit/calls", auth);
  BOOST_TEST_REQUIRE(static_cast<bool>(list));
  BOOST_TEST_REQUIRE(list->status == 200);
  rapidjson::Document calls;
  calls.Parse(list->body.c_str());
  BOOST_TEST_REQUIRE(calls["calls"].Size() == 1u);
  const std::string id = std::to_string(calls["calls"][0]["id"].GetInt64());
  auto one = client.Get("/audit/calls/" + id, auth);
  BOOST_TEST_REQUIRE(static_cast<bool>(one));
  rapidjson::Document call;
  call.Parse(one->body.c_str());
  BOOST_TEST_REQUIRE(call["feedback"].Size() == 1u);
  const std::string stored = call["feedback"][0]["userComment"].GetString();
  const std::string patient = call["patientPseudonym"].GetString();
  const std::string user = call["userPseudonym"].GetString();
  BOOST_TEST(stored == "Patient pseudonym:" + patient + " declined MRI (see Patient/pseudonym:" +
                           patient + "). Discussed with pseudonym:" + user +
                           " and pseudonym:" + user + "; vcf-v10 is someone else.");
  BOOST_TEST(stored.find("vcf-v1 ") == std::string::npos);
  BOOST_TEST(stored.find("dr-ortega") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
