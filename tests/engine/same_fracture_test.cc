// One fracture is one fracture: the same code on the problem list and as an encounter diagnosis,
// or with different episode characters, counts once; different levels or regions count twice.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "engine/terminology/spinal_level.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::FactId;
using auc::engine::SpinalLevels;

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

// One fracture coded twice with different codes: the osteoporotic code names no vertebra, the
// injury code names L1. They are one fracture; a second vertebra makes two.
BOOST_AUTO_TEST_CASE(a_code_without_a_vertebra_is_the_fracture_a_code_with_one_names) {
  const auto r = request(
      order({kMriLumbar}),
      {icd_condition("pl-3", "problem-list-item", "M80.08XA",
                     "Age-related osteoporosis with current pathological fracture, vertebra(e)",
                     "2024-05-20", "2024-05-20"),
       icd_condition("ed-9", "encounter-diagnosis", "S32.010A",
                     "Wedge compression fracture of first lumbar vertebra, initial encounter",
                     "2024-05-28", "2024-05-28"),
       condition("c2", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})});
  const auto a = assess(r);
  const auto& multiple = a.fact(FactId::kMultipleFractures);
  BOOST_TEST(!multiple.present);
  BOOST_TEST(multiple.reason.find("Condition/pl-3 and Condition/ed-9") != std::string::npos,
             multiple.reason);
  BOOST_TEST(
      multiple.reason.find("M80.08XA names no vertebra; S32.010A names L1") != std::string::npos,
      multiple.reason);
  // The card's notes name the records too, whatever the variant asks.
  bool noted = false;
  for (const std::string& n : a.notes) {
    noted = noted || n.find("Counted as one fracture: Condition/pl-3 and Condition/ed-9") == 0;
  }
  BOOST_TEST(noted);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 1);
}

BOOST_AUTO_TEST_CASE(a_collapsed_lumbar_vertebra_and_a_wedge_fracture_of_l1_are_one) {
  const auto r =
      request(order({kMriLumbar}),
              {icd_condition("c1", "problem-list-item", "M48.56XA",
                             "Collapsed vertebra, not elsewhere classified, lumbar region",
                             "2024-05-20", "2024-05-20"),
               icd_condition("c2", "encounter-diagnosis", "S32.010A",
                             "Wedge compression fracture of L1", "2024-05-21", "2024-05-21"),
               condition("c3", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})});
  const auto a = assess(r);
  BOOST_TEST(!a.fact(FactId::kMultipleFractures).present);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 1);
}

BOOST_AUTO_TEST_CASE(a_code_without_a_vertebra_beside_two_named_vertebrae_is_two_fractures) {
  const auto r =
      request(order({kMriLumbar}),
              {icd_condition("c1", "problem-list-item", "M80.08XA",
                             "Osteoporotic fracture, vertebra", "2024-05-20", "2024-05-20"),
               icd_condition("c2", "encounter-diagnosis", "S32.010A",
                             "Wedge compression fracture of L1", "2024-05-20", "2024-05-20"),
               icd_condition("c3", "encounter-diagnosis", "S32.020A",
                             "Wedge compression fracture of L2", "2024-05-20", "2024-05-20"),
               condition("c4", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})});
  const auto a = assess(r);
  BOOST_TEST(a.fact(FactId::kMultipleFractures).present);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 3);
}

BOOST_AUTO_TEST_CASE(a_collapsed_thoracic_vertebra_and_a_lumbar_fracture_are_two) {
  const auto r =
      request(order({kMriLumbar}),
              {icd_condition("c1", "problem-list-item", "M48.54XA",
                             "Collapsed vertebra, not elsewhere classified, thoracic region",
                             "2024-05-20", "2024-05-20"),
               icd_condition("c2", "encounter-diagnosis", "S32.010A",
                             "Wedge compression fracture of L1", "2024-05-20", "2024-05-20"),
               condition("c3", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})});
  BOOST_TEST(assess(r).fact(FactId::kMultipleFractures).present);
}

BOOST_AUTO_TEST_CASE(a_code_without_a_vertebra_months_apart_is_another_episode) {
  // Two coded records, one naming no vertebra, four months apart: not the same episode.
  const auto r =
      request(order({kMriLumbar}),
              {icd_condition("c1", "problem-list-item", "M80.08XA",
                             "Osteoporotic fracture, vertebra", "2024-01-10", "2024-01-10"),
               icd_condition("c2", "encounter-diagnosis", "S32.010A",
                             "Wedge compression fracture of L1", "2024-05-20", "2024-05-20"),
               condition("c3", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})});
  BOOST_TEST(assess(r).fact(FactId::kMultipleFractures).present);
}

