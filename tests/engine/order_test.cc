// Ordered-study recognition: every rated procedure code in the terminology data, by region.
#include <boost/test/unit_test.hpp>
#include <set>

#include "engine/order/ordered_study.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Region;

namespace {

auc::engine::OrderedStudy recognise(const std::vector<Code>& codes) {
  const Request r = request(order(codes), {});
  return auc::engine::recognise_order(kb().terminology(), r.order);
}

const char* kSpineProcedures[] = {
    "mri-spine-without-iv-contrast",
    "mri-spine-with-iv-contrast",
    "mri-spine-without-and-with-iv-contrast",
    "ct-spine-without-iv-contrast",
    "ct-spine-with-iv-contrast",
    "ct-spine-without-and-with-iv-contrast",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ordered_study)

BOOST_AUTO_TEST_CASE(every_procedure_code_in_the_data_is_recognised) {
  std::size_t checked = 0;
  for (const auto& m : kb().terminology().mappings()) {
    if (m.concept_id.rfind("procedure/", 0) != 0) continue;
    if (m.system != auc::engine::kCpt && m.system != auc::engine::kLoinc) continue;
    BOOST_TEST_CONTEXT(m.system << "|" << m.code) {
      const auto s = recognise({{m.system, m.code, m.display}});
      BOOST_TEST(std::string(s.procedure_id) == m.concept_id.substr(10));
      BOOST_TEST((s.region == m.region));
      ++checked;
    }
  }
  BOOST_TEST(checked > 40u);
}

BOOST_AUTO_TEST_CASE(spine_mri_and_ct_have_cpt_and_loinc_in_every_region) {
  for (const char* id : kSpineProcedures) {
    for (Region region : {Region::kCervical, Region::kThoracic, Region::kLumbar}) {
      std::set<std::string> systems;
      for (const auto* m : kb().terminology().codes_for(std::string("procedure/") + id, region)) {
        if (m->region != region) continue;
        systems.insert(m->system);
        const auto s = recognise({{m->system, m->code, m->display}});
        BOOST_TEST(std::string(s.procedure_id) == id);
        BOOST_TEST((s.region == region));
      }
      BOOST_TEST_CONTEXT(id << " in " << auc::engine::region_label(region)) {
        BOOST_TEST(systems.count(std::string(auc::engine::kCpt)) == 1u);
        BOOST_TEST(systems.count(std::string(auc::engine::kLoinc)) == 1u);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(hand_checked_codes) {
  struct Case {
    std::vector<Code> codes;
    const char* procedure;
    Region region;
  };
  const Case cases[] = {
      {{{kCpt, "72148", ""}}, "mri-spine-without-iv-contrast", Region::kLumbar},
      {{{kLoinc, "30679-5", ""}}, "mri-spine-without-iv-contrast", Region::kLumbar},
      {{{kCpt, "72129", ""}}, "ct-spine-with-iv-contrast", Region::kThoracic},
      // CT "with contrast" plus a myelography injection is CT myelography.
      {{{kCpt, "72132", ""}, {kCpt, "62304", ""}}, "ct-myelography-spine", Region::kLumbar},
      {{{kCpt, "62302", ""}, {kCpt, "72126", ""}}, "ct-myelography-spine", Region::kCervical},
      {{{kLoinc, "24965-6", ""}}, "ct-myelography-spine", Region::kLumbar},
      // A LOINC without region takes the region of the CPT alongside it.
      {{{kLoinc, "36531-2", ""}, {kCpt, "72146", ""}},
       "mri-spine-without-iv-contrast",
       Region::kUnspecified},
      {{{kCpt, "78306", ""}}, "bone-scan-whole-body", Region::kWholeBody},
      {{{kCpt, "22514", ""}}, "percutaneous-vertebral-augmentation", Region::kLumbar},
      {{{kSnomed, "394451000119106", ""}}, "mri-spine-without-iv-contrast", Region::kLumbar},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.codes.front().code) {
      const auto s = recognise(c.codes);
      BOOST_TEST(std::string(s.procedure_id) == c.procedure);
      // The first mapped coding decides the region when it has one.
      if (c.region != Region::kUnspecified) BOOST_TEST((s.region == c.region));
    }
  }
  // The unspecified LOINC first: region comes from the CPT coding.
  BOOST_TEST(
      (recognise({{kLoinc, "36531-2", ""}, {kCpt, "72146", ""}}).region == Region::kThoracic));
  // CT with contrast alone stays CT with IV contrast.
  BOOST_TEST(std::string(recognise({{kCpt, "72132", ""}}).procedure_id) ==
             "ct-spine-with-iv-contrast");
}

BOOST_AUTO_TEST_CASE(body_site_gives_the_region_of_a_regionless_code) {
  const std::string text =
      R"({"order": {"resourceType": "ServiceRequest", "id": "o",
          "code": {"coding": [{"system": "http://loinc.org", "code": "36531-2"}]},
          "bodySite": [{"coding": [{"system": "http://snomed.info/sct", "code": "122495006"}]}]}})";
  const Request r = request_from_text(text);
  const auto s = auc::engine::recognise_order(kb().terminology(), r.order);
  BOOST_TEST(std::string(s.procedure_id) == "mri-spine-without-iv-contrast");
  BOOST_TEST((s.region == Region::kThoracic));
}

BOOST_AUTO_TEST_SUITE_END()
