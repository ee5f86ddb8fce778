// The service must not start on criteria or code tables it cannot trust, and must say exactly
// which file, row or JSON path, and field to fix.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/criteria/criteria_loader.h"
#include "engine/knowledge_base.h"
#include "engine/terminology/terminology_loader.h"
#include "tests/knowledge/knowledge_fixture.h"

namespace auc::test {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Loads engine/data plus one broken fixture; returns the refusal.
engine::LoadError refusal_with(const std::string& fixture_name, const std::string& subdir) {
  DataDirCopy data;
  data.add(fixture_name, subdir);
  auto kb = engine::KnowledgeBase::load({data.path().string(), ""});
  BOOST_TEST_REQUIRE(!kb.has_value(), fixture_name << " must be refused");
  return kb.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loader_refusals)

BOOST_AUTO_TEST_CASE(the_shipped_data_loads) {
  const auto& kb = shipped_knowledge_base();
  BOOST_TEST(kb.topics().size() == 1u);
  BOOST_TEST(kb.terminology().mappings().size() > 200u);
}

BOOST_AUTO_TEST_CASE(unknown_category) {
  const auto e = refusal_with("criteria/unknown-category.json", "criteria");
  BOOST_TEST(contains(e.file, "unknown-category.json"));
  BOOST_TEST(e.location == "/variants/0/procedures/1/category");
  BOOST_TEST(e.field == "category");
  BOOST_TEST(contains(e.message, "Sometimes Appropriate"));
  BOOST_TEST(contains(e.to_string(), "unknown-category.json: /variants/0/procedures/1/category"));
}

BOOST_AUTO_TEST_CASE(rating_outside_its_category_range) {
  const auto e = refusal_with("criteria/rating-out-of-range.json", "criteria");
  BOOST_TEST(contains(e.file, "rating-out-of-range.json"));
  BOOST_TEST(e.location == "/variants/0/procedures/1/rating");
  BOOST_TEST(e.field == "rating");
  BOOST_TEST(contains(e.message, "rating 4"));
  BOOST_TEST(contains(e.message, "7..9"));
  BOOST_TEST(contains(e.message, "CT spine area of interest without IV contrast"));
}

BOOST_AUTO_TEST_CASE(histogram_that_is_not_nine_counts) {
  const auto e = refusal_with("criteria/histogram-8-counts.json", "criteria");
  BOOST_TEST(contains(e.file, "histogram-8-counts.json"));
  BOOST_TEST(e.location == "/variants/0/procedures/1/votes");
  BOOST_TEST(e.field == "votes");
  BOOST_TEST(contains(e.message, "9 counts"));
  BOOST_TEST(contains(e.message, "found 8"));
}

BOOST_AUTO_TEST_CASE(duplicate_procedure_in_a_variant) {
  const auto e = refusal_with("criteria/duplicate-procedure.json", "criteria");
  BOOST_TEST(contains(e.file, "duplicate-procedure.json"));
  BOOST_TEST(e.location == "/variants/0/procedures/1/id");
  BOOST_TEST(e.field == "id");
  BOOST_TEST(contains(e.message, "duplicate procedure"));
  BOOST_TEST(contains(e.message, "MRI spine area of interest without IV contrast"));
  BOOST_TEST(contains(e.message, "variant 1"));
}

BOOST_AUTO_TEST_CASE(code_mapped_to_two_conflicting_concepts) {
  const auto e = refusal_with("terminology/conflicting-code.csv", "terminology");
  // Files load in name order, so either row may be the second one; the refusal must name the
  // row it stopped at and the row it contradicts, with both meanings.
  const std::string all = e.to_string();
  BOOST_TEST(contains(all, "conflicting-code.csv"), all);
  BOOST_TEST(contains(all, "procedures.csv"), all);
  BOOST_TEST(contains(e.location, "row "));
  BOOST_TEST(e.field == "concept");
  BOOST_TEST(contains(e.message, "72148"));
  BOOST_TEST(contains(e.message, "procedure/ct-spine-without-iv-contrast"));
  BOOST_TEST(contains(e.message, "procedure/mri-spine-without-iv-contrast"));
}

BOOST_AUTO_TEST_CASE(site_file_that_changes_a_shipped_meaning) {
  auto kb = engine::KnowledgeBase::load({AUC_DATA_DIR, fixture("local-codes-conflict")});
  BOOST_TEST_REQUIRE(!kb.has_value());
  BOOST_TEST(contains(kb.error().file, "local-codes-conflict/site-order-codes.csv"));
  BOOST_TEST(kb.error().location == "row 3");
  BOOST_TEST(contains(kb.error().message, "42942008"));
  BOOST_TEST(contains(kb.error().message, "conditions.csv:"));
}

BOOST_AUTO_TEST_CASE(missing_local_codes_directory) {
  auto kb = engine::KnowledgeBase::load({AUC_DATA_DIR, fixture("no-such-directory")});
  BOOST_TEST_REQUIRE(!kb.has_value());
  BOOST_TEST(contains(kb.error().file, "no-such-directory"));
}

BOOST_AUTO_TEST_CASE(mapping_rows_with_bad_fields_name_row_and_field) {
  struct Case {
    std::string csv;
    std::string field;
    std::string says;
  };
  const std::string header = "system,code,display,concept,region,match,unverified,preferred\n";
  for (const Case& c : {
           Case{"cpt,1,x,procedure/mri-spine-without-iv-contrast,sacral,exact,,\n", "region",
                "sacral"},
           Case{"cpt,1,x,diagnosis/vcf,lumbar,exact,,\n", "concept", "diagnosis/vcf"},
           Case{"cpt,1,x,condition/vcf,lumbar,fuzzy,,\n", "match", "fuzzy"},
           Case{"cpt,1,x,condition/vcf,lumbar,exact,maybe,\n", "unverified", "yes or no"},
           Case{"icd10cm,M48.5,x,condition/vcf,,prefix,,yes\n", "preferred", "prefix"},
       }) {
    engine::TerminologyLoader loader;
    auto added = loader.add_text(header + c.csv, "bad.csv");
    BOOST_TEST_REQUIRE(!added.has_value(), c.csv);
    BOOST_TEST(added.error().file == "bad.csv");
    BOOST_TEST(added.error().location == "row 2");
    BOOST_TEST(added.error().field == c.field);
    BOOST_TEST(contains(added.error().message, c.says), added.error().to_string());
  }
}

BOOST_AUTO_TEST_CASE(a_level_must_be_a_vertebra_in_the_rows_region_or_multiple) {
  const std::string header = "system,code,display,concept,region,match,level\n";
  for (const auto& [row, says] : std::vector<std::pair<std::string, std::string>>{
           {"icd10cm,S32.01,x,condition/vcf,thoracic,prefix,L1\n", "lumbar region"},
           {"icd10cm,S32.01,x,condition/vcf,lumbar,prefix,L6\n", "unknown level"},
           {"icd10cm,S22.08,x,condition/vcf,thoracic,prefix,T12-L1\n", "unknown level"},
           {"icd10cm,S22.1,x,condition/vcf,thoracic,prefix,several\n", "unknown level"},
       }) {
    engine::TerminologyLoader loader;
    auto added = loader.add_text(header + row, "bad.csv");
    BOOST_TEST_REQUIRE(!added.has_value(), row);
    BOOST_TEST(added.error().location == "row 2");
    BOOST_TEST(added.error().field == "level");
    BOOST_TEST(contains(added.error().message, says), added.error().to_string());
  }
  engine::TerminologyLoader loader;
  BOOST_TEST(loader
                 .add_text(header + "icd10cm,S22.08,x,condition/vcf,thoracic,prefix,T11-T12\n" +
                               "icd10cm,S22.1,x,condition/vcf,thoracic,prefix,multiple\n",
                           "good.csv")
                 .has_value());
}

BOOST_AUTO_TEST_CASE(a_procedure_concept_must_name_a_rated_procedure) {
  DataDirCopy data;
  {
    std::ofstream out(data.path() / "terminology" / "typo.csv");
    out << "system,code,concept\ncpt,99999,procedure/mri-spine-without-contrast\n";
  }
  auto kb = engine::KnowledgeBase::load({data.path().string(), ""});
  BOOST_TEST_REQUIRE(!kb.has_value());
  BOOST_TEST(contains(kb.error().file, "typo.csv"));
  BOOST_TEST(kb.error().location == "row 2");
  BOOST_TEST(kb.error().field == "concept");
}

BOOST_AUTO_TEST_CASE(malformed_json_and_missing_fields_are_named) {
  auto broken = engine::parse_criteria_json("{\"id\": ", "x.json");
  BOOST_TEST_REQUIRE(!broken.has_value());
  BOOST_TEST(contains(broken.error().message, "malformed JSON"));

  auto missing = engine::parse_criteria_json(R"({"id":"t","title":"t","edition":"e"})", "y.json");
  BOOST_TEST_REQUIRE(!missing.has_value());
  BOOST_TEST(missing.error().field == "citation");
  BOOST_TEST(missing.error().message == "missing");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace auc::test
