// What a Condition's verification, clinical status, abatement, dates and code family mean:
// suspicions are not facts, abated fractures are not current, future dates are typos, healed
// fracture history is history, skin and in-situ carcinomas are not a malignancy history here, and
// the ICD-10-CM 7th character means the same under every accepted system name.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "engine/facts/extract_facts.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Confidence;
using auc::engine::Criterion;
using auc::engine::Etiology;
using auc::engine::FactId;
using auc::engine::Outcome;

namespace {

const Code kCtWithContrast{kCpt, "72132", "CT lumbar spine with contrast"};
const Code kKyphoplasty{kCpt, "22514", "Percutaneous vertebral augmentation, lumbar"};
const Code kVcf{kIcd, "M80.08XA", "Age-related osteoporosis w current path fracture, vertebra"};
const Code kBackPain{kSnomed, "279039007", "Low back pain"};

ConditionSpec spec(const Code& c, const std::string& clinical = "active",
                   const std::string& verification = "confirmed",
                   const std::string& onset = "2024-05-20") {
  return ConditionSpec{{c}, clinical, verification, onset, ""};
}

auc::engine::ClinicalFacts facts_of(const Request& r) {
  return auc::engine::extract_facts(kb().terminology(), r.order, r.record, at(kNow), {});
}
auc::engine::ClinicalFacts facts_of(Request&& r) = delete;

// A problem-list Condition as Epic sends it, with free text beside the code.
std::string epic_condition(const std::string& id, const std::string& code,
                           const std::string& display, const std::string& extra) {
  return R"({"resourceType": "Condition", "id": ")" + id + R"(",
    "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
    "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
    "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": "problem-list-item"}]}],
    "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": ")" +
         code + R"(", "display": ")" + display + R"("}], "text": ")" + display + R"("},
    "subject": {"reference": "Patient/p1"})" +
         extra + "}";
}

