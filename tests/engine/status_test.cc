// Status filtering, dates, missing data and conflicting codes.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "engine/facts/extract_facts.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Confidence;
using auc::engine::Etiology;
using auc::engine::FactId;
using auc::engine::Outcome;

namespace {

const Code kOrderMri{kCpt, "72148", "MRI lumbar spine without contrast"};
const Code kVcf{kIcd, "M80.08XA", "Age-related osteoporosis w current path fracture, vertebra"};
const Code kNeoplasticVcf{kIcd, "M84.58XA", "Pathological fracture in neoplastic disease"};
const Code kBackPain{kSnomed, "279039007", "Low back pain"};
const Code kCancer{kIcd, "C50.911", "Malignant neoplasm of right female breast"};

ConditionSpec spec(const Code& c, const std::string& clinical, const std::string& verification,
                   const std::string& onset = "2024-05-20") {
  return ConditionSpec{{c}, clinical, verification, onset, ""};
}

auc::engine::ClinicalFacts facts_of(const Request& r, int window = 90) {
  auc::engine::FactOptions o;
  o.symptom_window_days = window;
  return auc::engine::extract_facts(kb().terminology(), r.order, r.record, at(kNow), o);
}
// Facts hold views into the request's JSON: a temporary request would leave them dangling.
auc::engine::ClinicalFacts facts_of(Request&& r, int window = 90) = delete;

}  // namespace

BOOST_AUTO_TEST_SUITE(status)

BOOST_AUTO_TEST_CASE(refuted_and_entered_in_error_are_ignored_everywhere) {
  for (const char* verification : {"refuted", "entered-in-error"}) {
    BOOST_TEST_CONTEXT(verification) {
      const auto req1 =
          request(order({kOrderMri}), {condition("c1", spec(kVcf, "active", verification)),
                                       condition("c2", spec(kBackPain, "active", "confirmed"))});
      // The only fracture is refuted: no criteria apply.
      const auto a = assess(req1);
      BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
      const auto req2 =
          request(order({kOrderMri}), {condition("c1", spec(kVcf, "active", "confirmed")),
                                       condition("c2", spec(kBackPain, "active", verification)),
                                       condition("c3", spec(kCancer, "active", verification))});
      // Refuted cancer and back pain do not count either.
      const auto f = facts_of(req2);
      BOOST_TEST(!f[FactId::kSymptomatic].present);
      BOOST_TEST(!f[FactId::kMalignancyHistory].present);
    }
  }
  const auto req3 =
      request(order({kOrderMri}), {condition("c1", spec(kVcf, "active", "confirmed"))},
              {report("r1", {kLoinc, "30679-5", ""}, {{kLocalFindings, "RF-BME", ""}}, "2024-05-22",
                      "entered-in-error"),
               report("r2", {kLoinc, "30679-5", ""}, {{kLocalFindings, "RF-IVC", ""}}, "2024-05-22",
                      "cancelled"),
               procedure("p1", {kCpt, "22513", ""}, "not-done", "2023-01-01"),
               procedure("p2", {kCpt, "22612", ""}, "entered-in-error", "2023-01-01"),
               observation("o1", kBackPain, "2024-05-30", "entered-in-error")});
  // Entered-in-error and cancelled reports, not-done procedures do not count.
  const auto f = facts_of(req3);
  BOOST_TEST(!f[FactId::kMarrowEdemaOrCleft].present);
  BOOST_TEST(!f[FactId::kPriorAugmentation].present);
  BOOST_TEST(!f[FactId::kPriorSpineSurgery].present);
  BOOST_TEST(!f[FactId::kSymptomatic].present);
}

BOOST_AUTO_TEST_CASE(resolved_is_ignored_for_symptoms_but_kept_as_history) {
  for (const char* clinical : {"resolved", "inactive", "remission"}) {
    BOOST_TEST_CONTEXT(clinical) {
      const auto req4 =
          request(order({kOrderMri}), {condition("c1", spec(kVcf, "active", "confirmed")),
                                       condition("c2", spec(kBackPain, clinical, "confirmed")),
                                       condition("c3", spec(kCancer, clinical, "confirmed"))});
      const auto f = facts_of(req4);
      BOOST_TEST(!f[FactId::kSymptomatic].present);
      BOOST_TEST(f[FactId::kSymptomatic].confidence == Confidence::kAssumed);
      BOOST_TEST(f[FactId::kMalignancyHistory].present);
      BOOST_TEST(f[FactId::kMalignancyHistory].evidence.front().reference() == "Condition/c3");
    }
  }
  // A resolved old fracture and a new one: multiple fractures, so variant 3 with back pain.
  const auto req5 = request(
      order({kOrderMri}), {condition("c1", spec({kIcd, "M48.54XA", "Collapsed vertebra, thoracic"},
                                                "resolved", "confirmed", "2019-02-01")),
                           condition("c2", spec(kVcf, "active", "confirmed")),
                           condition("c3", spec(kBackPain, "", "", "2024-05-28"))});
  const auto a = assess(req5);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 3);
  BOOST_TEST(a.fact(FactId::kMultipleFractures).present);
  BOOST_TEST(a.fact(FactId::kPriorFracture).present);
}

