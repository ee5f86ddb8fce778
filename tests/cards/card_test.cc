// Cards from real assessments: when a card appears, how loud it is, what it names and explains.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "cards/card_detail.h"
#include "cards/card_plan.h"
#include "cards/card_summary.h"
#include "cards/extension_urls.h"
#include "render_fixture.h"

using namespace cards_test;
using auc::cards::CardPolicy;
using auc::engine::Category;

namespace {

std::string detail_of(const rapidjson::Value& card) {
  return std::string(sv(card["detail"]));
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cards)

BOOST_AUTO_TEST_CASE(usually_not_appropriate_order_gets_a_warning_naming_the_better_study) {
  const Rendered r = render(full_draft(kCtLumbarWith), v1_new_symptomatic());
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const auto& a = r.assessments.front();
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 1);
  BOOST_TEST((a.ordered->category == Category::kUsuallyNotAppropriate));
  const rapidjson::Value& card = r.card();
  BOOST_TEST(sv(card["indicator"]) == "warning");
  const std::string summary(sv(card["summary"]));
  BOOST_TEST(auc::cards::utf8_length(summary) < 140u);
  BOOST_TEST(contains(summary, a.alternatives.front().procedure->name), summary);
  BOOST_TEST(contains(summary, "Usually Not Appropriate"), summary);
  BOOST_TEST(sv(card["source"]["url"]) == a.topic->source_url);
  BOOST_TEST(contains(std::string(sv(card["source"]["label"])), a.topic->title));
  BOOST_TEST(sv(card["source"]["topic"]["code"]) ==
             "acr-vertebral-compression-fractures/variant-1");
  BOOST_TEST(sv(card["source"]["topic"]["system"]) == auc::cards::kAcrVariantSystem);
  BOOST_REQUIRE(card["links"].Size() == 1u);
  BOOST_TEST(sv(card["links"][0]["type"]) == "absolute");
  BOOST_TEST(sv(card["links"][0]["url"]) == a.topic->source_url);
  BOOST_TEST(sv(card["selectionBehavior"]) == "at-most-one");
  BOOST_TEST(card["uuid"].IsString());
}

BOOST_AUTO_TEST_CASE(may_be_appropriate_orders_get_info) {
  struct Case {
    const char* name;
    Code ordered;
    std::vector<std::string> conditions;
    Category expected;
  };
  const Case cases[] = {
      {"bone scan in variant 1",
       {test::kCpt, "78306", "Bone scan whole body"},
       v1_new_symptomatic(),
       Category::kMayBeAppropriate},
      {"MRI with contrast in variant 2 (disagreement)",
       {test::kCpt, "72149", "MRI lumbar spine with contrast"},
       v2_symptomatic_malignancy(),
       Category::kMayBeAppropriateDisagreement},
      {"radium therapy in variant 9", kRadium, v9_pathological_with_pain(),
       Category::kMayBeAppropriate},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const Rendered r = render(full_draft(c.ordered), c.conditions);
      BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
      const auto& a = r.assessments.front();
      BOOST_REQUIRE(a.ordered != nullptr);
      BOOST_TEST((a.ordered->category == c.expected));
      BOOST_TEST(sv(r.card()["indicator"]) == "info");
      BOOST_TEST(pama_code(r.body["systemActions"][0]["resource"]) == "appropriate");
    }
  }
}

BOOST_AUTO_TEST_CASE(usually_appropriate_orders_get_no_card_unless_the_policy_asks) {
  // MRI without contrast is the best study of variant 1: nothing better, never a card.
  for (bool policy_on : {false, true}) {
    CardPolicy policy;
    policy.card_when_usually_appropriate = policy_on;
    const Rendered best = render(full_draft(kMriLumbarWithout), v1_new_symptomatic(), policy);
    BOOST_TEST(best.cards().Size() == 0u);
    BOOST_TEST(pama_code(best.body["systemActions"][0]["resource"]) == "appropriate");
  }
  // CT without contrast is Usually Appropriate (8) but MRI rates 9.
  const Rendered quiet = render(full_draft(kCtLumbarWithout), v1_new_symptomatic());
  BOOST_TEST((quiet.assessments.front().ordered->category == Category::kUsuallyAppropriate));
  BOOST_TEST(!quiet.assessments.front().alternatives.empty());
  BOOST_TEST(quiet.cards().Size() == 0u);
  BOOST_TEST(quiet.response.cards.empty());

  CardPolicy loud;
  loud.card_when_usually_appropriate = true;
  const Rendered r = render(full_draft(kCtLumbarWithout), v1_new_symptomatic(), loud);
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  BOOST_TEST(sv(r.card()["indicator"]) == "info");
  BOOST_REQUIRE(r.card()["suggestions"].Size() == 1u);
  BOOST_TEST(contains(std::string(sv(r.card()["suggestions"][0]["label"])),
                      "MRI spine area of interest without IV contrast"));
}

