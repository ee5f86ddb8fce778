// A red flag: an info card that names it, its resource and the ACR topic that covers it; the order
// is not rated (no-criteria-apply), and no study is suggested or warned against.
#include <boost/test/unit_test.hpp>

#include "render_fixture.h"

using namespace cards_test;

namespace {

const Code kOsteomyelitis{test::kIcd, "M46.26", "Osteomyelitis of vertebra, lumbar region"};
const Code kFever{test::kIcd, "R50.9", "Fever, unspecified"};

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(red_flag_card)

BOOST_AUTO_TEST_CASE(spine_infection_gets_an_info_card_and_no_rating) {
  std::vector<std::string> conditions = v1_new_symptomatic();
  conditions.push_back(test::condition("osteo-1", dx(kOsteomyelitis)));
  conditions.push_back(test::condition("fever-1", dx(kFever)));
  const Rendered r = render(full_draft(kMriLumbarWithAndWithout), conditions);
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const rapidjson::Value& card = r.card();
  BOOST_TEST(sv(card["indicator"]) == "info");
  BOOST_TEST(contains(sv(card["summary"]), "suspected spine infection"));
  BOOST_TEST(contains(sv(card["summary"]), "Suspected Spine Infection"));
  BOOST_TEST(!card.HasMember("suggestions"));
  const std::string_view detail = sv(card["detail"]);
  BOOST_TEST(contains(detail, "Condition/osteo-1"));
  BOOST_TEST(contains(detail, "M46.26"));
  BOOST_TEST(!contains(detail, "Usually Not Appropriate"));
  // The rating says no criteria apply.
  BOOST_TEST(pama_code(r.body["systemActions"][0]["resource"]) == "no-criteria-apply");
  BOOST_REQUIRE(r.response.cards.size() == 1u);
  BOOST_TEST(r.response.cards[0].suggested_procedure_id.empty());
  BOOST_TEST(r.response.orders[0].pama_rating == "no-criteria-apply");
}

BOOST_AUTO_TEST_CASE(an_unstable_burst_fracture_names_acute_spinal_trauma) {
  const Rendered r = render(
      full_draft(kCtLumbarWithout),
      {test::condition("fx-1", dx({test::kIcd, "S32.012A",
                                   "Unstable burst fracture of first lumbar vertebra, init"})),
       test::condition("pain", dx(kBackPain))});
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const rapidjson::Value& card = r.card();
  BOOST_TEST(sv(card["indicator"]) == "info");
  BOOST_TEST(contains(sv(card["summary"]), "Acute Spinal Trauma"));
  BOOST_TEST(contains(sv(card["detail"]), "Condition/fx-1"));
}

BOOST_AUTO_TEST_SUITE_END()
