// Every variant reached from realistic coded data, in ICD-10-CM and in SNOMED CT forms.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Outcome;

namespace {

struct Vocabulary {
  const char* name;
  Code vcf_osteoporotic, vcf_unspecified, vcf_neoplastic, malignancy, back_pain, kyphosis,
      prior_fusion;
};

const Vocabulary kIcdForms{
    "ICD-10-CM",
    {kIcd, "M80.08XA",
     "Age-related osteoporosis w current pathological fracture, vertebra(e), init"},
    {kIcd, "M48.56XA", "Collapsed vertebra, NEC, lumbar region, init"},
    {kIcd, "M84.58XA", "Pathological fracture in neoplastic disease, other site, init"},
    {kIcd, "Z85.3", "Personal history of malignant neoplasm of breast"},
    {kIcd, "M54.50", "Low back pain, unspecified"},
    {kIcd, "M40.209", "Unspecified kyphosis, site unspecified"},
    {kSnomed, "55705006", "Spinal arthrodesis"},
};

const Vocabulary kSnomedForms{
    "SNOMED CT",
    {kSnomed, "240198002", "Osteoporotic vertebral collapse"},
    {kSnomed, "426646004", "Compression fracture of lumbar spine"},
    {kSnomed, "274146004", "Pathological fracture of vertebra"},
    {kSnomed, "94222008", "Secondary malignant neoplasm of bone"},
    {kSnomed, "279039007", "Low back pain"},
    {kSnomed, "414564002", "Kyphosis deformity of spine"},
    {kSnomed, "50172003", "Lumbar spinal fusion"},
};

const Code kMriLumbarWithout{kCpt, "72148", "MRI lumbar spine without contrast"};
const Code kKyphoplastyLumbar{kCpt, "22514", "Percutaneous vertebral augmentation, lumbar"};
const Code kKyphoplastyDone{kCpt, "22513", "Percutaneous vertebral augmentation, thoracic"};
const Code kMriReport{kLoinc, "30679-5", "MR Lumbar spine WO contrast"};
const Code kEdema{kLocalFindings, "RF-BME", "Bone marrow edema of vertebral body on MRI"};

ConditionSpec dx(const Code& c, const std::string& onset = "2024-05-20") {
  return ConditionSpec{{c}, "active", "confirmed", onset, onset};
}

struct Case {
  const char* name;
  Code ordered;
  int expected_variant;  // 0: no criteria apply
  std::vector<std::string> (*conditions)(const Vocabulary&);
  std::vector<std::string> (*others)(const Vocabulary&);
};

std::vector<std::string> none(const Vocabulary&) {
  return {};
}

const Case kCases[] = {
    {"v1 new symptomatic fracture, no malignancy", kMriLumbarWithout, 1,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_unspecified)),
                                       condition("c2", dx(v.back_pain))};
     },
     none},
    {"v2 symptomatic fracture with malignancy", kMriLumbarWithout, 2,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_unspecified)),
                                       condition("c2", dx(v.back_pain)),
                                       condition("c3", dx(v.malignancy, "2019-03-01"))};
     },
     none},
    {"v3 new back pain after augmentation", kMriLumbarWithout, 3,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_osteoporotic)),
                                       condition("c2", dx(v.back_pain))};
     },
     [](const Vocabulary&) {
       return std::vector<std::string>{
           procedure("p1", kKyphoplastyDone, "completed", "2023-01-10")};
     }},
    {"v3 new back pain after spine fusion", kMriLumbarWithout, 3,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_unspecified)),
                                       condition("c2", dx(v.back_pain))};
     },
     [](const Vocabulary& v) {
       return std::vector<std::string>{procedure("p1", v.prior_fusion, "completed", "2020-02-02")};
     }},
    {"v4 asymptomatic fracture with malignancy", kMriLumbarWithout, 4,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_unspecified)),
                                       condition("c3", dx(v.malignancy, "2019-03-01"))};
     },
     none},
    {"imaging: asymptomatic without malignancy", kMriLumbarWithout, 0,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_osteoporotic))};
     },
     none},
    {"v5 asymptomatic osteoporotic fracture", kKyphoplastyLumbar, 5,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_osteoporotic))};
     },
     none},
    {"v6 symptomatic osteoporotic fracture with edema", kKyphoplastyLumbar, 6,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_osteoporotic)),
                                       condition("c2", dx(v.back_pain))};
     },
     [](const Vocabulary&) {
       return std::vector<std::string>{report("r1", kMriReport, {kEdema}, "2024-05-25")};
     }},
    {"v7 new symptomatic fracture after vertebroplasty", kKyphoplastyLumbar, 7,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_osteoporotic)),
                                       condition("c2", dx(v.back_pain))};
     },
     [](const Vocabulary&) {
       return std::vector<std::string>{
           procedure("p1", kKyphoplastyDone, "completed", "2022-11-03")};
     }},
    {"v8 benign fracture with kyphosis", kKyphoplastyLumbar, 8,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_osteoporotic)),
                                       condition("c2", dx(v.kyphosis, "2023-01-01"))};
     },
     none},
    {"v9 pathological fracture with pain", kKyphoplastyLumbar, 9,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_neoplastic)),
                                       condition("c2", dx(v.back_pain))};
     },
     none},
    {"treatment: symptomatic osteoporotic without MRI", kKyphoplastyLumbar, 0,
     [](const Vocabulary& v) {
       return std::vector<std::string>{condition("c1", dx(v.vcf_osteoporotic)),
                                       condition("c2", dx(v.back_pain))};
     },
     none},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(variants)

