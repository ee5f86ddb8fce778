// The response validator the integration tests rely on: it accepts real responses and rejects
// each way a response can break the CDS Hooks 2.0 rules or the sandbox's PAMA convention.
#include <rapidjson/pointer.h>

#include <boost/test/unit_test.hpp>
#include <functional>

#include "render_fixture.h"

using namespace cards_test;
using auc::test::validate_cds_response;
using rapidjson::Pointer;

namespace {

// A valid response with a card, suggestions and systemActions to break.
const std::string& valid_body() {
  static const std::string body = [] {
    const Rendered r = render(full_draft(kCtLumbarWith), v2_symptomatic_malignancy());
    return r.response.body;
  }();
  return body;
}

struct Breakage {
  const char* name;
  std::function<void(rapidjson::Document&)> apply;
  const char* expected_path;  // the violation must name this path
};

void set(rapidjson::Document& d, const char* pointer, const char* json) {
  rapidjson::Document v(&d.GetAllocator());
  v.Parse(json);
  BOOST_REQUIRE(!v.HasParseError());
  Pointer(pointer).Set(d, rapidjson::Value(v, d.GetAllocator()));
}

void erase(rapidjson::Document& d, const char* pointer) {
  BOOST_REQUIRE_MESSAGE(Pointer(pointer).Erase(d), pointer);
}

const std::string kSuggestion0 = "/cards/0/suggestions/0";
const std::string kResource0 = kSuggestion0 + "/actions/0/resource";

}  // namespace

BOOST_AUTO_TEST_SUITE(validator)

BOOST_AUTO_TEST_CASE(accepts_rendered_responses_and_empty_card_lists) {
  BOOST_TEST(validate_cds_response(valid_body()).empty(),
             auc::test::describe_violations(validate_cds_response(valid_body())));
  BOOST_TEST(validate_cds_response("{\"cards\":[]}").empty());
}

