// Red flags take the case out of the VCF criteria; risk factors that are not red flags do not.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Outcome;

namespace {

const Code kMriLumbarWithWithout{kCpt, "72158", "MRI lumbar spine without and with contrast"};
const Code kMriLumbarWithout{kCpt, "72148", "MRI lumbar spine without contrast"};
const Code kKyphoplastyLumbar{kCpt, "22514", "Percutaneous vertebral augmentation, lumbar"};
const Code kOsteoporoticVcf{
    kIcd, "M80.08XA", "Age-related osteoporosis w current pathological fracture, vertebra(e)"};
const Code kBackPain{kIcd, "M54.50", "Low back pain, unspecified"};
const Code kVertebralOsteomyelitis{kIcd, "M46.26", "Osteomyelitis of vertebra, lumbar region"};
const Code kFever{kIcd, "R50.9", "Fever, unspecified"};

ConditionSpec dx(const Code& c, const std::string& clinical = "active",
                 const std::string& verification = "confirmed") {
  return ConditionSpec{{c}, clinical, verification, "2024-05-20", "2024-05-20"};
}

std::vector<std::string> vcf_with(const ConditionSpec& extra) {
  return {condition("vcf", dx(kOsteoporoticVcf)), condition("pain", dx(kBackPain)),
          condition("flag", extra)};
}

bool names_topic(const auc::engine::Assessment& a, std::string_view topic) {
  for (const auto& f : a.red_flags) {
    if (f.kind->covering_topic == topic) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(red_flags)

BOOST_AUTO_TEST_CASE(vertebral_osteomyelitis_with_fever_is_suspected_spine_infection) {
  std::vector<std::string> conditions = vcf_with(dx(kVertebralOsteomyelitis));
  conditions.push_back(condition("fever", dx(kFever)));
  const Request r = request(order({kMriLumbarWithWithout}), conditions);
  const auto a = assess(r);
  BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
  BOOST_REQUIRE(a.red_flags.size() == 1u);
  BOOST_TEST(a.red_flags[0].kind->concept_id == "red-flag/spine-infection");
  BOOST_TEST(a.red_flags[0].evidence.reference() == "Condition/flag");
  BOOST_TEST(names_topic(a, "Suspected Spine Infection"));
  BOOST_TEST(a.alternatives.empty());
  BOOST_TEST(a.variant == nullptr);
  BOOST_TEST(a.reason.find("Suspected Spine Infection") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(infection_codes_in_icd_and_snomed_each_count) {
  for (const Code& c : {Code{kIcd, "M46.46", "Discitis, unspecified, lumbar region"},
                        Code{kIcd, "M46.36", "Infection of intervertebral disc (pyogenic), lumbar"},
                        Code{kIcd, "G06.1", "Intraspinal abscess and granuloma"},
                        Code{kSnomed, "203241002", "Osteomyelitis of vertebra"},
                        Code{kSnomed, "2304001", "Discitis"}}) {
    const Request r = request(order({kMriLumbarWithout}), vcf_with(dx(c)));
    const auto a = assess(r);
    BOOST_TEST(names_topic(a, "Suspected Spine Infection"), c.code);
  }
  // Suspected, not yet confirmed: exactly when the other topic's imaging is wanted.
  const Request r = request(order({kMriLumbarWithout}),
                            vcf_with(dx(kVertebralOsteomyelitis, "active", "provisional")));
  BOOST_TEST(names_topic(assess(r), "Suspected Spine Infection"));
}

BOOST_AUTO_TEST_CASE(fever_alone_is_not_a_red_flag) {
  const Request r = request(order({kMriLumbarWithout}), vcf_with(dx(kFever)));
  const auto a = assess(r);
  BOOST_TEST(a.red_flags.empty());
  BOOST_TEST((a.outcome == Outcome::kRated));
}

BOOST_AUTO_TEST_CASE(refuted_entered_in_error_and_resolved_red_flags_do_not_count) {
  for (const auto& [clinical, verification] :
       std::vector<std::pair<std::string, std::string>>{{"active", "refuted"},
                                                        {"active", "entered-in-error"},
                                                        {"resolved", "confirmed"},
                                                        {"inactive", "confirmed"}}) {
    const Request r = request(order({kMriLumbarWithout}),
                              vcf_with(dx(kVertebralOsteomyelitis, clinical, verification)));
    const auto a = assess(r);
    BOOST_TEST(a.red_flags.empty(), clinical << "/" << verification);
    BOOST_TEST((a.outcome == Outcome::kRated), clinical << "/" << verification);
  }
}

BOOST_AUTO_TEST_CASE(cauda_equina_and_cord_compression_name_their_topics) {
  const Request cauda = request(order({kMriLumbarWithout}),
                                vcf_with(dx({kSnomed, "192970008", "Cauda equina syndrome"})));
  BOOST_TEST(names_topic(assess(cauda), "Low Back Pain"));
  const Request icd_cauda =
      request(order({kMriLumbarWithout}), vcf_with(dx({kIcd, "G83.4", "Cauda equina syndrome"})));
  BOOST_TEST(names_topic(assess(icd_cauda), "Low Back Pain"));
  const Request cord = request(order({kMriLumbarWithout}),
                               vcf_with(dx({kSnomed, "71286001", "Spinal cord compression"})));
  BOOST_TEST(names_topic(assess(cord), "Myelopathy"));
}

BOOST_AUTO_TEST_CASE(burst_fractures_are_major_trauma_by_the_sixth_character) {
  // S32.0 lumbar vertebra; 5th character the vertebra; 6th: 0 wedge compression, 1 stable
  // burst, 2 unstable burst, 8 other, 9 unspecified; 7th A initial encounter (closed).
  for (const char* code : {"S32.011A", "S32.012A", "S32.041A", "S22.061A", "S22.082B"}) {
    const Request r = request(
        order({kMriLumbarWithout}),
        {condition("fx", dx({kIcd, code, "burst fracture"})), condition("pain", dx(kBackPain))});
    const auto a = assess(r);
    BOOST_TEST(names_topic(a, "Acute Spinal Trauma"), code);
    BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply), code);
  }
}

BOOST_AUTO_TEST_CASE(a_low_energy_wedge_compression_fracture_stays_in_the_topic) {
  for (const char* code : {"S32.010A", "S22.060A", "S32.019A"}) {
    const Request r = request(order({kMriLumbarWithout}),
                              {condition("fx", dx({kIcd, code, "wedge compression fracture"})),
                               condition("pain", dx(kBackPain))});
    const auto a = assess(r);
    BOOST_TEST(a.red_flags.empty(), code);
    BOOST_TEST((a.outcome == Outcome::kRated), code);
  }
  // The sequela of an old burst fracture is not major trauma now.
  const Request old = request(order({kMriLumbarWithout}),
                              {condition("fx", dx(kOsteoporoticVcf)),
                               condition("old", dx({kIcd, "S32.011S", "burst fracture, sequela"})),
                               condition("pain", dx(kBackPain))});
  BOOST_TEST(assess(old).red_flags.empty());
}

BOOST_AUTO_TEST_CASE(a_high_energy_cause_takes_a_fracture_out_but_not_a_fractureless_record) {
  const Code car{kIcd, "V43.52XA", "Car driver injured in collision with car in traffic accident"};
  const Code wedge{kIcd, "S32.010A", "Wedge compression fracture of first lumbar vertebra"};
  const Request crash = request(order({kMriLumbarWithout}),
                                {condition("fx", dx(wedge)), condition("cause", dx(car))});
  const auto a = assess(crash);
  BOOST_TEST(names_topic(a, "Acute Spinal Trauma"));
  BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));

  const Request fall = request(order({kMriLumbarWithout}),
                               {condition("fx", dx(wedge)),
                                condition("cause", dx({kIcd, "W13.9XXA", "Fall from building"}))});
  BOOST_TEST(names_topic(assess(fall), "Acute Spinal Trauma"));

  const Request no_fracture =
      request(order({kMriLumbarWithout}), {condition("cause", dx(car))}, {});
  BOOST_TEST(assess(no_fracture).red_flags.empty());

  // A skateboard fall (V00) is not a high-energy mechanism.
  const Request board = request(order({kMriLumbarWithout}),
                                {condition("fx", dx(wedge)),
                                 condition("cause", dx({kIcd, "V00.131A", "Fall from skateboard"})),
                                 condition("p", dx(kBackPain))});
  BOOST_TEST(assess(board).red_flags.empty());
}

BOOST_AUTO_TEST_CASE(steroid_induced_osteoporotic_fracture_stays_in_the_topic) {
  for (const Code& c : {Code{kIcd, "Z79.52", "Long term (current) use of systemic steroids"},
                        Code{kSnomed, "297279009", "Steroid therapy"},
                        Code{kIcd, "Z79.620", "Long term use of immunosuppressive biologic"},
                        Code{kIcd, "Z21", "Asymptomatic HIV infection status"},
                        Code{kIcd, "R63.4", "Abnormal weight loss"}}) {
    const Request r = request(order({kMriLumbarWithout}), vcf_with(dx(c)));
    const auto a = assess(r);
    BOOST_TEST(a.red_flags.empty(), c.code);
    BOOST_REQUIRE_MESSAGE(a.variant != nullptr, c.code);
    BOOST_TEST(a.variant->number == 1, c.code);
  }
}

BOOST_AUTO_TEST_CASE(a_red_flag_in_the_orders_reason_counts_and_no_settling_study_is_offered) {
  const Request r =
      request(order({kKyphoplastyLumbar}, {kVertebralOsteomyelitis}),
              {condition("vcf", dx(kOsteoporoticVcf)), condition("pain", dx(kBackPain))});
  const auto a = assess(r);
  BOOST_REQUIRE(a.red_flags.size() == 1u);
  BOOST_TEST(a.red_flags[0].evidence.resource_type == "ServiceRequest");
  BOOST_TEST(a.settling_study.procedure == nullptr);
  BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
}

BOOST_AUTO_TEST_SUITE_END()
