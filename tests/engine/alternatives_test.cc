// Alternatives: the variant's better-rated procedures, in the knowledge base's documented order,
// expressed as orderable codes in the order's region.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::RatedProcedure;
using auc::engine::Region;

namespace {

const Code kVcfLumbar{kIcd, "M48.56XA", "Collapsed vertebra, NEC, lumbar region, init"};
const Code kBackPain{kIcd, "M54.50", "Low back pain, unspecified"};
const Code kCancer{kIcd, "Z85.3", "Personal history of malignant neoplasm of breast"};
const Code kKyphoplasty{kCpt, "22513", "Kyphoplasty thoracic"};

// Conditions and other resources that put the patient in imaging variant n.
Request patient_in_variant(int n, const std::vector<Code>& ordered, const std::string& birth) {
  std::vector<std::string> conditions{
      condition("c1", {{kVcfLumbar}, "active", "confirmed", "2024-05-20", ""})};
  std::vector<std::string> others;
  if (n != 4) conditions.push_back(condition("c2", {{kBackPain}, "active", "", "2024-05-21", ""}));
  if (n == 2 || n == 4) conditions.push_back(condition("c3", {{kCancer}, "", "", "2018", ""}));
  if (n == 3) others.push_back(procedure("p1", kKyphoplasty, "completed", "2022-01-01"));
  return request(order(ordered), conditions, others, patient(birth));
}

// The first CPT (else LOINC) code of a procedure in the region, as an order would carry it.
Code order_code(const std::string& id, Region region) {
  for (Region r : {region, Region::kWholeBody, Region::kUnspecified}) {
    for (const auto* m : kb().terminology().codes_for("procedure/" + id, r)) {
      if (m->region == r && (m->system == auc::engine::kCpt || m->system == auc::engine::kLoinc)) {
        return {m->system, m->code, m->display};
      }
    }
  }
  return {};
}

bool same_keys(const RatedProcedure& a, const RatedProcedure& b, bool peds) {
  const auto& ra = peds ? a.rrl_peds : a.rrl_adult;
  const auto& rb = peds ? b.rrl_peds : b.rrl_adult;
  return auc::engine::category_rank(a.category) == auc::engine::category_rank(b.category) &&
         a.rating == b.rating && ra.level == rb.level && a.soe_rank == b.soe_rank;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(alternatives)

BOOST_AUTO_TEST_CASE(each_imaging_variant_and_ordered_procedure) {
  const auto& topic = kb().topics().front();
  std::size_t checked = 0;
  for (const char* birth : {"1948-04-02", "2012-09-09"}) {
    const bool peds = std::string(birth) == "2012-09-09";
    for (int n = 1; n <= 4; ++n) {
      const auto* variant = topic.variant(n);
      BOOST_REQUIRE(variant != nullptr);
      const auto ranked = kb().ranked(*variant, peds);
      for (const RatedProcedure& ordered : variant->procedures) {
        const Code code = order_code(ordered.id, Region::kLumbar);
        BOOST_REQUIRE_MESSAGE(!code.code.empty(), ordered.id);
        BOOST_TEST_CONTEXT("variant " << n << ", " << ordered.id << " (" << code.code << ")"
                                      << (peds ? ", paediatric" : "")) {
          const auto patient = patient_in_variant(n, {code}, birth);
          const auto a = assess(patient);
          BOOST_REQUIRE(a.variant != nullptr);
          BOOST_TEST(a.variant->number == n);
          BOOST_TEST(a.pediatric == peds);
          BOOST_REQUIRE(a.ordered != nullptr);
          BOOST_TEST(a.ordered->id == ordered.id);
          std::vector<std::string> expected, actual;
          for (const RatedProcedure* p : ranked) {
            if (p->id == ordered.id) break;
            if (!same_keys(*p, ordered, peds)) expected.push_back(p->id);
          }
          for (const auto& alt : a.alternatives) actual.push_back(alt.procedure->id);
          BOOST_TEST(actual == expected, boost::test_tools::per_element());
          // Codes are in the order's region (the fracture's, lumbar, for whole-body orders).
          BOOST_TEST((a.alternatives_region == Region::kLumbar));
          for (const auto& alt : a.alternatives) {
            BOOST_TEST(!alt.codes.empty(), alt.procedure->id);
            for (const auto* m : alt.codes) {
              BOOST_TEST((m->region == Region::kLumbar || m->region == Region::kUnspecified ||
                          m->region == Region::kWholeBody));
            }
          }
          ++checked;
        }
      }
    }
  }
  BOOST_TEST(checked > 60u);
}

BOOST_AUTO_TEST_CASE(variant_1_ct_with_contrast_lumbar_hand_checked) {
  // Seed table, variant 1: MRI without IV contrast (UA, 9) then CT without IV contrast (UA, 8).
  const auto patient =
      patient_in_variant(1, {{kCpt, "72132", "CT lumbar with contrast"}}, "1950-01-01");
  const auto a = assess(patient);
  BOOST_REQUIRE(a.ordered != nullptr);
  BOOST_TEST(a.ordered->rating == 3);
  BOOST_REQUIRE(a.alternatives.size() >= 2u);
  BOOST_TEST(a.alternatives[0].procedure->id == "mri-spine-without-iv-contrast");
  BOOST_TEST(a.alternatives[0].codes.front()->code == "72148");
  BOOST_TEST(a.alternatives[1].procedure->id == "ct-spine-without-iv-contrast");
  BOOST_TEST(a.alternatives[1].codes.front()->code == "72131");
}

BOOST_AUTO_TEST_CASE(variant_2_mri_without_contrast_cervical_hand_checked) {
  // Seed table, variant 2: MRI without and with IV contrast is UA 9; MRI without is UA 7 and
  // ties CT without (UA 7) on rating but has no radiation, so only the 9 is better.
  std::vector<std::string> conditions{
      condition("c1",
                {{{kIcd, "M48.52XA", "Collapsed vertebra, cervical"}}, "", "", "2024-05-01", ""}),
      condition("c2", {{{kIcd, "M54.2", "Cervicalgia"}}, "active", "", "2024-05-02", ""}),
      condition("c3", {{{kSnomed, "109989006", "Multiple myeloma"}}, "remission", "", "", ""})};
  const auto req1 = request(order({{kCpt, "72141", "MRI cervical without"}}), conditions);
  const auto a = assess(req1);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 2);
  BOOST_REQUIRE(a.alternatives.size() == 1u);
  BOOST_TEST(a.alternatives[0].procedure->id == "mri-spine-without-and-with-iv-contrast");
  BOOST_TEST(a.alternatives[0].codes.front()->code == "72156");
}

BOOST_AUTO_TEST_CASE(whole_body_order_without_known_region_uses_unspecified_spine_codes) {
  std::vector<std::string> conditions{
      condition("c1", {{{kSnomed, "42942008", "Compression fracture of vertebral column"}},
                       "",
                       "",
                       "2024-05-01",
                       ""}),
      condition("c2", {{kBackPain}, "active", "", "2024-05-02", ""})};
  const auto req2 = request(order({{kCpt, "78306", "Bone scan whole body"}}), conditions);
  const auto a = assess(req2);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST((a.region == Region::kWholeBody));
  BOOST_TEST((a.alternatives_region == Region::kUnspecified));
  BOOST_REQUIRE(!a.alternatives.empty());
  BOOST_TEST(a.alternatives[0].codes.front()->code == "36531-2");  // MR spine WO contrast
}

BOOST_AUTO_TEST_SUITE_END()
