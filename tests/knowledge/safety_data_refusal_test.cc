// Red flags and prior-imaging windows are data too: the service refuses to start on rows it
// cannot trust, naming file, row and field.
#include <boost/test/unit_test.hpp>

#include "engine/knowledge_base.h"
#include "tests/knowledge/knowledge_fixture.h"

namespace auc::test {
namespace {

engine::LoadError refusal_with(const std::string& fixture_name, const std::string& subdir) {
  DataDirCopy data;
  data.add(fixture_name, subdir);
  auto kb = engine::KnowledgeBase::load({data.path().string(), ""});
  BOOST_TEST_REQUIRE(!kb.has_value(), fixture_name << " must be refused");
  return kb.error();
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(safety_data_refusals)

BOOST_AUTO_TEST_CASE(the_shipped_red_flags_and_windows_load) {
  const auto& kb = shipped_knowledge_base();
  const auto* infection = kb.red_flags().find("red-flag/spine-infection");
  BOOST_REQUIRE(infection != nullptr);
  BOOST_TEST(infection->covering_topic == "Suspected Spine Infection");
  BOOST_TEST(kb.red_flags().find("red-flag/high-energy-injury")->needs_fracture);
  BOOST_TEST(kb.prior_imaging_windows().days(engine::Modality::kMri) == 30);
  BOOST_TEST(kb.prior_imaging_windows().days(engine::Modality::kIntervention) == 0);
}

BOOST_AUTO_TEST_CASE(a_red_flag_code_the_catalog_does_not_describe) {
  const auto e = refusal_with("terminology/undescribed-red-flag.csv", "terminology");
  BOOST_TEST(contains(e.file, "undescribed-red-flag.csv"));
  BOOST_TEST(e.location == "row 2");
  BOOST_TEST(e.field == "concept");
  BOOST_TEST(contains(e.message, "red-flag/not-described"));
}

BOOST_AUTO_TEST_CASE(a_red_flag_row_with_a_bad_flag) {
  const auto e = refusal_with("red-flags/needs-fracture-maybe.csv", "red-flags");
  BOOST_TEST(contains(e.file, "needs-fracture-maybe.csv"));
  BOOST_TEST(e.field == "needs_fracture");
}

BOOST_AUTO_TEST_CASE(prior_imaging_windows_with_unknown_modality_or_no_days) {
  const auto unknown = refusal_with("prior-imaging/unknown-modality.csv", "prior-imaging");
  BOOST_TEST(unknown.field == "modality");
  BOOST_TEST(contains(unknown.message, "ultrasound"));
  const auto zero = refusal_with("prior-imaging/zero-days.csv", "prior-imaging");
  BOOST_TEST(zero.field == "days");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace auc::test
