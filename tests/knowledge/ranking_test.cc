// ranked(): what the service offers first must be what the panel rated best.
#include "engine/criteria/ranking.h"

#include <boost/test/unit_test.hpp>
#include <set>

#include "engine/knowledge_base.h"
#include "tests/knowledge/knowledge_fixture.h"
#include "tests/knowledge/seed_tables.h"

namespace auc::test {
namespace {

const engine::Topic& vcf_topic() {
  const auto* topic = shipped_knowledge_base().topic("acr-vertebral-compression-fractures");
  BOOST_TEST_REQUIRE(topic != nullptr);
  return *topic;
}

engine::RatedProcedure synthetic(std::string name, int rating, int rrl, int soe_rank) {
  engine::RatedProcedure p;
  p.name = std::move(name);
  p.id = p.name;
  p.category = rating >= 7   ? engine::Category::kUsuallyAppropriate
               : rating >= 4 ? engine::Category::kMayBeAppropriate
                             : engine::Category::kUsuallyNotAppropriate;
  p.rating = rating;
  p.rrl_adult.level = rrl;
  p.rrl_peds.level = rrl;
  p.soe_rank = soe_rank;
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ranking)

BOOST_AUTO_TEST_CASE(imaging_variants_put_the_seeds_usually_appropriate_first_in_rating_order) {
  const auto& kb = shipped_knowledge_base();
  const auto tables = read_variant_tables(variant_tables_path());
  int imaging_variants = 0;
  for (const auto& variant : vcf_topic().variants) {
    if (variant.kind != engine::VariantKind::kImaging) continue;
    ++imaging_variants;
    BOOST_TEST_CONTEXT("variant " << variant.number) {
      std::set<std::string> seed_usually;
      for (const auto& [name, category] : tables.at(variant.number).rows) {
        if (category == "Usually Appropriate") seed_usually.insert(name);
      }
      BOOST_TEST_REQUIRE(!seed_usually.empty());
      for (bool pediatric : {false, true}) {
        const auto ranked = kb.ranked(variant, pediatric);
        BOOST_TEST_REQUIRE(ranked.size() == variant.procedures.size());
        std::set<std::string> head;
        for (std::size_t i = 0; i < seed_usually.size(); ++i) head.insert(ranked[i]->name);
        BOOST_TEST(head == seed_usually, boost::test_tools::per_element());
        for (std::size_t i = 1; i < ranked.size(); ++i) {
          const auto& a = *ranked[i - 1];
          const auto& b = *ranked[i];
          BOOST_TEST(engine::category_rank(a.category) >= engine::category_rank(b.category));
          if (a.category == b.category) BOOST_TEST(a.rating >= b.rating, a.name << " / " << b.name);
          if (a.category == b.category && a.rating == b.rating) {
            const auto& ra = pediatric ? a.rrl_peds : a.rrl_adult;
            const auto& rb = pediatric ? b.rrl_peds : b.rrl_adult;
            BOOST_TEST(engine::radiation_sort_key(ra) <= engine::radiation_sort_key(rb),
                       a.name << " / " << b.name);
          }
        }
      }
    }
  }
  BOOST_TEST(imaging_variants == 4);
}

BOOST_AUTO_TEST_CASE(variant_2_breaks_the_rating_7_tie_by_radiation) {
  // MRI without contrast (O 0 mSv) and CT without contrast (Varies) are both rated 7.
  const auto ranked = shipped_knowledge_base().ranked(*vcf_topic().variant(2), false);
  BOOST_TEST(ranked[0]->id == "mri-spine-without-and-with-iv-contrast");
  BOOST_TEST(ranked[1]->id == "mri-spine-without-iv-contrast");
  BOOST_TEST(ranked[2]->id == "ct-spine-without-iv-contrast");
}

BOOST_AUTO_TEST_CASE(variant_1_ranks_in_the_published_order) {
  const auto ranked = shipped_knowledge_base().ranked(*vcf_topic().variant(1), false);
  std::vector<std::string> ids;
  for (const auto* p : ranked) ids.push_back(p->id);
  // Usually appropriate 9 then 8; bone scan (adult ☢☢☢) and SPECT tie at 5 with equal radiation
  // and evidence so the name decides; the rating-3 group puts MRI (O) before CT (Varies).
  const std::vector<std::string> expected{"mri-spine-without-iv-contrast",
                                          "ct-spine-without-iv-contrast",
                                          "bone-scan-whole-body",
                                          "spect-or-spect-ct-spine",
                                          "mri-spine-with-iv-contrast",
                                          "mri-spine-without-and-with-iv-contrast",
                                          "ct-spine-with-iv-contrast",
                                          "ct-spine-without-and-with-iv-contrast",
                                          "fdg-pet-ct-skull-base-to-mid-thigh",
                                          "ct-myelography-spine"};
  BOOST_TEST(ids == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unknown_radiation_sorts_after_every_known_level) {
  const auto low = synthetic("a", 8, 4, 1);
  const auto varies = synthetic("b", 8, -1, 4);
  BOOST_TEST(engine::ranks_before(low, varies, false));
  BOOST_TEST(!engine::ranks_before(varies, low, false));
}

BOOST_AUTO_TEST_CASE(stronger_evidence_then_name_break_remaining_ties) {
  const auto strong = synthetic("z", 5, 3, 4);
  const auto limited = synthetic("a", 5, 3, 2);
  BOOST_TEST(engine::ranks_before(strong, limited, false));
  const auto other = synthetic("b", 5, 3, 2);
  BOOST_TEST(engine::ranks_before(limited, other, false));
  BOOST_TEST(!engine::ranks_before(other, limited, false));
}

BOOST_AUTO_TEST_CASE(pediatric_ranking_uses_the_pediatric_level) {
  auto a = synthetic("a", 5, 3, 4);
  auto b = synthetic("b", 5, 3, 4);
  a.rrl_peds.level = 4;  // adult equal, paediatric worse for a
  BOOST_TEST(engine::ranks_before(a, b, false));
  BOOST_TEST(engine::ranks_before(b, a, true));
}

BOOST_AUTO_TEST_CASE(category_outranks_rating) {
  auto disagreement = synthetic("a", 5, 0, 1);
  disagreement.category = engine::Category::kMayBeAppropriateDisagreement;
  const auto usually_not = synthetic("b", 3, 0, 4);
  BOOST_TEST(engine::ranks_before(disagreement, usually_not, false));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace auc::test