BOOST_AUTO_TEST_CASE(every_variant_from_icd_and_snomed_data) {
  for (const Vocabulary* vocab : {&kIcdForms, &kSnomedForms}) {
    for (const Case& c : kCases) {
      BOOST_TEST_CONTEXT(vocab->name << ": " << c.name) {
        const Request r = request(order({c.ordered}), c.conditions(*vocab), c.others(*vocab),
                                  patient("1948-04-02"));
        const auto a = assess(r);
        if (c.expected_variant == 0) {
          BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
          BOOST_TEST(a.variant == nullptr);
          BOOST_TEST(!a.reason.empty());
        } else {
          BOOST_TEST((a.outcome == Outcome::kRated), a.reason);
          BOOST_REQUIRE(a.variant != nullptr);
          BOOST_TEST(a.variant->number == c.expected_variant);
          BOOST_REQUIRE(a.ordered != nullptr);
          BOOST_TEST(a.ordered->id == std::string(a.procedure_id));
          BOOST_TEST(!a.decided_by.empty());
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(asymptomatic_without_malignancy_mentions_variant_5) {
  const Request r =
      request(order({kMriLumbarWithout}), {condition("c1", dx(kIcdForms.vcf_osteoporotic))});
  const auto a = assess(r);
  BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
  BOOST_TEST(a.reason.find("variant 5") != std::string::npos);
  BOOST_TEST(a.reason.find("medical management") != std::string::npos);
  // Symptoms were assumed absent: had they been present, variant 1 would apply.
  bool saw_v1 = false;
  for (const auto& alt : a.alternative_variants) {
    if (alt.variant != nullptr && alt.variant->number == 1 &&
        alt.criterion == auc::engine::Criterion::kSymptomatic && alt.criterion_value) {
      saw_v1 = true;
      BOOST_REQUIRE(alt.ordered != nullptr);
      BOOST_TEST(alt.ordered->rating == 9);  // MRI without contrast, variant 1
    }
  }
  BOOST_TEST(saw_v1);
}

BOOST_AUTO_TEST_CASE(unknown_symptoms_give_variant_4_with_variant_2_alternative) {
  const Request r = request(order({{kCpt, "72132", "CT lumbar spine with contrast"}}),
                            {condition("c1", dx(kIcdForms.vcf_unspecified)),
                             condition("c3", dx(kIcdForms.malignancy, "2015-01-01"))});
  const auto a = assess(r);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 4);
  BOOST_TEST(a.fact(auc::engine::FactId::kSymptomatic).confidence ==
             auc::engine::Confidence::kAssumed);
  BOOST_TEST((std::find(a.assumed.begin(), a.assumed.end(), auc::engine::FactId::kSymptomatic) !=
              a.assumed.end()));
  BOOST_REQUIRE(!a.alternative_variants.empty());
  const auto& alt = a.alternative_variants.front();
  BOOST_REQUIRE(alt.variant != nullptr);
  BOOST_TEST(alt.variant->number == 2);
  BOOST_REQUIRE(alt.ordered != nullptr);
  BOOST_TEST(alt.ordered->id == "ct-spine-with-iv-contrast");
  BOOST_TEST(alt.ordered->rating == 3);
}

BOOST_AUTO_TEST_CASE(augmentation_without_edema_points_at_mri) {
  const Request r = request(
      order({kKyphoplastyLumbar}),
      {condition("c1", dx(kIcdForms.vcf_osteoporotic)), condition("c2", dx(kIcdForms.back_pain))});
  const auto a = assess(r);
  BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
  BOOST_REQUIRE(a.settling_study.procedure != nullptr);
  BOOST_TEST(a.settling_study.procedure->id == "mri-spine-without-iv-contrast");
  BOOST_REQUIRE(!a.settling_study.codes.empty());
  BOOST_TEST(a.settling_study.codes.front()->code == "72148");
  bool note = false;
  for (const auto& n : a.notes)
    note = note || n.find("MRI spine without IV contrast") != std::string::npos;
  BOOST_TEST(note);
  bool v6 = false;
  for (const auto& alt : a.alternative_variants) {
    v6 = v6 || (alt.variant && alt.variant->number == 6 &&
                alt.criterion == auc::engine::Criterion::kMarrowEdemaOrCleft);
  }
  BOOST_TEST(v6);
}

BOOST_AUTO_TEST_CASE(no_fracture_means_no_criteria_apply) {
  const Request r = request(order({kMriLumbarWithout}), {condition("c2", dx(kIcdForms.back_pain))});
  const auto a = assess(r);
  BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
  BOOST_TEST(a.reason.find("no vertebral compression fracture") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(fracture_in_the_orders_reason_is_enough) {
  const Request r =
      request(order({kMriLumbarWithout}, {kIcdForms.vcf_osteoporotic, kSnomedForms.back_pain}), {});
  const auto a = assess(r);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 1);
  const auto& radiographs = a.fact(auc::engine::FactId::kIdentifiedOnRadiographs);
  BOOST_TEST(radiographs.present);
  BOOST_TEST(radiographs.confidence == auc::engine::Confidence::kInferred);
  BOOST_TEST(a.fact(auc::engine::FactId::kSymptomatic).evidence.front().reference() ==
             "ServiceRequest/order-1");
}

BOOST_AUTO_TEST_CASE(unmapped_and_empty_orders) {
  for (const auto& codes :
       {std::vector<Code>{{"", "", ""}}, std::vector<Code>{},
        std::vector<Code>{{kCpt, "99213", "Office visit"}}, std::vector<Code>{{kCpt, "", ""}}}) {
    const Request r = request(order(codes), {condition("c1", dx(kIcdForms.vcf_osteoporotic))});
    const auto a = assess(r);
    BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
    BOOST_TEST(a.procedure_id.empty());
    BOOST_TEST(!a.reason.empty());
  }
}

BOOST_AUTO_TEST_SUITE_END()
