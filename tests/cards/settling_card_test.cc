// The settling-study card: augmentation ordered for a symptomatic osteoporotic fracture with no
// MRI showing marrow edema or a cleft. No variant applies yet; the card points at the MRI that
// decides it and offers it as a new draft order, leaving the augmentation order alone.
#include <boost/test/unit_test.hpp>

#include "cards/card_summary.h"
#include "cards/extension_urls.h"
#include "render_fixture.h"

using namespace cards_test;
using auc::engine::Category;

namespace {

constexpr std::string_view kAugmentation = "percutaneous-vertebral-augmentation";
constexpr std::string_view kMriWithout = "mri-spine-without-iv-contrast";

std::vector<std::string> symptomatic_osteoporotic() {
  return {test::condition("c1", dx(kVcfOsteoporotic)), test::condition("c2", dx(kBackPain))};
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The variant the criteria data gives for edema or a cleft, and augmentation's rating there.
const auc::engine::RatedProcedure& augmentation_in_edema_variant() {
  const auc::engine::Variant* v6 = test::kb().topics().front().variant(6);
  BOOST_REQUIRE(v6 != nullptr);
  const auc::engine::RatedProcedure* p = v6->procedure(kAugmentation);
  BOOST_REQUIRE(p != nullptr);
  return *p;
}

const rapidjson::Value& create_action(const rapidjson::Value& card) {
  BOOST_REQUIRE(card.HasMember("suggestions"));
  BOOST_REQUIRE_EQUAL(card["suggestions"].Size(), 1u);
  BOOST_REQUIRE_EQUAL(card["suggestions"][0]["actions"].Size(), 1u);
  return card["suggestions"][0]["actions"][0];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settling_card)

BOOST_AUTO_TEST_CASE(augmentation_without_mri_gets_an_info_card_naming_the_mri) {
  const Rendered r = render(full_draft(kKyphoplastyLumbar, "draft-1", "", kVcfOsteoporotic),
                            symptomatic_osteoporotic());
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const auto& a = r.assessments.front();
  BOOST_TEST((a.outcome == auc::engine::Outcome::kNoCriteriaApply));
  BOOST_TEST(a.procedure_id == kAugmentation);
  BOOST_REQUIRE(a.settling_study.procedure != nullptr);
  BOOST_TEST(a.settling_study.procedure->id == kMriWithout);

  const rapidjson::Value& card = r.card();
  BOOST_TEST(sv(card["indicator"]) == "info");
  const std::string summary(sv(card["summary"]));
  BOOST_TEST(auc::cards::utf8_length(summary) < 140u, summary);
  BOOST_TEST(summary.starts_with("No ACR variant applies yet"), summary);
  BOOST_TEST(contains(summary, a.settling_study.procedure->name), summary);
  BOOST_TEST(contains(summary, "marrow edema"), summary);
  BOOST_TEST(contains(summary, "variant 6"), summary);

  // Source and links as for the other cards; no matched variant, so no variant topic.
  BOOST_TEST(sv(card["source"]["url"]) == a.topic->source_url);
  BOOST_TEST(contains(sv(card["source"]["label"]), a.topic->title));
  BOOST_TEST(!card["source"].HasMember("topic"));
  BOOST_REQUIRE_EQUAL(card["links"].Size(), 1u);
  BOOST_TEST(sv(card["links"][0]["url"]) == a.topic->source_url);
  BOOST_TEST(sv(card["selectionBehavior"]) == "at-most-one");
  // An MRI done elsewhere is the likeliest reason to decline: that reason is offered.
  bool prior_imaging = false;
  for (const auto& reason : card["overrideReasons"].GetArray()) {
    BOOST_TEST(sv(reason["system"]) == auc::cards::kOverrideReasonSystem);
    prior_imaging = prior_imaging || sv(reason["code"]) == "prior-imaging-available";
  }
  BOOST_TEST(prior_imaging);

  BOOST_REQUIRE_EQUAL(r.response.cards.size(), 1u);
  const auto& entry = r.response.cards[0];
  BOOST_TEST(entry.uuid == sv(card["uuid"]));
  BOOST_TEST(entry.summary == summary);
  BOOST_TEST(entry.indicator == "info");
  BOOST_TEST(entry.order_reference == "ServiceRequest/draft-1");
  BOOST_TEST(entry.variant.empty());
  BOOST_TEST(entry.suggested_procedure_id == kMriWithout);
}

BOOST_AUTO_TEST_CASE(detail_gives_the_reason_the_facts_and_what_the_mri_decides) {
  const Rendered r = render(full_draft(kKyphoplastyLumbar, "draft-1", "", kVcfOsteoporotic),
                            symptomatic_osteoporotic());
  const auto& a = r.assessments.front();
  const std::string detail(sv(r.card()["detail"]));
  BOOST_TEST(contains(detail, "no variant applies yet"), detail);
  BOOST_TEST(contains(detail, "no MRI showing edema or a cleft"), detail);  // the engine's reason
  BOOST_TEST(contains(detail, "**Facts used**"), detail);
  BOOST_TEST(contains(detail, "Condition/c1"), detail);
  BOOST_TEST(contains(detail, "M80.08XA"), detail);
  BOOST_TEST(contains(detail, "**Assumed**"), detail);
  BOOST_TEST(contains(detail, "marrow_edema_or_cleft taken as false"), detail);
  // What the MRI would decide, with augmentation's rating taken from the criteria data.
  const auc::engine::RatedProcedure& aug = augmentation_in_edema_variant();
  BOOST_TEST((aug.category == Category::kUsuallyAppropriate));
  BOOST_TEST(contains(detail, "**What " + a.settling_study.procedure->name + " would decide**"),
             detail);
  BOOST_TEST(contains(detail, "With either, variant 6 ("), detail);
  BOOST_TEST(contains(detail, "where " + aug.name + " is " +
                                  std::string(auc::engine::category_label(aug.category)) + " (" +
                                  std::to_string(aug.rating) + ")"),
             detail);
  BOOST_TEST(contains(detail, "the current order is left as it is"), detail);
  BOOST_TEST(contains(detail, "**Notes**"), detail);
}

BOOST_AUTO_TEST_CASE(suggestion_creates_a_new_mri_order_from_the_draft) {
  const Rendered r = render(full_draft(kKyphoplastyLumbar, "draft-1", "", kVcfOsteoporotic),
                            symptomatic_osteoporotic());
  const auto& a = r.assessments.front();
  const rapidjson::Value& suggestion = r.card()["suggestions"][0];
  BOOST_TEST(suggestion["isRecommended"].GetBool());
  BOOST_TEST(suggestion["uuid"].IsString());
  BOOST_TEST(contains(sv(suggestion["label"]), a.settling_study.procedure->name));

  const rapidjson::Value& action = create_action(r.card());
  BOOST_TEST(sv(action["type"]) == "create");
  BOOST_TEST(contains(sv(action["description"]), "left as it is"));
  const rapidjson::Value& order = action["resource"];
  const rapidjson::Value& draft = r.draft();
  BOOST_TEST(sv(order["resourceType"]) == "ServiceRequest");
  BOOST_TEST(sv(order["status"]) == "draft");
  BOOST_TEST(sv(order["intent"]) == "order");
  // A fresh id: neither the draft's nor any other id of the response.
  const std::string id(sv(order["id"]));
  BOOST_TEST(!id.empty());
  BOOST_TEST(id != sv(draft["id"]));
  BOOST_TEST(id != sv(r.card()["uuid"]));
  BOOST_TEST(id != sv(suggestion["uuid"]));
  for (const char* copied : {"subject", "encounter", "requester", "reasonCode"}) {
    BOOST_TEST_CONTEXT(copied) {
      BOOST_REQUIRE(order.HasMember(copied));
      BOOST_TEST((order[copied] == draft[copied]), to_json(order[copied]));
    }
  }
  BOOST_REQUIRE_EQUAL(order["category"].Size(), 1u);
  BOOST_TEST(sv(order["category"][0]["coding"][0]["system"]) == auc::cards::kSnomedSystem);
  BOOST_TEST(sv(order["category"][0]["coding"][0]["code"]) == auc::cards::kImagingCategoryCode);
  // The MRI's codes for the fracture's (lumbar) region: CPT, then LOINC.
  const rapidjson::Value& coding = order["code"]["coding"];
  BOOST_REQUIRE(coding.Size() >= 2u);
  BOOST_TEST(sv(coding[0]["system"]) == test::kCpt);
  BOOST_TEST(sv(coding[0]["code"]) == "72148");
  BOOST_TEST(sv(coding[1]["system"]) == test::kLoinc);
  BOOST_TEST(sv(coding[1]["code"]) == "30679-5");
  for (const auto& c : coding.GetArray()) {
    const auto* mapping = test::kb().terminology().lookup(sv(c["system"]), sv(c["code"]));
    BOOST_REQUIRE(mapping != nullptr);
    BOOST_TEST(mapping->concept_id == "procedure/mri-spine-without-iv-contrast");
    BOOST_TEST((mapping->region == auc::engine::Region::kLumbar));
  }
  BOOST_TEST(sv(order["code"]["text"]) == a.settling_study.procedure->name);
  // Another order: nothing else of the augmentation draft, and no rating of its own yet.
  BOOST_TEST(order.MemberCount() == 10u, to_json(order));
  for (const char* absent :
       {"extension", "meta", "priority", "note", "bodySite", "authoredOn", "quantityQuantity"}) {
    BOOST_TEST(!order.HasMember(absent), absent);
  }
}

BOOST_AUTO_TEST_CASE(the_augmentation_order_keeps_its_no_criteria_apply_rating_untouched) {
  const Rendered r = render(full_draft(kKyphoplastyLumbar, "draft-1", "", kVcfOsteoporotic),
                            symptomatic_osteoporotic());
  BOOST_REQUIRE_EQUAL(r.body["systemActions"].Size(), 1u);
  const rapidjson::Value& resource = r.body["systemActions"][0]["resource"];
  BOOST_TEST(pama_code(resource) == "no-criteria-apply");
  BOOST_TEST(find_extension(resource, auc::cards::kAcrRatingUrl) == nullptr);
  const rapidjson::Value& draft = r.draft();
  BOOST_TEST(resource.MemberCount() == draft.MemberCount());
  for (const auto& m : draft.GetObject()) {
    if (sv(m.name) == "extension") continue;
    BOOST_TEST((resource[m.name] == m.value), sv(m.name));
  }
  // No suggestion touches the draft.
  for (const auto& s : r.card()["suggestions"].GetArray()) {
    for (const auto& action : s["actions"].GetArray()) BOOST_TEST(sv(action["type"]) != "update");
  }
  BOOST_REQUIRE_EQUAL(r.response.orders.size(), 1u);
  BOOST_TEST(r.response.orders[0].pama_rating == "no-criteria-apply");
}

BOOST_AUTO_TEST_CASE(a_bare_draft_gives_a_bare_new_order) {
  // No category, encounter or requester and an empty reasonCode: none of them is invented.
  const Rendered r =
      render(test::order({kKyphoplastyLumbar}), symptomatic_osteoporotic());  // id order-1
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const rapidjson::Value& order = create_action(r.card())["resource"];
  for (const char* absent : {"category", "encounter", "requester", "reasonCode"}) {
    BOOST_TEST(!order.HasMember(absent), absent);
  }
  BOOST_TEST(sv(order["subject"]["reference"]) == "Patient/p1");
  BOOST_TEST(order["code"]["coding"].Size() >= 1u);
}

BOOST_AUTO_TEST_CASE(no_card_once_the_mri_shows_edema_or_for_other_unrated_orders) {
  // With edema on MRI the order is in variant 6 and Usually Appropriate: nothing to say.
  std::vector<test::Request> requests;
  requests.push_back(test::request(
      full_draft(kKyphoplastyLumbar, "draft-1", "", kVcfOsteoporotic), symptomatic_osteoporotic(),
      {test::report("r1", {test::kLoinc, "30679-5", "MR Lumbar spine WO contrast"},
                    {{test::kLocalFindings, "RF-BME", "Bone marrow edema of vertebral body"}},
                    "2024-05-25")},
      test::patient("1948-04-02")));
  const Rendered edema = render(std::move(requests));
  BOOST_REQUIRE(edema.assessments.front().variant != nullptr);
  BOOST_TEST(edema.assessments.front().variant->number == 6);
  BOOST_TEST(edema.cards().Size() == 0u);

  // An imaging order no variant covers has no settling study and gets no card.
  const Rendered imaging = render(full_draft(kCtLumbarWith, "draft-1", "", kVcfOsteoporotic),
                                  {test::condition("c1", dx(kVcfOsteoporotic))});
  BOOST_TEST((imaging.assessments.front().outcome == auc::engine::Outcome::kNoCriteriaApply));
  BOOST_TEST(imaging.assessments.front().settling_study.procedure == nullptr);
  BOOST_TEST(imaging.cards().Size() == 0u);
}

BOOST_AUTO_TEST_CASE(settling_summary_stays_under_140_characters) {
  const auc::engine::Variant* v6 = test::kb().topics().front().variant(6);
  auc::engine::RatedProcedure study;
  study.name = "MRI spine area of interest without IV contrast";
  BOOST_TEST(auc::cards::settling_summary(study, v6) ==
             "No ACR variant applies yet: MRI spine area of interest without IV contrast would "
             "show whether there is marrow edema (decides variant 6)");
  BOOST_TEST(!contains(auc::cards::settling_summary(study, nullptr), "variant 6"));
  study.name = std::string(120, 'x');
  const std::string s = auc::cards::settling_summary(study, v6);
  BOOST_TEST(auc::cards::utf8_length(s) <= 139u, s);
  BOOST_TEST(s.starts_with("No ACR variant applies yet: xxx"), s);
}

// The MRI was done and only cannot exclude edema: nothing to order, no variant as the record
// stands, and the card says which variant the suspected finding would give, quoting it.
BOOST_AUTO_TEST_CASE(a_suspected_finding_that_decides_the_variant_gets_an_info_card) {
  const std::string mri =
      R"({"resourceType":"DiagnosticReport","id":"r1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"30679-5","display":"MR Lumbar spine WO contrast"}]},"effectiveDateTime":"2024-05-26","conclusion":"Mild L1 compression fracture. Cannot exclude subtle marrow edema."})";
  std::vector<test::Request> requests;
  requests.push_back(test::request(full_draft(kKyphoplastyLumbar, "draft-1", "", kVcfOsteoporotic),
                                   symptomatic_osteoporotic(), {mri}));
  const Rendered r = render(std::move(requests));
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const auto& a = r.assessments.front();
  BOOST_TEST((a.outcome == auc::engine::Outcome::kNoCriteriaApply));
  BOOST_TEST(a.settling_study.procedure == nullptr);  // the MRI is in the record
  const rapidjson::Value& card = r.card();
  BOOST_TEST(sv(card["indicator"]) == "info");
  const std::string summary(sv(card["summary"]));
  BOOST_TEST(auc::cards::utf8_length(summary) < 140u, summary);
  const auto& rating = augmentation_in_edema_variant();
  BOOST_TEST(contains(summary, "unless a suspected finding is confirmed: then variant 6"), summary);
  BOOST_TEST(contains(summary, std::string(auc::engine::category_label(rating.category))), summary);
  const std::string detail(sv(card["detail"]));
  BOOST_TEST(contains(detail, "Cannot exclude subtle marrow edema."), detail);
  BOOST_TEST(contains(detail, "if marrow_edema_or_cleft were true, variant 6"), detail);
  BOOST_TEST(!card.HasMember("suggestions"));
}

BOOST_AUTO_TEST_SUITE_END()
