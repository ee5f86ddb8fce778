// GET /criteria and `auc-hooks criteria --json` show integrators and auditors what is applied.
#include "engine/criteria/criteria_document.h"

#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>

#include "engine/knowledge_base.h"
#include "tests/knowledge/knowledge_fixture.h"

namespace auc::test {

BOOST_AUTO_TEST_SUITE(criteria_document)

BOOST_AUTO_TEST_CASE(the_document_carries_every_variant_and_procedure_as_loaded) {
  const auto& kb = shipped_knowledge_base();
  const std::string json = engine::criteria_document_json(kb);
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError());
  const auto& topics = doc["topics"];
  BOOST_TEST_REQUIRE(topics.Size() == kb.topics().size());
  const auto& topic = topics[0];
  const auto& loaded = kb.topics().front();
  BOOST_TEST(topic["id"].GetString() == loaded.id);
  BOOST_TEST(topic["title"].GetString() == loaded.title);
  BOOST_TEST(topic["edition"].GetString() == loaded.edition);
  BOOST_TEST(topic["source_url"].GetString() == loaded.source_url);
  BOOST_TEST_REQUIRE(topic["variants"].Size() == 9u);
  std::size_t rows = 0;
  for (rapidjson::SizeType v = 0; v < topic["variants"].Size(); ++v) {
    const auto& variant = topic["variants"][v];
    const auto& lv = loaded.variants[v];
    BOOST_TEST(variant["number"].GetInt() == lv.number);
    BOOST_TEST(variant["title"].GetString() == lv.title);
    BOOST_TEST(variant["kind"].GetString() == std::string(engine::variant_kind_label(lv.kind)));
    BOOST_TEST_REQUIRE(variant["procedures"].Size() == lv.procedures.size());
    for (rapidjson::SizeType p = 0; p < variant["procedures"].Size(); ++p, ++rows) {
      const auto& proc = variant["procedures"][p];
      const auto& lp = lv.procedures[p];
      BOOST_TEST(proc["name"].GetString() == lp.name);
      BOOST_TEST(proc["category"].GetString() == std::string(engine::category_label(lp.category)));
      BOOST_TEST(proc["rating"].GetInt() == lp.rating);
      BOOST_TEST(proc["median"].GetInt() == lp.median);
      BOOST_TEST(proc["soe"].GetString() == lp.soe);
      BOOST_TEST(proc["rrl_adult"].GetString() == lp.rrl_adult.text);
      BOOST_TEST(proc["rrl_peds"].GetString() == lp.rrl_peds.text);
      BOOST_TEST(proc["votes"].Size() == 9u);
      BOOST_TEST(proc["references"].Size() == lp.references.size());
    }
  }
  BOOST_TEST(rows == 71u);
}

BOOST_AUTO_TEST_CASE(special_characters_survive_the_round_trip) {
  const auto& kb = shipped_knowledge_base();
  const std::string json = engine::criteria_document_json(kb);
  BOOST_TEST(json.find("\u2622\u2622\u2622 1-10 mSv") != std::string::npos);
  BOOST_TEST(json.find("\"May Be Appropriate (Disagreement)\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace auc::test
