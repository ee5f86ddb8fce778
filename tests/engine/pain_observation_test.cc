// Pain-severity Observations: the score as EHR flowsheets send it, what it says about symptoms,
// and a rising score as worsening pain.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "engine/facts/extract_facts.h"
#include "engine/facts/pain_score.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Confidence;
using auc::engine::FactId;
using auc::engine::parse_pain_score;

namespace {

const Code kKyphoplasty{kCpt, "22514", "Percutaneous vertebral augmentation, lumbar"};
const Code kMriLumbar{kCpt, "72148", "MRI lumbar spine without contrast"};
const Code kVcf{kIcd, "M80.08XA", "Age-related osteoporosis w current path fracture, vertebra"};

// A flowsheet row as Epic sends it: vital-signs category, LOINC plus a local code, one value form.
std::string pain(const std::string& id, const std::string& loinc, const std::string& when,
                 const std::string& value, const std::string& status = "final") {
  return R"({"resourceType": "Observation", "id": ")" + id + R"(", "status": ")" + status + R"(",
    "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
    "code": {"coding": [{"system": "http://loinc.org", "code": ")" +
         loinc + R"(", "display": "Pain severity"},
                        {"system": "urn:oid:1.2.840.114350.1.13.0.1.7.2.707679", "code": "1570000029"}],
             "text": "Pain Score"},
    "subject": {"reference": "Patient/p1"}, "effectiveDateTime": ")" +
         when + R"(", )" + value + "}";
}

auc::engine::ClinicalFacts facts_of(const Request& r) {
  return auc::engine::extract_facts(kb().terminology(), r.order, r.record, at(kNow), {});
}
auc::engine::ClinicalFacts facts_of(Request&& r) = delete;

}  // namespace

BOOST_AUTO_TEST_SUITE(pain_observations)

BOOST_AUTO_TEST_CASE(score_text_forms) {
  BOOST_TEST(*parse_pain_score("8/10") == 8);
  BOOST_TEST(*parse_pain_score(" 8 / 10 ") == 8);
  BOOST_TEST(*parse_pain_score("8") == 8);
  BOOST_TEST(*parse_pain_score("0") == 0);
  BOOST_TEST(*parse_pain_score("10/10") == 10);
  BOOST_TEST(*parse_pain_score("7 of 10") == 7);
  BOOST_TEST(*parse_pain_score("7 out of 10") == 7);
  BOOST_TEST(!parse_pain_score("8/20"));  // another scale
  BOOST_TEST(!parse_pain_score("11"));
  BOOST_TEST(!parse_pain_score("6-8"));
  BOOST_TEST(!parse_pain_score("7.5"));
  BOOST_TEST(!parse_pain_score("severe"));
  BOOST_TEST(!parse_pain_score(""));
  BOOST_TEST(!parse_pain_score("LA6114-8"));
}

BOOST_AUTO_TEST_CASE(every_value_form_makes_the_patient_symptomatic) {
  const char* values[] = {
      R"("valueInteger": 7)",
      R"("valueQuantity": {"value": 7, "unit": "{score}", "system": "http://unitsofmeasure.org", "code": "{score}"})",
      R"("valueString": "8/10")",
      R"("valueString": "8")",
      R"("valueCodeableConcept": {"coding": [{"system": "https://fhir.example-hospital.org/CodeSystem/nrs-pain", "code": "7", "display": "7 - severe"}]})",
      R"("valueCodeableConcept": {"text": "6/10"})",
  };
  for (const char* value : values) {
    BOOST_TEST_CONTEXT(value) {
      for (const char* loinc : {"72514-3", "38208-5"}) {
        const auto r = request(order({kMriLumbar}),
                               {condition("c1", {{kVcf}, "active", "confirmed", "2024-05-20", ""})},
                               {pain("o1", loinc, "2024-05-30T10:15:00-05:00", value)});
        const auto f = facts_of(r);
        BOOST_TEST(f[FactId::kSymptomatic].present);
        BOOST_TEST(f[FactId::kSymptomatic].confidence == Confidence::kDocumented);
        BOOST_TEST(f[FactId::kSymptomatic].evidence.front().reference() == "Observation/o1");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(zero_is_documented_absence_and_old_or_void_scores_do_not_count) {
  const auto zero = request(order({kMriLumbar}),
                            {condition("c1", {{kVcf}, "active", "confirmed", "2024-05-20", ""})},
                            {pain("o1", "72514-3", "2024-05-30", R"("valueInteger": 0)")});
  const auto f = facts_of(zero);
  BOOST_TEST(!f[FactId::kSymptomatic].present);
  BOOST_TEST(f[FactId::kSymptomatic].confidence == Confidence::kDocumented);
  BOOST_TEST(f[FactId::kSymptomatic].reason.find("0 of 10") != std::string::npos);

  const auto others = request(
      order({kMriLumbar}), {condition("c1", {{kVcf}, "active", "confirmed", "2024-05-20", ""})},
      {pain("o1", "72514-3", "2023-12-01", R"("valueInteger": 8)"),  // outside the 90-day window
       pain("o2", "72514-3", "2024-05-30", R"("valueInteger": 8)", "entered-in-error"),
       pain("o3", "72514-3", "2024-05-30", R"("valueInteger": 9)", "cancelled"),
       pain("o4", "72514-3", "2024-05-30", R"("valueString": "8/20")")});
  const auto g = facts_of(others);
  BOOST_TEST(!g[FactId::kSymptomatic].present);
  BOOST_TEST(g[FactId::kSymptomatic].confidence == Confidence::kAssumed);
}

BOOST_AUTO_TEST_CASE(a_rise_of_two_points_is_worsening_pain_for_variant_8) {
  // A traumatic L1 fracture (benign, not osteoporotic): only variant 8 can rate augmentation.
  const std::vector<std::string> conditions = {
      condition("c1", {{{kIcd, "S32.010A", "Wedge compression fracture of L1"}},
                       "active",
                       "confirmed",
                       "2024-05-02",
                       ""})};
  const auto rising =
      request(order({kKyphoplasty}), conditions,
              {pain("o2", "72514-3", "2024-05-29T08:00:00Z", R"("valueString": "8/10")"),
               pain("o1", "72514-3", "2024-05-03T08:00:00Z", R"("valueInteger": 4)")});
  const auto a = assess(rising);
  const auto& worse = a.fact(FactId::kWorseningPainDeformityOrPulmonary);
  BOOST_TEST(worse.present);
  BOOST_TEST(worse.reason.find("from 4 to 8") != std::string::npos, worse.reason);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 8);

  // One point, or a falling score, is not worsening.
  for (const auto& [first, last] : {std::pair{"5", "6"}, std::pair{"8", "4"}}) {
    const auto flat = request(
        order({kKyphoplasty}), conditions,
        {pain("o1", "72514-3", "2024-05-03", std::string(R"("valueString": ")") + first + "\""),
         pain("o2", "72514-3", "2024-05-29", std::string(R"("valueString": ")") + last + "\"")});
    const auto f = facts_of(flat);
    BOOST_TEST(!f[FactId::kWorseningPainDeformityOrPulmonary].present);
    BOOST_TEST(f[FactId::kSymptomatic].present);
  }
}

BOOST_AUTO_TEST_SUITE_END()
