// POST /cds-services/{id}/feedback: batches accepted and recorded, duplicates harmless, bad
// shapes refused with the path.
#include <signal.h>

#include <boost/test/unit_test.hpp>

#include "service_support.h"

using namespace auc::test;

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
      {R"({"feedback":[{"outcome":"accepted","outcomeTimestamp":"t"}]})", "/feedback/0/card"},
      {R"({"feedback":[{"card":"c","outcome":"maybe","outcomeTimestamp":"t"}]})",
       "/feedback/0/outcome"},
      {R"({"feedback":[{"card":"c","outcome":"accepted","outcomeTimestamp":"t"}]})",
       "/feedback/0/acceptedSuggestions"},
      {R"({"feedback":[{"card":"c","outcome":"accepted","acceptedSuggestions":[{}],"outcomeTimestamp":"t"}]})",
       "/feedback/0/acceptedSuggestions/0/id"},
      {R"({"feedback":[{"card":"c","outcome":"overridden","overrideReason":{"reason":{"system":"s"}},"outcomeTimestamp":"t"}]})",
       "/feedback/0/overrideReason/reason/code"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.body) {
      BOOST_TEST(expect_outcome(post_json(client, path, c.body), 400) == c.path);
    }
  }
  expect_outcome(client.Post(path, "x", "text/plain"), 415);
}

BOOST_AUTO_TEST_SUITE_END()
