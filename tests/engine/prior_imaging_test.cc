// Prior and pending imaging: the identical study done recently is named, and neither it nor a
// study already among the draft orders is suggested again.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Outcome;

namespace {

const Code kMriLumbarWithout{kCpt, "72148", "MRI lumbar spine without contrast"};
const Code kMriThoracicWithout{kCpt, "72146", "MRI thoracic spine without contrast"};
const Code kMriReport{kLoinc, "30679-5", "MR Lumbar spine WO contrast"};
const Code kCtLumbarWith{kCpt, "72132", "CT lumbar spine with contrast"};
const Code kKyphoplastyLumbar{kCpt, "22514", "Percutaneous vertebral augmentation, lumbar"};
const Code kVcf{kIcd, "M48.56XA", "Collapsed vertebra, NEC, lumbar region, init"};
const Code kOsteoporoticVcf{
    kIcd, "M80.08XA", "Age-related osteoporosis w current pathological fracture, vertebra(e)"};
const Code kBackPain{kIcd, "M54.50", "Low back pain, unspecified"};

ConditionSpec dx(const Code& c) {
  return ConditionSpec{{c}, "active", "confirmed", "2024-05-20", "2024-05-20"};
}

// An Epic-style ImagingStudy: CPT procedure code, MR series, started at a given time.
std::string imaging_study(const std::string& id, const Code& code, const std::string& started,
                          const std::string& status = "available") {
  return R"({"resourceType": "ImagingStudy", "id": ")" + id + R"(", "status": ")" + status +
         R"(", "modality": [{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "MR"}],
         "subject": {"reference": "Patient/p1"}, "started": ")" +
         started + R"(", "procedureCode": [)" + concept_json({code}) + R"(]})";
}

std::vector<std::string> v1() {
  return {condition("vcf", dx(kVcf)), condition("pain", dx(kBackPain))};
}

auc::engine::Assessment assess_with_drafts(const Request& r,
                                           std::vector<const auc::fhir::ServiceRequest*> others) {
  auc::engine::AssessmentOptions options;
  options.other_drafts = others;
  return auc::engine::assess(kb(), r.order, r.record, at(kNow), options);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(prior_imaging)

BOOST_AUTO_TEST_CASE(the_identical_mri_three_days_ago_is_named_with_study_and_report) {
  const Request r = request(order({kMriLumbarWithout}), v1(),
                            {imaging_study("is-1", kMriLumbarWithout, "2024-05-29T09:10:00Z"),
                             report("dr-1", kMriReport, {}, "2024-05-29T09:10:00Z")});
  const auto a = assess(r);
  BOOST_TEST((a.outcome == Outcome::kRated));
  BOOST_REQUIRE(a.prior_of_order.size() == 1u);
  BOOST_TEST(a.prior_of_order[0].days_ago == 3);
  BOOST_REQUIRE(a.prior_of_order[0].sources.size() == 2u);
  BOOST_TEST(a.prior_of_order[0].sources[0].reference() == "ImagingStudy/is-1");
  BOOST_TEST(a.prior_of_order[0].sources[1].reference() == "DiagnosticReport/dr-1");
}

BOOST_AUTO_TEST_CASE(outside_the_window_other_regions_and_unfinished_studies_do_not_count) {
  for (const std::string& other :
       {imaging_study("old", kMriLumbarWithout, "2024-03-01T09:00:00Z"),
        imaging_study("thoracic", kMriThoracicWithout, "2024-05-29T09:00:00Z"),
        imaging_study("cancelled", kMriLumbarWithout, "2024-05-29T09:00:00Z", "cancelled"),
        imaging_study("registered", kMriLumbarWithout, "2024-05-29T09:00:00Z", "registered"),
        report("prelim", kMriReport, {}, "2024-05-29T09:00:00Z", "preliminary"),
        procedure("not-done", kMriLumbarWithout, "not-done", "2024-05-29")}) {
    const Request r = request(order({kMriLumbarWithout}), v1(), {other});
    BOOST_TEST(assess(r).prior_of_order.empty(), other);
  }
  const Request done = request(order({kMriLumbarWithout}), v1(),
                               {procedure("pr-1", kMriLumbarWithout, "completed", "2024-05-25")});
  BOOST_TEST(assess(done).prior_of_order.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_recent_better_study_is_listed_but_never_offered) {
  const Request r = request(order({kCtLumbarWith}), v1(),
                            {imaging_study("is-1", kMriLumbarWithout, "2024-05-29T09:10:00Z")});
  const auto a = assess(r);
  BOOST_REQUIRE(!a.alternatives.empty());
  bool found = false;
  for (const auto& alt : a.alternatives) {
    if (alt.procedure->id != "mri-spine-without-iv-contrast") continue;
    found = true;
    BOOST_TEST(!alt.offerable());
    BOOST_TEST(alt.done_recently.sources.front().reference() == "ImagingStudy/is-1");
  }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(a_drafted_study_is_marked_as_drafted) {
  Request r = request(order({kCtLumbarWith}), v1());
  const Request other = request(order({kMriLumbarWithout}), {});
  auc::fhir::ServiceRequest drafted = other.order;
  drafted.id = "draft-mri";
  const auto a = assess_with_drafts(r, {&drafted});
  BOOST_REQUIRE(!a.alternatives.empty());
  BOOST_TEST(a.alternatives.front().procedure->id == "mri-spine-without-iv-contrast");
  BOOST_TEST(a.alternatives.front().drafted_as == "ServiceRequest/draft-mri");
  BOOST_TEST(!a.alternatives.front().offerable());
}

BOOST_AUTO_TEST_CASE(no_settling_mri_when_one_was_just_done_or_is_drafted) {
  const std::vector<std::string> symptomatic = {condition("vcf", dx(kOsteoporoticVcf)),
                                                condition("pain", dx(kBackPain))};
  const Request without = request(order({kKyphoplastyLumbar}), symptomatic);
  BOOST_TEST(assess(without).settling_study.procedure != nullptr);  // the premise
  const Request done = request(order({kKyphoplastyLumbar}), symptomatic,
                               {imaging_study("is-1", kMriLumbarWithout, "2024-05-29T09:10:00Z")});
  const auto a = assess(done);
  BOOST_TEST(a.settling_study.procedure == nullptr);
  bool noted = false;
  for (const auto& n : a.notes) noted = noted || n.find("ImagingStudy/is-1") != std::string::npos;
  BOOST_TEST(noted);

  const Request other = request(order({kMriLumbarWithout}), {});
  auc::fhir::ServiceRequest drafted = other.order;
  drafted.id = "draft-mri";
  BOOST_TEST(assess_with_drafts(without, {&drafted}).settling_study.procedure == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