BOOST_AUTO_TEST_CASE(rejects_each_broken_variant) {
  const std::string long_summary = "\"" + std::string(140, 'a') + "\"";
  // 139 characters but more bytes: characters are what count.
  std::string ok_summary = "\"";
  for (int i = 0; i < 139; ++i) ok_summary += "\xE2\x98\xA2";
  ok_summary += "\"";
  const std::vector<Breakage> breakages = {
      {"summary of 140 characters",
       [&](auto& d) { set(d, "/cards/0/summary", long_summary.c_str()); }, "/cards/0/summary"},
      {"summary missing", [](auto& d) { erase(d, "/cards/0/summary"); }, "/cards/0/summary"},
      {"unknown indicator", [](auto& d) { set(d, "/cards/0/indicator", "\"urgent\""); },
       "/cards/0/indicator"},
      {"source without label", [](auto& d) { erase(d, "/cards/0/source/label"); },
       "/cards/0/source/label"},
      {"no source", [](auto& d) { erase(d, "/cards/0/source"); }, "/cards/0/source"},
      {"topic without system", [](auto& d) { erase(d, "/cards/0/source/topic/system"); },
       "/cards/0/source/topic/system"},
      {"suggestions without selectionBehavior",
       [](auto& d) { erase(d, "/cards/0/selectionBehavior"); }, "/cards/0/selectionBehavior"},
      {"unknown selectionBehavior",
       [](auto& d) { set(d, "/cards/0/selectionBehavior", "\"all\""); },
       "/cards/0/selectionBehavior"},
      {"two recommended with at-most-one",
       [](auto& d) { set(d, "/cards/0/suggestions/1/isRecommended", "true"); },
       "/cards/0/suggestions"},
      {"suggestion without label", [](auto& d) { erase(d, (kSuggestion0 + "/label").c_str()); },
       "/cards/0/suggestions/0/label"},
      {"bad suggestion uuid",
       [](auto& d) { set(d, (kSuggestion0 + "/uuid").c_str(), "\"not-a-uuid\""); },
       "/cards/0/suggestions/0/uuid"},
      {"uuid used twice",
       [](auto& d) {
         rapidjson::Value copy(*Pointer("/cards/0/uuid").Get(d), d.GetAllocator());
         Pointer((kSuggestion0 + "/uuid").c_str()).Set(d, copy);
       },
       "/cards/0/suggestions/0/uuid"},
      {"unknown action type",
       [](auto& d) { set(d, (kSuggestion0 + "/actions/0/type").c_str(), "\"replace\""); },
       "/cards/0/suggestions/0/actions/0/type"},
      {"update without resource", [](auto& d) { erase(d, kResource0.c_str()); },
       "/cards/0/suggestions/0/actions/0/resource"},
      {"update of a resource without id", [](auto& d) { erase(d, (kResource0 + "/id").c_str()); },
       "/cards/0/suggestions/0/actions/0/resource/id"},
      {"delete without resourceId",
       [](auto& d) {
         set(d, "/systemActions/0", "{\"type\":\"delete\"}");
         set(d, "/extension/systemActions/0", "{\"type\":\"delete\"}");
       },
       "/systemActions/0/resourceId"},
      {"override reason without display",
       [](auto& d) { erase(d, "/cards/0/overrideReasons/0/display"); },
       "/cards/0/overrideReasons/0/display"},
      {"suggested coding without system",
       [](auto& d) { erase(d, (kResource0 + "/code/coding/0/system").c_str()); },
       "/cards/0/suggestions/0/actions/0/resource/code/coding/0/system"},
      {"null field", [](auto& d) { set(d, "/cards/0/detail", "null"); }, "/cards/0/detail"},
      {"empty string", [](auto& d) { set(d, "/cards/0/detail", "\"\""); }, "/cards/0/detail"},
      {"empty array", [](auto& d) { set(d, "/cards/0/links", "[]"); }, "/cards/0/links"},
      {"empty object", [](auto& d) { set(d, (kResource0 + "/meta").c_str(), "{}"); },
       "/cards/0/suggestions/0/actions/0/resource/meta"},
      {"link type neither absolute nor smart",
       [](auto& d) { set(d, "/cards/0/links/0/type", "\"relative\""); }, "/cards/0/links/0/type"},
      {"appContext on an absolute link",
       [](auto& d) { set(d, "/cards/0/links/0/appContext", "\"x\""); },
       "/cards/0/links/0/appContext"},
      {"card uuid not a UUID", [](auto& d) { set(d, "/cards/0/uuid", "\"1234\""); },
       "/cards/0/uuid"},
      {"extension.systemActions missing", [](auto& d) { erase(d, "/extension"); },
       "/extension/systemActions"},
      {"extension.systemActions differ",
       [](auto& d) { set(d, "/extension/systemActions/0/description", "\"other\""); },
       "/extension/systemActions"},
      {"unknown pama code",
       [](auto& d) {
         set(d, (kResource0 + "/extension/1/valueCodeableConcept/coding/0/code").c_str(),
             "\"maybe\"");
       },
       "/cards/0/suggestions/0/actions/0/resource/extension/1"},
      {"consult id not a urn:uuid",
       [](auto& d) { set(d, (kResource0 + "/extension/2/valueUri").c_str(), "\"consult-1\""); },
       "/cards/0/suggestions/0/actions/0/resource/extension/2/valueUri"},
      {"suggested order without pama-rating",
       [](auto& d) { erase(d, (kResource0 + "/extension/1").c_str()); },
       "/cards/0/suggestions/0/actions/0/resource/extension"},
      {"suggested order lost reasonCode",
       [](auto& d) { erase(d, (kResource0 + "/reasonCode").c_str()); },
       "/cards/0/suggestions/0/actions/0/resource/reasonCode"},
      {"suggested order lost the draft's own extension",
       [](auto& d) { erase(d, (kResource0 + "/extension/0").c_str()); },
       "/cards/0/suggestions/0/actions/0/resource/extension"},
      {"rated order without consult id",
       [](auto& d) {
         erase(d, "/systemActions/0/resource/extension/2");
         erase(d, "/extension/systemActions/0/resource/extension/2");
       },
       "/systemActions/0/resource/extension"},
      {"unknown top-level member", [](auto& d) { set(d, "/debug", "1"); }, "/debug"},
      {"unknown card member", [](auto& d) { set(d, "/cards/0/priority", "1"); },
       "/cards/0/priority"},
  };
  for (const Breakage& b : breakages) {
    BOOST_TEST_CONTEXT(b.name) {
      rapidjson::Document d;
      d.Parse(valid_body().c_str());
      BOOST_REQUIRE(!d.HasParseError());
      b.apply(d);
      const auto violations = validate_cds_response(to_json(d));
      bool named = false;
      for (const auto& v : violations)
        named = named || v.starts_with(std::string(b.expected_path) + ":");
      BOOST_TEST(named, "expected a violation at " << b.expected_path << ", got:\n"
                                                   << auc::test::describe_violations(violations));
    }
  }
  // Multi-byte characters count once.
  rapidjson::Document d;
  d.Parse(valid_body().c_str());
  set(d, "/cards/0/summary", ok_summary.c_str());
  BOOST_TEST(validate_cds_response(to_json(d)).empty(),
             auc::test::describe_violations(validate_cds_response(to_json(d))));
}

