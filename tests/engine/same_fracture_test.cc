// One fracture is one fracture: the same code on the problem list and as an encounter diagnosis,
// or with different episode characters, counts once; different levels or regions count twice.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::FactId;

namespace {

const Code kMriLumbar{kCpt, "72148", "MRI lumbar spine without contrast"};
const Code kBackPain{kSnomed, "279039007", "Low back pain"};

// Problem-list entry and encounter diagnosis, as an EHR sends both for one visit.
std::string icd_condition(const std::string& id, const std::string& category,
                          const std::string& code, const std::string& display,
                          const std::string& onset, const std::string& recorded) {
  return R"({"resourceType": "Condition", "id": ")" + id + R"(",
    "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
    "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
    "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": ")" +
         category + R"("}]}],
    "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": ")" +
         code + R"(", "display": ")" + display + R"("}], "text": ")" + display + R"("},
    "subject": {"reference": "Patient/p1"})" +
         (onset.empty() ? "" : R"(, "onsetDateTime": ")" + onset + "\"") +
         R"(, "recordedDate": ")" + recorded + R"("})";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(same_fracture)

BOOST_AUTO_TEST_CASE(problem_list_and_encounter_diagnosis_of_one_level_count_once) {
  // L1 wedge fracture: problem list since March (initial encounter), today's encounter codes the
  // follow-up (subsequent encounter). Dates two months apart used to make it two fractures.
  const auto r = request(
      order({kMriLumbar}),
      {icd_condition("pl-1", "problem-list-item", "S32.010A",
                     "Wedge compression fracture of first lumbar vertebra, initial encounter",
                     "2024-03-18", "2024-03-18"),
       icd_condition("ed-7", "encounter-diagnosis", "S32.010D",
                     "Wedge compression fracture of first lumbar vertebra, subsequent encounter",
                     "", "2024-05-28"),
       condition("c2", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})});
  const auto a = assess(r);
  const auto& multiple = a.fact(FactId::kMultipleFractures);
  BOOST_TEST(!multiple.present);
  // The card names both records as one fracture.
  BOOST_TEST(multiple.reason.find("Condition/pl-1 and Condition/ed-7") != std::string::npos,
             multiple.reason);
  BOOST_REQUIRE(multiple.evidence.size() == 2u);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 1);  // not 3
}

BOOST_AUTO_TEST_CASE(different_levels_are_two_fractures) {
  const auto r =
      request(order({kMriLumbar}),
              {icd_condition("c1", "problem-list-item", "S32.010A",
                             "Wedge compression fracture of L1", "2024-05-20", "2024-05-20"),
               icd_condition("c2", "encounter-diagnosis", "S22.080A",
                             "Wedge compression fracture of T11-T12", "2024-05-20", "2024-05-28"),
               condition("c3", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})});
  const auto a = assess(r);
  BOOST_TEST(a.fact(FactId::kMultipleFractures).present);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 3);
}

BOOST_AUTO_TEST_CASE(the_order_reason_and_the_problem_list_are_one_fracture) {
  const auto r =
      request(order({kMriLumbar}, {{kIcd, "S32.010A", "Wedge compression fracture of L1"}}),
              {icd_condition("c1", "problem-list-item", "S32.010D",
                             "Wedge compression fracture of L1", "2024-02-01", "2024-02-01"),
               condition("c3", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})});
  const auto a = assess(r);
  BOOST_TEST(!a.fact(FactId::kMultipleFractures).present);
  BOOST_TEST(a.fact(FactId::kMultipleFractures).reason.find("ServiceRequest/order-1") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