BOOST_AUTO_TEST_CASE(a_vertebra_pair_code_and_a_report_naming_one_of_them_are_one_fracture) {
  // S22.08- names "T11-T12": the report's T12 is that fracture, its L1 another.
  const std::string mri =
      R"({"resourceType":"DiagnosticReport","id":"r1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"30679-5","display":"MR Lumbar spine WO contrast"}]},"effectiveDateTime":"2024-05-26","conclusion":"Acute T12 compression fracture."})";
  const auto one = request(
      order({kMriLumbar}),
      {icd_condition("c1", "encounter-diagnosis", "S22.080A",
                     "Wedge compression fracture of T11-T12 vertebra", "2024-05-20", "2024-05-20"),
       condition("c3", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})},
      {mri});
  const auto a = assess(one);
  BOOST_TEST(!a.fact(FactId::kMultipleFractures).present);
  BOOST_TEST(
      a.fact(FactId::kMultipleFractures).reason.find("S22.080A names T11-T12") != std::string::npos,
      a.fact(FactId::kMultipleFractures).reason);

  std::string l1 = mri;
  l1.replace(l1.find("Acute T12"), 9, "Acute L1");
  const auto two = request(
      order({kMriLumbar}),
      {icd_condition("c1", "encounter-diagnosis", "S22.080A",
                     "Wedge compression fracture of T11-T12 vertebra", "2024-05-20", "2024-05-20"),
       condition("c3", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})},
      {l1});
  BOOST_TEST(assess(two).fact(FactId::kMultipleFractures).present);
}

BOOST_AUTO_TEST_CASE(a_code_or_a_sentence_that_says_multiple_is_several_fractures) {
  // WHO ICD-10 S22.1, as sent under the ICD-10 URI.
  const auto coded =
      request(order({kMriLumbar}),
              {condition("c1", {{{"http://hl7.org/fhir/sid/icd-10", "S22.1",
                                  "Multiple fractures of "
                                  "thoracic spine"}},
                                "active",
                                "confirmed",
                                "2024-05-20",
                                ""}),
               condition("c3", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})});
  const auto a = assess(coded);
  BOOST_TEST(a.fact(FactId::kMultipleFractures).present);
  BOOST_TEST(a.fact(FactId::kMultipleFractures).reason == "a record says multiple fractures");
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 3);

  const std::string xr =
      R"({"resourceType":"DiagnosticReport","id":"r2","status":"final","code":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"72100","display":"XR lumbar spine"}]},"effectiveDateTime":"2024-05-26","conclusion":"Multiple compression fractures of the thoracolumbar spine."})";
  const auto text =
      request(order({kMriLumbar}),
              {condition("c3", {{kBackPain}, "active", "confirmed", "2024-05-28", ""})}, {xr});
  BOOST_TEST(assess(text).fact(FactId::kMultipleFractures).present);
}

BOOST_AUTO_TEST_CASE(spinal_levels_parse_and_overlap) {
  const auto l1 = auc::engine::parse_spinal_levels("L1");
  const auto th12 = auc::engine::parse_spinal_levels("th12");
  const auto pair = auc::engine::parse_spinal_levels("T11-T12");
  BOOST_REQUIRE((l1 && th12 && pair));
  BOOST_TEST(auc::engine::spinal_levels_label(*th12) == "T12");
  BOOST_TEST(auc::engine::spinal_levels_label(*pair) == "T11-T12");
  BOOST_TEST(pair->overlaps(*th12));
  BOOST_TEST(!pair->overlaps(*l1));
  BOOST_TEST(!SpinalLevels{}.overlaps(*l1));
  for (const char* bad : {"", "L6", "C8", "T12-L1", "L2-L1", "X1", "L", "T123"}) {
    BOOST_TEST(!auc::engine::parse_spinal_levels(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(the_code_tables_name_the_vertebra_of_injury_codes) {
  const auto& terms = kb().terminology();
  const auto* l1 = terms.lookup(kIcd, "S32.010A");
  BOOST_REQUIRE(l1 != nullptr);
  BOOST_TEST(auc::engine::spinal_levels_label(l1->levels) == "L1");
  BOOST_TEST(l1->concept_id == "condition/vcf-traumatic");
  const auto* pair = terms.lookup(kIcd, "S22.080D");
  BOOST_REQUIRE(pair != nullptr);
  BOOST_TEST(auc::engine::spinal_levels_label(pair->levels) == "T11-T12");
  // A burst fracture of L1 stays a red flag: the longer prefix wins.
  const auto* burst = terms.lookup(kIcd, "S32.011A");
  BOOST_REQUIRE(burst != nullptr);
  BOOST_TEST(burst->concept_id == "red-flag/major-trauma");
  const auto* none = terms.lookup(kIcd, "M80.08XA");
  BOOST_REQUIRE(none != nullptr);
  BOOST_TEST(!none->levels.named());
}

BOOST_AUTO_TEST_SUITE_END()