BOOST_AUTO_TEST_CASE(treatment_whose_better_option_is_not_an_order_gets_no_suggestion) {
  const Rendered r = render(full_draft(kKyphoplastyLumbar, "draft-1", "", kVcfOsteoporotic),
                            v5_asymptomatic_osteoporotic());
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const auto& a = r.assessments.front();
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 5);
  BOOST_REQUIRE(!a.alternatives.empty());
  BOOST_TEST(!a.alternatives.front().procedure->orderable);
  const rapidjson::Value& card = r.card();
  BOOST_TEST(sv(card["indicator"]) == "warning");
  BOOST_TEST(!card.HasMember("suggestions"));
  BOOST_TEST(!card.HasMember("selectionBehavior"));
  BOOST_TEST(contains(std::string(sv(card["summary"])), "Medical management only"));
  const std::string detail = detail_of(card);
  BOOST_TEST(contains(detail, "not something to order"), detail);
  BOOST_TEST(contains(detail, "| Treatment |"), detail);
  BOOST_TEST(!contains(detail, "Radiation"), detail);
  // Treatment cards offer no imaging-only override reason.
  for (const auto& reason : card["overrideReasons"].GetArray()) {
    BOOST_TEST(sv(reason["code"]) != "prior-imaging-available");
    BOOST_TEST(sv(reason["system"]) == auc::cards::kOverrideReasonSystem);
    BOOST_TEST(!sv(reason["display"]).empty());
  }
  BOOST_TEST(pama_code(r.body["systemActions"][0]["resource"]) == "not-appropriate");
}

BOOST_AUTO_TEST_CASE(imaging_cards_offer_the_coded_override_reasons) {
  const Rendered r = render(full_draft(kCtLumbarWith), v1_new_symptomatic());
  std::vector<std::string> codes;
  for (const auto& reason : r.card()["overrideReasons"].GetArray()) {
    codes.emplace_back(sv(reason["code"]));
  }
  for (const char* expected : {"contraindication", "prior-imaging-available", "clinical-judgment",
                               "patient-preference", "suggested-unavailable"}) {
    BOOST_TEST((std::find(codes.begin(), codes.end(), expected) != codes.end()), expected);
  }
}

BOOST_AUTO_TEST_CASE(no_criteria_apply_sends_the_rating_without_a_card) {
  const Rendered r =
      render(full_draft(kCtLumbarWith), {test::condition("c2", dx(kBackPain))});  // no fracture
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  BOOST_TEST((r.assessments.front().outcome == auc::engine::Outcome::kNoCriteriaApply));
  BOOST_TEST(r.cards().Size() == 0u);
  const rapidjson::Value& resource = r.body["systemActions"][0]["resource"];
  BOOST_TEST(pama_code(resource) == "no-criteria-apply");
  BOOST_TEST(find_extension(resource, auc::cards::kAcrRatingUrl) == nullptr);
  BOOST_TEST(find_extension(resource, auc::cards::kPamaConsultIdUrl) != nullptr);
  BOOST_REQUIRE(r.response.orders.size() == 1u);
  BOOST_TEST(r.response.orders[0].pama_rating == "no-criteria-apply");
  BOOST_TEST(r.response.orders[0].rating == 0);
}

BOOST_AUTO_TEST_CASE(the_sandbox_first_empty_order_gives_neither_card_nor_rating) {
  const std::string empty_order =
      "{\"resourceType\":\"ServiceRequest\",\"id\":\"empty-1\",\"status\":\"draft\","
      "\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p1\"},"
      "\"code\":{\"coding\":[{}]},\"reasonCode\":[]}";
  const Rendered r = render(empty_order, v1_new_symptomatic());
  BOOST_TEST(r.response.body == "{\"cards\":[]}");
  BOOST_TEST(r.response.cards_json == "[]");
  BOOST_TEST(r.response.system_actions_json == "[]");
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
}

