// The safety rules and free-text phrase lists: the shipped defaults are the ones the README
// documents, and a rules file a site edits is refused, with file, JSON path or row and field,
// when a value is unknown or out of range.
#include "engine/safety/safety_rules.h"

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "engine/safety/phrase_list.h"
#include "tests/knowledge/knowledge_fixture.h"

namespace auc::test {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

const std::string kShippedRules = std::string(AUC_DATA_DIR) + "/safety/contrast-and-devices.json";

engine::LoadError refusal_after(const std::function<void(rapidjson::Document&)>& edit) {
  std::ifstream in(kShippedRules, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError());
  edit(doc);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  auto rules =
      engine::parse_safety_rules_json({buffer.GetString(), buffer.GetSize()}, "edited.json");
  BOOST_TEST_REQUIRE(!rules.has_value(), "the edited rules must be refused");
  return rules.error();
}

const engine::SafetyRule* rule(const std::string& id) {
  for (const auto& r : shipped_knowledge_base().safety_rules().rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::vector<std::string_view> matches(const std::string& text) {
  std::vector<std::string_view> out;
  shipped_knowledge_base().phrases().match(text, out);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(safety_rules)

BOOST_AUTO_TEST_CASE(shipped_defaults_follow_the_contrast_manual) {
  const auto& rules = shipped_knowledge_base().safety_rules();
  BOOST_TEST(rules.settings.egfr_below == 30.0);
  BOOST_TEST(rules.settings.egfr_lookback_days == 30);
  using engine::SafetyAction;
  struct Expected {
    const char* id;
    SafetyAction action;
  };
  for (const Expected& e : {
           Expected{"iodinated-contrast-allergy", SafetyAction::kRemove},
           Expected{"gadolinium-contrast-allergy", SafetyAction::kRemove},
           Expected{"low-egfr-iodinated", SafetyAction::kDemote},
           Expected{"low-egfr-gadolinium", SafetyAction::kAnnotate},
           Expected{"dialysis-iodinated", SafetyAction::kAnnotate},
           Expected{"dialysis-gadolinium", SafetyAction::kAnnotate},
           Expected{"mr-unsafe-implant", SafetyAction::kRemove},
           Expected{"mr-conditional-implant", SafetyAction::kAnnotate},
           Expected{"pregnancy-ionising-imaging", SafetyAction::kRemove},
           Expected{"pregnancy-gadolinium", SafetyAction::kRemove},
           Expected{"pregnancy-radiography", SafetyAction::kAnnotate},
           Expected{"pregnancy-treatment", SafetyAction::kAnnotate},
       }) {
    const auto* r = rule(e.id);
    BOOST_TEST_REQUIRE(r != nullptr, e.id);
    BOOST_TEST((r->action == e.action), e.id);
  }
  // The iodinated allergy rule covers a myelogram's intrathecal contrast; the eGFR rule only IV.
  engine::ProcedureAttributes myelogram{engine::Modality::kCt, engine::ContrastAgent::kIodinated,
                                        engine::ContrastRoute::kIntrathecal, true};
  BOOST_TEST(rule("iodinated-contrast-allergy")->applies_to.matches(myelogram));
  BOOST_TEST(!rule("low-egfr-iodinated")->applies_to.matches(myelogram));
}

BOOST_AUTO_TEST_CASE(free_text_names_agents_devices_and_labels) {
  BOOST_TEST(matches("Gadolinium - anaphylaxis") ==
             std::vector<std::string_view>{"safety/contrast-gadolinium"});
  BOOST_TEST(matches("OMNIPAQUE 350 (iohexol)") ==
             std::vector<std::string_view>{"safety/contrast-iodinated"});
  BOOST_TEST(matches("IV Contrast Dye") ==
             std::vector<std::string_view>{"safety/contrast-iodinated"});
  // A generic word does not add iodinated contrast to a gadolinium entry.
  BOOST_TEST(matches("Gadolinium-based contrast media") ==
             std::vector<std::string_view>{"safety/contrast-gadolinium"});
  BOOST_TEST(
      matches("Spinal cord stimulator, MR Conditional") ==
      (std::vector<std::string_view>{"safety/implant-neurostimulator", "safety/mr-conditional"}));
  // Only at the start of a word: "Pacemakers" yes, "Iodine" in a food allergy no.
  BOOST_TEST(matches("Permanent Pacemakers") ==
             std::vector<std::string_view>{"safety/implant-pacemaker"});
  BOOST_TEST(matches("Shellfish / iodine").empty());
  BOOST_TEST(matches("Penicillins").empty());
}

BOOST_AUTO_TEST_CASE(a_rules_file_a_site_got_wrong_is_refused_with_its_path) {
  struct Case {
    std::function<void(rapidjson::Document&)> edit;
    std::string location;
    std::string says;
  };
  const std::vector<Case> cases{
      {[](auto& d) { rapidjson::Pointer("/rules/0/action").Set(d, "hide"); }, "/rules/0/action",
       "hide"},
      {[](auto& d) { rapidjson::Pointer("/rules/2/when").Set(d, "ckd"); }, "/rules/2/when", "ckd"},
      {[](auto& d) { rapidjson::Pointer("/rules/1/applies_to/contrast/0").Set(d, "gadolinum"); },
       "/rules/1/applies_to/contrast/0", "gadolinum"},
      {[](auto& d) { rapidjson::Pointer("/rules/1/applies_to/agent").Set(d, "x"); },
       "/rules/1/applies_to/agent", "unknown attribute"},
      {[](auto& d) { rapidjson::Pointer("/rules/3/id").Set(d, "low-egfr-iodinated"); },
       "/rules/3/id", "appears twice"},
      {[](auto& d) { rapidjson::Pointer("/settings/egfr_below").Set(d, -5); },
       "/settings/egfr_below", "between 0 and 200"},
      {[](auto& d) { rapidjson::Pointer("/settings/egfr_lookback_days").Set(d, 0); },
       "/settings/egfr_lookback_days", "at least 1"},
      {[](auto& d) { rapidjson::Pointer("/settings/egfr_look_back_days").Set(d, 90); },
       "/settings/egfr_look_back_days", "unknown setting"},
      {[](auto& d) { d["rules"][0].RemoveMember("message"); }, "/rules/0/message", "missing"},
  };
  for (const Case& c : cases) {
    const auto e = refusal_after(c.edit);
    BOOST_TEST(e.file == "edited.json");
    BOOST_TEST(e.location == c.location, e.to_string());
    BOOST_TEST(contains(e.message, c.says), e.to_string());
  }
}

BOOST_AUTO_TEST_CASE(phrase_rows_that_cannot_be_used_are_refused) {
  const std::string header = "concept,phrase,generic,note\n";
  struct Case {
    std::string row;
    std::string field;
  };
  for (const Case& c :
       {Case{"safety/egfr,egfr,,\n", "concept"}, Case{"safety/contrast-iodinated,iv,,\n", "phrase"},
        Case{"safety/contrast-iodinated,iohexol,maybe,\n", "generic"}}) {
    auto list = engine::parse_phrase_csv(header + c.row, "p.csv");
    BOOST_TEST_REQUIRE(!list.has_value(), c.row);
    BOOST_TEST(list.error().location == "row 2");
    BOOST_TEST(list.error().field == c.field);
  }
  auto twice = engine::parse_phrase_csv(
      header + "safety/contrast-iodinated,Iohexol,,\nsafety/contrast-gadolinium,iohexol,,\n",
      "p.csv");
  BOOST_TEST_REQUIRE(!twice.has_value());
  BOOST_TEST(twice.error().location == "row 3");
}

BOOST_AUTO_TEST_CASE(a_second_rules_file_is_refused) {
  DataDirCopy data;
  std::filesystem::copy_file(data.path() / "safety" / "contrast-and-devices.json",
                             data.path() / "safety" / "site.json");
  auto kb = engine::KnowledgeBase::load({data.path().string(), ""});
  BOOST_TEST_REQUIRE(!kb.has_value());
  BOOST_TEST(contains(kb.error().message, "exactly one safety rules file"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace auc::test
