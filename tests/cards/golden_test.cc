// Exact bytes of rendered responses, pinned: the renderer may get faster or be restructured, but
// what an EHR receives must not change unnoticed. Each case renders real assessments with the
// SequentialUuidSource and compares the body with tests/cards/golden/<case>.json. When the output
// is meant to change, run the suite with AUC_UPDATE_GOLDEN=1 (it rewrites the files and fails),
// then review the difference with git diff.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "render_fixture.h"

using namespace cards_test;

namespace {

std::string golden_path(const std::string& name) {
  return std::string(AUC_SOURCE_DIR) + "/tests/cards/golden/" + name + ".json";
}

std::string read_golden(const std::string& name) {
  std::ifstream in(golden_path(name), std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " + golden_path(name));
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  if (!text.empty() && text.back() == '\n') text.pop_back();  // the file ends in a newline
  return text;
}

// The first byte where the bodies differ, with some context, for the failure message.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  const std::size_t from = i < 60 ? 0 : i - 60;
  return "first difference at byte " + std::to_string(i) + "\n  expected: ..." +
         expected.substr(from, 120) + "\n  actual:   ..." + actual.substr(from, 120);
}

void check(const std::string& name, const Rendered& r) {
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  if (std::getenv("AUC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden_path(name), std::ios::binary) << r.response.body << '\n';
    BOOST_FAIL(name + ": rewritten from the current output; review it with git diff");
  }
  const std::string expected = read_golden(name);
  BOOST_TEST(r.response.body == expected,
             name << ": " << first_difference(expected, r.response.body));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(golden)

BOOST_AUTO_TEST_CASE(card_with_three_suggestions) {
  check("three-suggestions", render(full_draft(kCtLumbarWith), v2_symptomatic_malignancy()));
}

BOOST_AUTO_TEST_CASE(draft_with_stale_ratings_and_empty_fields) {
  const std::string stale =
      "{\"url\":\"http://fhir.org/argonaut/Extension/pama-rating\",\"valueCodeableConcept\":{"
      "\"coding\":[{\"system\":\"http://fhir.org/argonaut/CodeSystem/pama-rating\",\"code\":"
      "\"appropriate\"}]}},{},{\"url\":\"https://ehr.example.org/"
      "x\",\"valueString\":\"\\u00e9\\t\\\"q\\\"\"}";
  std::string draft = full_draft(kCtLumbarWith, "draft-1", stale);
  draft.pop_back();
  draft +=
      ",\"priority\":\"\",\"performer\":[{}],\"orderDetail\":[{\"text\":\"\"},{\"text\":\"x\"}],"
      "\"doNotPerform\":false,\"occurrenceTiming\":{\"repeat\":{\"count\":2}}}";
  check("edited-draft", render(draft, v1_new_symptomatic()));
}

BOOST_AUTO_TEST_CASE(draft_without_code_position_or_extensions) {
  // No extension member at all, code last: both are appended or replaced in place.
  const std::string draft =
      "{\"resourceType\":\"ServiceRequest\",\"id\":\"d2\",\"status\":\"draft\",\"intent\":"
      "\"order\",\"subject\":{\"reference\":\"Patient/p1\"},\"code\":" +
      test::concept_json({kCtLumbarWith}) + "}";
  check("bare-draft", render(draft, v1_new_symptomatic()));
}

BOOST_AUTO_TEST_CASE(two_orders_and_a_treatment_card) {
  std::vector<test::Request> requests;
  requests.push_back(test::request(full_draft(kCtLumbarWith, "draft-1"), v1_new_symptomatic(), {},
                                   test::patient("1948-04-02")));
  requests.push_back(test::request(full_draft(kRadium, "draft-2"), v9_pathological_with_pain(), {},
                                   test::patient("1948-04-02")));
  check("two-orders", render(std::move(requests)));
}

BOOST_AUTO_TEST_CASE(settling_study_card) {
  check("settling-study", render(full_draft(kKyphoplastyLumbar, "draft-1", "", kVcfOsteoporotic),
                                 {test::condition("c1", dx(kVcfOsteoporotic)),
                                  test::condition("c2", dx(kBackPain))}));
}

BOOST_AUTO_TEST_SUITE_END()