BOOST_AUTO_TEST_CASE(detail_explains_variant_ratings_facts_and_supplementary_evidence) {
  const Rendered r = render(full_draft(kCtLumbarWith), v2_symptomatic_malignancy());
  const auto& a = r.assessments.front();
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 2);
  const std::string detail = detail_of(r.card());
  BOOST_TEST(contains(detail, "variant 2 (New symptomatic VCF identified on radiographs."), detail);
  BOOST_TEST(contains(detail,
                      "| Ordered | CT spine area of interest with IV contrast | Usually Not "
                      "Appropriate | 3 | Varies | Strong |"),
             detail);
  BOOST_TEST(contains(detail,
                      "| Suggested | MRI spine area of interest without and with IV "
                      "contrast | Usually Appropriate | 9 | O 0 mSv | Strong |"),
             detail);
  // Lower-rated better options are listed, not offered.
  BOOST_TEST(contains(detail, "| Also better | FDG-PET/CT skull base to mid-thigh"), detail);
  // Facts with their sources.
  BOOST_TEST(contains(detail, "Condition/c3"), detail);
  BOOST_TEST(contains(detail, "Z85.3"), detail);
  BOOST_TEST(contains(detail, "malignancy_history: true (documented)"), detail);
  // NASS grades, labelled as another source.
  BOOST_TEST(contains(detail, "Supplementary evidence from a different source"), detail);
  BOOST_TEST(contains(detail, "grade B"), detail);
  BOOST_TEST(contains(detail, "North American Spine Society"), detail);
}

BOOST_AUTO_TEST_CASE(detail_names_what_was_assumed_and_the_variant_it_would_change) {
  // Fracture and malignancy, nothing about symptoms: variant 4, symptoms assumed absent.
  const Rendered r = render(full_draft(kCtLumbarWith, "draft-1", "", kVcfLumbar),
                            {test::condition("c1", dx(kVcfLumbar)),
                             test::condition("c3", dx(kMalignancy, "2015-01-01"))});
  const auto& a = r.assessments.front();
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 4);
  const std::string detail = detail_of(r.card());
  BOOST_TEST(contains(detail, "**Assumed**"), detail);
  BOOST_TEST(contains(detail, "symptomatic taken as false"), detail);
  BOOST_TEST(contains(detail, "if symptomatic were true, variant 2 ("), detail);
  BOOST_TEST(contains(detail,
                      "where CT spine area of interest with IV contrast is Usually Not "
                      "Appropriate (3)"),
             detail);
}

BOOST_AUTO_TEST_CASE(notes_and_ehr_text_cannot_break_the_markdown) {
  std::vector<test::Request> requests;
  requests.push_back(test::request(full_draft(kCtLumbarWith), v1_new_symptomatic(), {},
                                   test::patient("1948-04-02")));
  auto a = test::assess(requests.front());
  a.notes.push_back("Edema | cleft *not* seen <b>");
  const auc::cards::CardPlan plan = auc::cards::plan_card(a, {});
  const std::string detail = auc::cards::card_detail(a, plan);
  BOOST_TEST(contains(detail, "**Notes**"), detail);
  BOOST_TEST(contains(detail, "Edema \\| cleft \\*not\\* seen \\<b\\>"), detail);
}

BOOST_AUTO_TEST_CASE(summary_stays_under_140_characters_for_every_pair_of_procedures) {
  std::size_t pairs = 0;
  for (const auto& topic : test::kb().topics()) {
    for (const auto& variant : topic.variants) {
      for (const auto& better : variant.procedures) {
        for (const auto& ordered : variant.procedures) {
          const std::string s = auc::cards::card_summary(better, ordered);
          BOOST_TEST(auc::cards::utf8_length(s) < 140u, s);
          BOOST_TEST(contains(s, better.name.substr(0, 20)), s);
          ++pairs;
        }
      }
    }
  }
  BOOST_TEST(pairs > 100u);
  auc::engine::RatedProcedure long_name;
  long_name.name = std::string(200, 'x') + "\xE2\x98\xA2";
  const std::string s = auc::cards::card_summary(long_name, long_name);
  BOOST_TEST(auc::cards::utf8_length(s) == 139u);
  BOOST_TEST(s.ends_with("\xE2\x80\xA6"));
}

BOOST_AUTO_TEST_SUITE_END()