BOOST_AUTO_TEST_CASE(create_suggestions_are_new_orders_not_copies_of_the_draft) {
  // The settling-study card: a create of a new MRI order next to the augmentation draft.
  const std::string body =
      render(full_draft(kKyphoplastyLumbar, "draft-1", "", kVcfOsteoporotic),
             {test::condition("c1", dx(kVcfOsteoporotic)), test::condition("c2", dx(kBackPain))})
          .response.body;
  BOOST_TEST(validate_cds_response(body).empty(),
             auc::test::describe_violations(validate_cds_response(body)));
  const std::string kCreate = "/cards/0/suggestions/0/actions/0";
  const std::string kNew = kCreate + "/resource";
  rapidjson::Document probe;
  probe.Parse(body.c_str());
  BOOST_REQUIRE(Pointer(kCreate.c_str()).Get(probe) != nullptr);
  BOOST_REQUIRE(sv(*Pointer((kCreate + "/type").c_str()).Get(probe)) == "create");

  struct PathBreakage {
    const char* name;
    std::function<void(rapidjson::Document&)> apply;
    std::string expected_path;
  };
  const std::vector<PathBreakage> breakages = {
      {"create without resource", [&](auto& d) { erase(d, kNew.c_str()); }, kNew},
      {"create without resourceType", [&](auto& d) { erase(d, (kNew + "/resourceType").c_str()); },
       kNew + "/resourceType"},
      {"new order without status", [&](auto& d) { erase(d, (kNew + "/status").c_str()); },
       kNew + "/status"},
      {"new order without intent", [&](auto& d) { erase(d, (kNew + "/intent").c_str()); },
       kNew + "/intent"},
      {"new order without subject", [&](auto& d) { erase(d, (kNew + "/subject").c_str()); },
       kNew + "/subject"},
      {"new order without a coding",
       [&](auto& d) { set(d, (kNew + "/code").c_str(), "{\"text\":\"MRI\"}"); },
       kNew + "/code/coding"},
      {"new order coding without code",
       [&](auto& d) { erase(d, (kNew + "/code/coding/0/code").c_str()); },
       kNew + "/code/coding/0/code"},
      {"new order with an empty field",
       [&](auto& d) { set(d, (kNew + "/reasonCode").c_str(), "[]"); }, kNew + "/reasonCode"},
      {"new order reusing the draft's id",
       [&](auto& d) { set(d, (kNew + "/id").c_str(), "\"draft-1\""); }, kNew + "/id"},
  };
  for (const PathBreakage& b : breakages) {
    BOOST_TEST_CONTEXT(b.name) {
      rapidjson::Document d;
      d.Parse(body.c_str());
      b.apply(d);
      const auto violations = validate_cds_response(to_json(d));
      bool named = false;
      for (const auto& v : violations) named = named || v.starts_with(b.expected_path + ":");
      BOOST_TEST(named, "expected a violation at " << b.expected_path << ", got:\n"
                                                   << auc::test::describe_violations(violations));
    }
  }
  // A create needs no id, and carries no rating and nothing of the draft.
  rapidjson::Document d;
  d.Parse(body.c_str());
  erase(d, (kNew + "/id").c_str());
  erase(d, (kNew + "/reasonCode").c_str());
  BOOST_TEST(validate_cds_response(to_json(d)).empty(),
             auc::test::describe_violations(validate_cds_response(to_json(d))));
}

BOOST_AUTO_TEST_CASE(rejects_what_is_not_a_response) {
  BOOST_TEST(!validate_cds_response("not json").empty());
  BOOST_TEST(!validate_cds_response("[]").empty());
  BOOST_TEST(!validate_cds_response("{}").empty());
  BOOST_TEST(!validate_cds_response("{\"cards\":[],\"systemActions\":[]}").empty());
  BOOST_TEST(!validate_cds_response("{\"cards\":{}}").empty());
}

BOOST_AUTO_TEST_SUITE_END()