BOOST_AUTO_TEST_CASE(symptom_window_is_configurable) {
  const Request r = request(
      order({kOrderMri}), {condition("c1", spec(kVcf, "active", "confirmed")),
                           condition("c2", spec(kBackPain, "active", "confirmed", "2024-01-15"))});
  BOOST_TEST(!facts_of(r, 90)[FactId::kSymptomatic].present);  // 138 days before
  BOOST_TEST(facts_of(r, 180)[FactId::kSymptomatic].present);
  const auto req6 =
      request(order({kOrderMri}), {condition("c1", spec(kVcf, "active", "confirmed"))},
              {observation("o1", kBackPain, "2024-05-30")});
  // A recent observation of back pain counts too.
  const auto f = facts_of(req6);
  BOOST_TEST(f[FactId::kSymptomatic].present);
  BOOST_TEST(f[FactId::kSymptomatic].evidence.front().reference() == "Observation/o1");
}

BOOST_AUTO_TEST_CASE(new_versus_old_fracture) {
  const auto req7 = request(order({kOrderMri}),
                            {condition("c1", spec({kIcd, "M80.08XS", ""}, "active", "confirmed"))});
  // ICD 7th character S (sequela) is an old fracture, not a current one.
  const auto old = facts_of(req7);
  BOOST_TEST(!old[FactId::kVcfPresent].present);
  BOOST_TEST(old[FactId::kPriorFracture].present);
  const auto req8 = request(
      order({kOrderMri}),
      {condition("c1", spec({kSnomed, "240198002", ""}, "active", "confirmed", "2022-03-01"))});
  // Dated long ago without 7th character: current but not new.
  const auto dated = facts_of(req8);
  BOOST_TEST(dated[FactId::kVcfPresent].present);
  BOOST_TEST(!dated[FactId::kNewFracture].present);
  const auto req9 =
      request(order({kOrderMri}),
              {condition("c1", spec({kSnomed, "240198002", ""}, "active", "confirmed", ""))});
  // Undated: new is assumed.
  const auto undated = facts_of(req9);
  BOOST_TEST(undated[FactId::kNewFracture].present);
  BOOST_TEST(undated[FactId::kNewFracture].confidence == Confidence::kAssumed);
}

BOOST_AUTO_TEST_CASE(missing_birth_date_assumes_an_adult) {
  const auto req10 = request(order({kOrderMri}),
                             {condition("c1", spec(kVcf, "active", "confirmed")),
                              condition("c2", spec(kBackPain, "active", "confirmed"))},
                             {}, patient(""));
  const auto a = assess(req10);
  BOOST_TEST(!a.pediatric);
  BOOST_TEST(!a.fact(FactId::kAge).age.has_value());
  BOOST_TEST(a.fact(FactId::kAge).confidence == Confidence::kAssumed);
  BOOST_TEST((a.outcome == Outcome::kRated));
  const auto req11 = request(order({kOrderMri}),
                             {condition("c1", spec(kVcf, "active", "confirmed")),
                              condition("c2", spec(kBackPain, "active", "confirmed"))},
                             {}, patient("2010-07-01"));
  const auto child = assess(req11);
  BOOST_TEST(child.pediatric);
  BOOST_TEST(*child.fact(FactId::kAge).age == 13);
}

BOOST_AUTO_TEST_CASE(empty_and_malformed_codings_are_ignored) {
  const auto req12 = request(
      order({kOrderMri}, {{"", "", ""}, {kIcd, "", ""}, {"", "M80.08XA", ""}}),
      {condition("c1", {{{"", "", ""}, {"urn:unknown", "xyz", ""}, kVcf}, "active", "", "", ""}),
       condition("c2", {{{kIcd, "M54.5", ""}}, "active", "", "2024-05-01", ""}),
       condition("c3", {{}, "active", "", "", ""})});
  const auto a = assess(req12);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 1);
}

BOOST_AUTO_TEST_CASE(neoplastic_wins_over_osteoporotic_and_says_why) {
  const auto req13 = request(order({{kCpt, "22514", "Kyphoplasty lumbar"}}),
                             {condition("c1", spec(kVcf, "active", "confirmed")),
                              condition("c2", spec(kNeoplasticVcf, "active", "confirmed")),
                              condition("c3", spec(kBackPain, "active", "confirmed"))});
  const auto a = assess(req13);
  const auto& etiology = a.fact(FactId::kEtiology);
  BOOST_TEST((etiology.etiology == Etiology::kNeoplasticOrPathological));
  BOOST_TEST(etiology.reason.find("neoplastic/pathological wins") != std::string::npos);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 9);
  bool noted = false;
  for (const auto& n : a.notes) noted = noted || n.find("wins") != std::string::npos;
  BOOST_TEST(noted);
}

BOOST_AUTO_TEST_CASE(unspecified_fracture_with_bone_metastasis_is_taken_as_pathological) {
  const auto req14 =
      request(order({kOrderMri}),
              {condition("c1", spec({kIcd, "M48.56XA", ""}, "active", "confirmed")),
               condition("c2", spec({kIcd, "C79.51", "Secondary malignant neoplasm of bone"},
                                    "active", "confirmed"))});
  const auto f = facts_of(req14);
  BOOST_TEST((f[FactId::kEtiology].etiology == Etiology::kNeoplasticOrPathological));
  BOOST_TEST(f[FactId::kEtiology].confidence == Confidence::kInferred);
}

BOOST_AUTO_TEST_CASE(spine_radiograph_before_the_order_is_found) {
  const auto req15 =
      request(order({kOrderMri}), {condition("c1", spec(kVcf, "active", "confirmed"))},
              {procedure("x1", {kCpt, "72100", "Radiologic examination lumbosacral spine"},
                         "completed", "2024-05-18")});
  const auto f = facts_of(req15);
  BOOST_TEST(f[FactId::kIdentifiedOnRadiographs].present);
  BOOST_TEST(f[FactId::kIdentifiedOnRadiographs].confidence == Confidence::kDocumented);
}

BOOST_AUTO_TEST_SUITE_END()
