// Prior and pending imaging on the card: the identical study done recently is named (at least an
// info card, override reason prior-imaging-available), never offered again; when the better-rated
// study is already drafted, the card offers to remove the worse draft instead of a second order.
#include <boost/test/unit_test.hpp>

#include "cards/uuid_source.h"
#include "render_fixture.h"

using namespace cards_test;

namespace {

const Code kMriReport{test::kLoinc, "30679-5", "MR Lumbar spine WO contrast"};

std::string imaging_study(const std::string& id, const Code& code, const std::string& started) {
  return R"({"resourceType": "ImagingStudy", "id": ")" + id +
         R"(", "status": "available", "subject": {"reference": "Patient/p1"}, "started": ")" +
         started + R"(", "procedureCode": [)" + test::concept_json({code}) + R"(]})";
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

bool has_override_reason(const rapidjson::Value& card, std::string_view code) {
  if (!card.HasMember("overrideReasons")) return false;
  for (const auto& r : card["overrideReasons"].GetArray()) {
    if (sv(r["code"]) == code) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(prior_imaging_card)

BOOST_AUTO_TEST_CASE(the_identical_mri_three_days_ago_gets_an_info_card) {
  std::vector<test::Request> requests;
  requests.push_back(
      test::request(full_draft(kMriLumbarWithout), v1_new_symptomatic(),
                    {imaging_study("is-1", kMriLumbarWithout, "2024-05-29T09:10:00Z"),
                     test::report("dr-1", kMriReport, {}, "2024-05-29T09:10:00Z")},
                    test::patient("1948-04-02")));
  const Rendered r = render(std::move(requests));
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const rapidjson::Value& card = r.card();
  BOOST_TEST(sv(card["indicator"]) == "info");
  BOOST_TEST(contains(sv(card["summary"]), "3 days ago"));
  const std::string_view detail = sv(card["detail"]);
  BOOST_TEST(contains(detail, "3 days ago: ImagingStudy/is-1, report DiagnosticReport/dr-1"));
  BOOST_TEST(!card.HasMember("suggestions"));
  BOOST_TEST(has_override_reason(card, "prior-imaging-available"));
  // Still rated as the criteria say.
  BOOST_TEST(pama_code(r.body["systemActions"][0]["resource"]) == "appropriate");
}

BOOST_AUTO_TEST_CASE(a_recent_better_study_is_not_suggested_again) {
  std::vector<test::Request> requests;
  requests.push_back(
      test::request(full_draft(kCtLumbarWith), v1_new_symptomatic(),
                    {imaging_study("is-1", kMriLumbarWithout, "2024-05-29T09:10:00Z")},
                    test::patient("1948-04-02")));
  const Rendered r = render(std::move(requests));
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const rapidjson::Value& card = r.card();
  BOOST_TEST(sv(card["indicator"]) == "warning");
  BOOST_TEST(!contains(to_json(card), "\"72148\""));
  BOOST_TEST(contains(sv(card["detail"]), "ImagingStudy/is-1"));
  BOOST_TEST(contains(sv(card["detail"]), "not suggested again"));
}

BOOST_AUTO_TEST_CASE(the_better_study_already_drafted_offers_to_remove_the_worse_draft) {
  test::Request ct = test::request(full_draft(kCtLumbarWith, "draft-ct"), v1_new_symptomatic(), {},
                                   test::patient("1948-04-02"));
  test::Request mri = test::request(full_draft(kMriLumbarWithout, "draft-mri"),
                                    v1_new_symptomatic(), {}, test::patient("1948-04-02"));
  auc::engine::AssessmentOptions options;
  const std::vector<const auc::fhir::ServiceRequest*> others{&mri.order};
  options.other_drafts = others;
  const auto a =
      auc::engine::assess(test::kb(), ct.order, ct.record, test::at(test::kNow), options);
  const std::vector<auc::cards::AssessedOrder> orders{{&(*ct.doc)["order"], &a}};
  auc::cards::SequentialUuidSource uuids;
  const auto response = auc::cards::render_hook_response(orders, {}, uuids);
  rapidjson::Document body;
  body.Parse(response.body.c_str());
  BOOST_REQUIRE(!body.HasParseError());
  BOOST_TEST(auc::test::validate_cds_response(response.body).empty());
  BOOST_REQUIRE(body["cards"].Size() == 1u);
  const rapidjson::Value& card = body["cards"][0];
  BOOST_TEST(sv(card["indicator"]) == "warning");
  BOOST_TEST(contains(sv(card["summary"]), "already drafted"));
  BOOST_TEST(contains(sv(card["detail"]), "ServiceRequest/draft-mri"));
  BOOST_REQUIRE(card.HasMember("suggestions"));
  BOOST_REQUIRE(card["suggestions"].Size() == 1u);
  const rapidjson::Value& action = card["suggestions"][0]["actions"][0];
  BOOST_TEST(sv(action["type"]) == "delete");
  BOOST_TEST(sv(action["resourceId"][0]) == "ServiceRequest/draft-ct");
  // No second MRI order anywhere.
  BOOST_TEST(!contains(response.body, "\"create\""));
  BOOST_TEST(!contains(to_json(card["suggestions"]), "72148"));
}

BOOST_AUTO_TEST_SUITE_END()