bool would_be(const auc::engine::Assessment& a, Criterion c, int variant) {
  for (const auto& alt : a.alternative_variants) {
    if (alt.criterion == c && alt.criterion_value && alt.variant != nullptr &&
        alt.variant->number == variant) {
      return true;
    }
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(condition_semantics)

BOOST_AUTO_TEST_CASE(a_differential_bone_metastasis_is_not_a_malignancy_history) {
  for (const char* verification : {"differential", "provisional", "unconfirmed"}) {
    BOOST_TEST_CONTEXT(verification) {
      const auto r =
          request(order({kCtWithContrast}, {kVcf}),
                  {condition("c1", spec(kVcf)), condition("c2", spec(kBackPain)),
                   condition("c3", spec({kIcd, "C79.51", "Secondary malignant neoplasm of bone"},
                                        "active", verification))});
      const auto a = assess(r);
      BOOST_REQUIRE(a.variant != nullptr);
      BOOST_TEST(a.variant->number == 1);
      const auto& m = a.fact(FactId::kMalignancyHistory);
      BOOST_TEST(!m.present);
      BOOST_TEST(m.confidence == Confidence::kAssumed);
      BOOST_REQUIRE(!m.evidence.empty());
      BOOST_TEST(m.evidence.front().reference() == "Condition/c3");
      // The suspected metastasis does not make the fracture pathological either.
      BOOST_TEST((a.fact(FactId::kEtiology).etiology == Etiology::kOsteoporotic));
      // Confirmed, the metastasis would put the patient in variant 2: the card says so.
      BOOST_TEST(would_be(a, Criterion::kMalignancyHistory, 2));
    }
  }
  // Confirmed, the same record is variant 2.
  const auto confirmed =
      request(order({kCtWithContrast}, {kVcf}),
              {condition("c1", spec(kVcf)), condition("c2", spec(kBackPain)),
               condition("c3", spec({kIcd, "C79.51", "Secondary malignant neoplasm of bone"}))});
  const auto a = assess(confirmed);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 2);
}

BOOST_AUTO_TEST_CASE(a_provisional_fracture_alone_is_not_a_documented_fracture) {
  const auto r = request(
      order({kCtWithContrast}),
      {condition("c1", spec(kVcf, "active", "provisional")), condition("c2", spec(kBackPain))});
  const auto f = facts_of(r);
  BOOST_TEST(!f[FactId::kVcfPresent].present);
  BOOST_TEST(f[FactId::kVcfPresent].reason.find("provisional") != std::string::npos);
  const auto a = assess(r);
  BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
}

BOOST_AUTO_TEST_CASE(an_abated_fracture_is_not_current_but_stays_history) {
  for (const char* abatement :
       {R"(, "abatementDateTime": "2024-04-30")", R"(, "abatementString": "healed per ortho")",
        R"(, "abatementBoolean": true)", R"(, "abatementAge": {"value": 74, "unit": "a"})"}) {
    BOOST_TEST_CONTEXT(abatement) {
      // clinicalStatus still says active, as problem lists often do after the fracture healed.
      const auto r =
          request(order({kCtWithContrast}),
                  {epic_condition("c1", "M80.08XA", "Osteoporotic fracture of L1",
                                  std::string(R"(, "onsetDateTime": "2024-01-10")") + abatement)});
      const auto f = facts_of(r);
      BOOST_TEST(!f[FactId::kVcfPresent].present);
      BOOST_TEST(f[FactId::kPriorFracture].present);
      BOOST_TEST(!f[FactId::kNewFracture].present);
    }
  }
  // Abated cancer is still a history of cancer.
  const auto r = request(order({kCtWithContrast}),
                         {condition("c1", spec(kVcf)),
                          epic_condition("c2", "C50.911", "Malignant neoplasm of right breast",
                                         R"(, "abatementDateTime": "2019-08-01")")});
  BOOST_TEST(facts_of(r)[FactId::kMalignancyHistory].present);
}

BOOST_AUTO_TEST_CASE(resolved_inactive_and_remission_fractures_are_not_current) {
  for (const char* clinical : {"resolved", "inactive", "remission"}) {
    BOOST_TEST_CONTEXT(clinical) {
      const auto r = request(order({kCtWithContrast}), {condition("c1", spec(kVcf, clinical))});
      const auto f = facts_of(r);
      BOOST_TEST(!f[FactId::kVcfPresent].present);
      BOOST_TEST(f[FactId::kPriorFracture].present);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_onset_in_the_future_is_ignored_and_reported) {
  // 2042 for 2024: the fracture counts, its date does not.
  const auto r =
      request(order({kCtWithContrast}),
              {condition("c1", spec({kSnomed, "240198002", "Osteoporotic vertebral collapse"},
                                    "active", "confirmed", "2042-05-20")),
               condition("c2", spec(kBackPain))});
  const auto f = facts_of(r);
  BOOST_TEST(f[FactId::kVcfPresent].present);
  // Without a usable date the fracture is new by assumption, not by a documented date.
  BOOST_TEST(f[FactId::kNewFracture].present);
  BOOST_TEST(f[FactId::kNewFracture].confidence == Confidence::kAssumed);
  BOOST_REQUIRE(f.notes.size() == 1u);
  BOOST_TEST(f.notes[0].find("Condition/c1 onset") != std::string::npos);
  const auto a = assess(r);
  bool noted = false;
  for (const auto& n : a.notes) noted = noted || n.find("Data quality: Condition/c1") == 0;
  BOOST_TEST(noted);
  // A recorded date in the past still dates it: old, so not new.
  const auto dated = request(
      order({kCtWithContrast}),
      {condition(
          "c1",
          ConditionSpec{
              {{kSnomed, "240198002", ""}}, "active", "confirmed", "2042-05-20", "2023-11-02"})});
  const auto g = facts_of(dated);
  BOOST_TEST(!g[FactId::kNewFracture].present);
  BOOST_TEST(g.notes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_healed_fracture_history_beside_a_current_fracture_is_not_a_second_one) {
  for (const char* history : {"Z87.311", "Z87.310", "Z87.312"}) {
    BOOST_TEST_CONTEXT(history) {
      const auto r =
          request(order({kCtWithContrast}, {kVcf}),
                  {condition("c1", spec(kVcf)), condition("c2", spec(kBackPain)),
                   condition("c3", spec({kIcd, history, "Personal history of (healed) fracture"},
                                        "active", "confirmed", "2021-03-01"))});
      const auto a = assess(r);
      BOOST_REQUIRE(a.variant != nullptr);
      BOOST_TEST(a.variant->number == 1);  // not 3
      const auto& multiple = a.fact(FactId::kMultipleFractures);
      BOOST_TEST(!multiple.present);
      BOOST_TEST(multiple.reason.find("Condition/c3") != std::string::npos);
      BOOST_TEST(a.fact(FactId::kPriorFracture).present);
      BOOST_TEST(a.fact(FactId::kVcfPresent).present);
    }
  }
  // Alone, the history code is history, not a new fracture.
  const auto alone =
      request(order({kCtWithContrast}),
              {condition("c1", spec({kIcd, "Z87.311", ""}, "active", "confirmed", "2024-05-20"))});
  const auto f = facts_of(alone);
  BOOST_TEST(!f[FactId::kVcfPresent].present);
  BOOST_TEST(!f[FactId::kNewFracture].present);
  BOOST_TEST(f[FactId::kPriorFracture].present);
}

BOOST_AUTO_TEST_CASE(back_pain_over_a_single_healed_fracture_is_in_no_imaging_variant) {
  // The radiograph's conclusion as radiologists write it: no current fracture, an old one.
  const std::string report = R"({"resourceType": "DiagnosticReport", "id": "xr1", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "37637-6"}], "text": "XR lumbar spine 2 views"},
    "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2024-05-28",
    "conclusion": "No acute fracture. Old healed T12 compression fracture, unchanged."})";
  const Code kMriWithout{kCpt, "72148", "MRI lumbar spine without contrast"};
  for (const bool with_malignancy : {false, true}) {
    BOOST_TEST_CONTEXT("malignancy history " << with_malignancy) {
      std::vector<std::string> conditions{condition("c1", spec(kBackPain))};
      if (with_malignancy) {
        conditions.push_back(epic_condition("c2", "Z85.3", "History of breast cancer",
                                            R"(, "onsetDateTime": "2015-02-01")"));
      }
      const auto r = request(order({kMriWithout}), conditions, {report});
      const auto a = assess(r);
      BOOST_TEST(a.fact(FactId::kPriorFracture).present);
      BOOST_TEST(!a.fact(FactId::kVcfPresent).present);
      BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
      BOOST_TEST(a.variant == nullptr);
      BOOST_TEST(a.reason.find("healed fracture") != std::string::npos, a.reason);
    }
  }
  // The same healed fracture after a kyphoplasty is a previously treated fracture: variant 3.
  const auto treated = request(order({kMriWithout}), {condition("c1", spec(kBackPain))},
                               {report, procedure("p1", kKyphoplasty, "completed", "2022-03-14")});
  const auto t = assess(treated);
  BOOST_REQUIRE(t.variant != nullptr);
  BOOST_TEST(t.variant->number == 3);
}

BOOST_AUTO_TEST_CASE(skin_and_in_situ_carcinomas_are_not_a_malignancy_history) {
  for (const char* code : {"C44.91", "C44.311", "C44.529", "Z85.828", "D05.11", "D04.5", "D06.9"}) {
    BOOST_TEST_CONTEXT(code) {
      const auto r =
          request(order({kCtWithContrast}, {kVcf}),
                  {condition("c1", spec(kVcf)), condition("c2", spec(kBackPain)),
                   condition("c3", spec({kIcd, code, ""}, "resolved", "confirmed", "2020-01-01"))});
      const auto a = assess(r);
      BOOST_TEST(!a.fact(FactId::kMalignancyHistory).present);
      BOOST_REQUIRE(a.variant != nullptr);
      BOOST_TEST(a.variant->number == 1);
    }
  }
  // Melanoma, Merkel cell carcinoma and their history stay malignancies.
  for (const char* code : {"C43.9", "C4A.9", "Z85.820", "C50.911"}) {
    BOOST_TEST_CONTEXT(code) {
      const auto r = request(order({kCtWithContrast}), {condition("c1", spec(kVcf)),
                                                        condition("c3", spec({kIcd, code, ""}))});
      BOOST_TEST(facts_of(r)[FactId::kMalignancyHistory].present);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_seventh_character_means_the_same_under_every_icd_system_name) {
  // Variant 7 needs a new fracture after prior augmentation.
  const std::string prior =
      procedure("p1", {kCpt, "22513", "Kyphoplasty thoracic"}, "completed", "2023-01-10");
  for (const char* system : {"http://hl7.org/fhir/sid/icd-10-cm", "urn:oid:2.16.840.1.113883.6.90",
                             "http://hl7.org/fhir/sid/icd-10"}) {
    BOOST_TEST_CONTEXT(system) {
      const auto initial = request(
          order({kKyphoplasty}),
          {condition("c1", spec({system, "M80.08XA", ""})), condition("c2", spec(kBackPain))},
          {prior});
      const auto a = assess(initial);
      BOOST_REQUIRE(a.variant != nullptr);
      BOOST_TEST(a.variant->number == 7);
      // Sequela, dated last week: an old fracture, whatever the date says.
      const auto sequela = request(
          order({kKyphoplasty}),
          {condition("c1", spec({system, "M80.08XS", ""})), condition("c2", spec(kBackPain))},
          {prior});
      const auto s = assess(sequela);
      BOOST_TEST(!s.fact(FactId::kNewFracture).present);
      BOOST_TEST(!s.fact(FactId::kVcfPresent).present);
      BOOST_TEST((s.variant == nullptr || s.variant->number != 7));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
