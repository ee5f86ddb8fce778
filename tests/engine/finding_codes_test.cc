// Variant 6 reached by codes alone: SNOMED CT bone marrow edema and intravertebral cleft
// (Kümmell) on an MRI report's conclusionCode, with the shipped tables.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::FactId;

namespace {

const Code kVcfOsteoporotic{
    kIcd, "M80.08XA",
    "Age-related osteoporosis w current pathological fracture, vertebra(e), "
    "init"};
const Code kBackPain{kIcd, "M54.50", "Low back pain, unspecified"};
const Code kKyphoplastyLumbar{kCpt, "22514", "Percutaneous vertebral augmentation, lumbar"};
const Code kMriLumbar{kLoinc, "30679-5", "MR Lumbar spine WO contrast"};

ConditionSpec dx(const Code& c) {
  return ConditionSpec{{c}, "active", "confirmed", "2024-05-20", "2024-05-20"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(finding_codes)

BOOST_AUTO_TEST_CASE(snomed_edema_and_cleft_reach_variant_6_without_text) {
  for (const Code& finding : {Code{kSnomed, "445269007", ""}, Code{kSnomed, "203674004", ""}}) {
    BOOST_TEST_CONTEXT(finding.code) {
      const Request r =
          request(order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
                  {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
                  {report("r1", kMriLumbar, {finding}, "2024-05-25")});
      const auto a = assess(r);
      const auto& edema = a.facts[static_cast<std::size_t>(FactId::kMarrowEdemaOrCleft)];
      BOOST_TEST(edema.present);
      BOOST_TEST_REQUIRE(!edema.evidence.empty());
      BOOST_TEST(edema.evidence.front().code == finding.code);
      BOOST_TEST(!edema.evidence.front().from_text());
      BOOST_TEST_REQUIRE(a.variant != nullptr);
      BOOST_TEST(a.variant->number == 6);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_finding_codes_are_marked_unverified) {
  // Added without a terminology source to check against: never written into a suggestion.
  for (const char* code : {"445269007", "203674004"}) {
    const auto* m = kb().terminology().lookup(kSnomed, code);
    BOOST_TEST_REQUIRE(m != nullptr, code);
    BOOST_TEST(m->unverified, code);
  }
}

BOOST_AUTO_TEST_SUITE_END()
