// Every number the service applies must trace to the published tables: the shipped criteria are
// compared, field by field, with the tables extracted from the seed documents, parsed on the spot.
#include <boost/test/unit_test.hpp>
#include <set>

#include "engine/knowledge_base.h"
#include "tests/knowledge/knowledge_fixture.h"
#include "tests/knowledge/seed_tables.h"

namespace auc::test {
namespace {

using engine::Category;

// The rating table prints categories in sentence case; the narrative (and our data) in title
// case.
std::string title_case_category(const std::string& printed) {
  if (printed == "Usually appropriate") return "Usually Appropriate";
  if (printed == "May be appropriate") return "May Be Appropriate";
  if (printed == "May be appropriate (Disagreement)") return "May Be Appropriate (Disagreement)";
  if (printed == "Usually not appropriate") return "Usually Not Appropriate";
  return "unrecognised: " + printed;
}

const engine::Topic& vcf_topic() {
  const engine::Topic* topic =
      shipped_knowledge_base().topic("acr-vertebral-compression-fractures");
  BOOST_TEST_REQUIRE(topic != nullptr);
  return *topic;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_comparison)

BOOST_AUTO_TEST_CASE(the_seed_parsers_read_every_variant_and_all_71_rows) {
  const auto tables = read_variant_tables(variant_tables_path());
  const auto ratings = read_rating_table(rating_table_path());
  BOOST_TEST(tables.size() == 9u);
  BOOST_TEST(ratings.size() == 9u);
  std::size_t table_rows = 0, rating_rows = 0;
  for (const auto& [n, t] : tables) table_rows += t.rows.size();
  for (const auto& [n, r] : ratings) rating_rows += r.size();
  BOOST_TEST(table_rows == 71u);
  BOOST_TEST(rating_rows == 71u);
}

BOOST_AUTO_TEST_CASE(variant_titles_procedure_names_and_categories_equal_the_criteria_text) {
  const engine::Topic& topic = vcf_topic();
  const auto tables = read_variant_tables(variant_tables_path());
  BOOST_TEST(topic.variants.size() == tables.size());
  for (const auto& [number, table] : tables) {
    BOOST_TEST_CONTEXT("variant " << number) {
      const engine::Variant* variant = topic.variant(number);
      BOOST_TEST_REQUIRE(variant != nullptr);
      BOOST_TEST(variant->title == table.title);
      // "name | category" strings so a mismatch prints readably.
      std::set<std::string> ours, seed;
      for (const auto& [name, category] : table.rows) seed.insert(name + " | " + category);
      for (const auto& p : variant->procedures) {
        ours.insert(p.name + " | " + std::string(engine::category_label(p.category)));
      }
      BOOST_TEST(ours == seed, boost::test_tools::per_element());
      BOOST_TEST(variant->procedures.size() == table.rows.size());
    }
  }
}

BOOST_AUTO_TEST_CASE(ratings_medians_evidence_radiation_votes_and_references_equal_the_table) {
  const engine::Topic& topic = vcf_topic();
  const auto table = read_rating_table(rating_table_path());
  for (const auto& [number, rows] : table) {
    const engine::Variant* variant = topic.variant(number);
    BOOST_TEST_REQUIRE(variant != nullptr);
    BOOST_TEST(variant->procedures.size() == rows.size());
    for (const SeedRating& row : rows) {
      BOOST_TEST_CONTEXT("variant " << number << ", " << row.name) {
        const engine::RatedProcedure* p = nullptr;
        for (const auto& candidate : variant->procedures) {
          if (candidate.name == row.name) p = &candidate;
        }
        BOOST_TEST_REQUIRE(p != nullptr, "procedure missing from the data");
        BOOST_TEST(std::string(engine::category_label(p->category)) ==
                   title_case_category(row.category));
        BOOST_TEST(p->rating == row.rating);
        BOOST_TEST(p->median == row.median);
        BOOST_TEST(p->soe == row.soe);
        BOOST_TEST(p->rrl_adult.text == row.rrl_adult);
        BOOST_TEST(p->rrl_peds.text == row.rrl_peds);
        BOOST_TEST(p->votes == row.votes, boost::test_tools::per_element());
        BOOST_TEST_REQUIRE(p->references.size() == row.references.size());
        for (std::size_t i = 0; i < row.references.size(); ++i) {
          BOOST_TEST(std::to_string(p->references[i].number) == row.references[i][0]);
          BOOST_TEST(p->references[i].pmid == row.references[i][1]);
          BOOST_TEST(p->references[i].quality == row.references[i][2]);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(category_definitions_follow_the_acr_ranges) {
  const engine::Topic& topic = vcf_topic();
  auto range = [&](Category c) {
    for (const auto& d : topic.categories) {
      if (d.category == c) return std::pair{d.min_rating, d.max_rating};
    }
    return std::pair{0, 0};
  };
  BOOST_TEST((range(Category::kUsuallyAppropriate) == std::pair{7, 9}));
  BOOST_TEST((range(Category::kMayBeAppropriate) == std::pair{4, 6}));
  BOOST_TEST((range(Category::kMayBeAppropriateDisagreement) == std::pair{5, 5}));
  BOOST_TEST((range(Category::kUsuallyNotAppropriate) == std::pair{1, 3}));
}

BOOST_AUTO_TEST_CASE(variants_1_to_4_are_imaging_and_5_to_9_treatment) {
  for (const auto& v : vcf_topic().variants) {
    BOOST_TEST((v.kind == engine::VariantKind::kImaging) == (v.number <= 4),
               "variant " << v.number);
  }
}

BOOST_AUTO_TEST_CASE(nass_grades_are_kept_apart_and_labelled_with_their_source) {
  const engine::Topic& topic = vcf_topic();
  const auto* va = shipped_knowledge_base().rating(topic, 9, "percutaneous-vertebral-augmentation");
  BOOST_TEST_REQUIRE(va != nullptr);
  BOOST_TEST_REQUIRE(!va->supplementary.empty());
  for (const auto& e : va->supplementary) {
    BOOST_TEST(e.source.find("North American Spine Society") != std::string::npos);
  }
  BOOST_TEST(va->supplementary.front().grade == "A");
  // The ACR rating itself is untouched by the other source.
  BOOST_TEST(va->rating == 7);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace auc::test
