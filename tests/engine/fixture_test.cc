// Whole hand-built requests from tests/fixtures/engine: realistic EHR data end to end.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "engine/assessment_json.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Confidence;
using auc::engine::FactId;

namespace {

struct Loaded {
  Request request;
  auc::engine::Assessment assessment;
};

Loaded load(const char* name) {
  Request r = request_from_text(read_file(std::string(AUC_FIXTURES_DIR) + "/engine/" + name));
  const std::string now((*r.doc)["now"].GetString());
  auto a = assess(r, now.c_str());
  return {std::move(r), std::move(a)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fixtures)

BOOST_AUTO_TEST_CASE(breast_cancer_in_remission_thoracic_ct_with_contrast) {
  const auto [r, a] = load("v2-breast-cancer-remission-snomed.json");
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 2);  // remission still counts as history of malignancy
  BOOST_TEST(a.procedure_id == "ct-spine-with-iv-contrast");
  BOOST_TEST((a.region == auc::engine::Region::kThoracic));
  BOOST_TEST(a.ordered->rating == 3);
  BOOST_TEST(a.fact(FactId::kMalignancyHistory).evidence.front().reference() ==
             "Condition/breast-ca");
  // The resolved 2021 low back pain does not count; the order's own reason does.
  BOOST_TEST(a.fact(FactId::kSymptomatic).evidence.size() == 1u);
  BOOST_TEST(a.fact(FactId::kSymptomatic).evidence.front().reference() ==
             "ServiceRequest/draft-ct");
  // The entered-in-error neoplastic fracture is ignored: etiology stays unspecified.
  BOOST_TEST(a.fact(FactId::kEtiology).value_text() == "unspecified");
  BOOST_TEST(a.fact(FactId::kIdentifiedOnRadiographs).confidence == Confidence::kDocumented);
  BOOST_TEST(a.fact(FactId::kFractureRegions).value_text() == "thoracic");
  BOOST_TEST(*a.fact(FactId::kAge).age == 66);
  BOOST_REQUIRE(!a.alternatives.empty());
  BOOST_TEST(a.alternatives.front().procedure->id == "mri-spine-without-and-with-iv-contrast");
  BOOST_TEST(a.alternatives.front().codes.front()->code == "72157");
}

BOOST_AUTO_TEST_CASE(myeloma_with_pain_kyphoplasty_is_variant_9) {
  const auto [r, a] = load("v9-myeloma-icd.json");
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 9);
  BOOST_TEST(a.ordered->id == "percutaneous-vertebral-augmentation");
  BOOST_TEST(a.ordered->rating == 7);
  BOOST_TEST(a.fact(FactId::kEtiology).value_text() == "neoplastic/pathological");
  BOOST_TEST(a.fact(FactId::kSymptomatic).evidence.front().reference() == "Observation/pain");
  BOOST_TEST(a.fact(FactId::kAge).confidence == Confidence::kInferred);  // year-only birthDate
  // Better rated in variant 9: surgical and radiation oncology consultation (8).
  BOOST_REQUIRE(a.alternatives.size() == 2u);
  BOOST_TEST(a.alternatives[0].procedure->rating == 8);
  BOOST_TEST(a.alternatives[1].procedure->rating == 8);
  // Same input, same bytes.
  BOOST_TEST(auc::engine::assessment_to_json(a) ==
             auc::engine::assessment_to_json(load("v9-myeloma-icd.json").assessment));
}

BOOST_AUTO_TEST_SUITE_END()
