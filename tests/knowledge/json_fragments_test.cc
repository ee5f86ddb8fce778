// Codes and ratings are rendered to JSON once, when the knowledge base loads, and spliced into
// every assessment and card: the splice must write exactly what rendering on the spot would, for
// every shipped entry and for entries built in code (which have no fragment).
#include "engine/json_fragments.h"

#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/knowledge/knowledge_fixture.h"

namespace auc::test {
namespace {

template <class Entry, class Write>
std::string written(const Entry& entry, Write write) {
  rapidjson::StringBuffer buffer;
  engine::JsonWriter w(buffer);
  w.StartArray();
  write(w, entry);
  write(w, entry);
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string written_coding(const engine::CodeMapping& m) {
  return written(
      m, [](engine::JsonWriter& w, const engine::CodeMapping& c) { engine::write_coding(w, c); });
}

std::string written_rating(const engine::RatedProcedure& p) {
  return written(p, [](engine::JsonWriter& w, const engine::RatedProcedure& r) {
    engine::write_rating(w, r);
  });
}

BOOST_AUTO_TEST_SUITE(json_fragments)

BOOST_AUTO_TEST_CASE(every_shipped_code_and_rating_has_its_fragment_rendered_at_load) {
  const engine::KnowledgeBase& kb = shipped_knowledge_base();
  BOOST_TEST_REQUIRE(!kb.terminology().mappings().empty());
  for (const engine::CodeMapping& m : kb.terminology().mappings()) {
    BOOST_TEST_REQUIRE(!m.coding_json.empty(), m.source);
    BOOST_TEST(m.coding_json == engine::render_coding(m), m.source);
  }
  std::size_t procedures = 0;
  for (const engine::Topic& topic : kb.topics()) {
    for (const engine::Variant& variant : topic.variants) {
      for (const engine::RatedProcedure& p : variant.procedures) {
        ++procedures;
        BOOST_TEST_REQUIRE(!p.rating_json.empty(), p.id);
        BOOST_TEST(p.rating_json == engine::render_rating(p), p.id);
      }
    }
  }
  BOOST_TEST(procedures > 0u);
}

BOOST_AUTO_TEST_CASE(a_spliced_fragment_writes_what_rendering_would) {
  engine::CodeMapping code;
  code.system = "urn:oid:1.2.3";
  code.code = "A\"1";
  code.display = "back\\slash \"quoted\"";
  const std::string rendered = written_coding(code);
  code.coding_json = engine::render_coding(code);
  BOOST_TEST(written_coding(code) == rendered);

  rapidjson::Document doc;
  doc.Parse(rendered.c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError(), rendered);
  BOOST_TEST_REQUIRE(doc.Size() == 2u);
  BOOST_TEST(std::string(doc[1]["code"].GetString()) == "A\"1");
  BOOST_TEST(std::string(doc[1]["display"].GetString()) == "back\\slash \"quoted\"");

  engine::CodeMapping no_display;
  no_display.system = "http://loinc.org";
  no_display.code = "24967-2";
  BOOST_TEST(engine::render_coding(no_display) ==
             R"({"system":"http://loinc.org","code":"24967-2"})");

  engine::RatedProcedure p;
  p.id = "mri-spine-without-iv-contrast";
  p.name = "MRI spine area of interest without IV contrast";
  p.category = engine::Category::kUsuallyAppropriate;
  p.rating = 9;
  const std::string rating = written_rating(p);
  p.rating_json = engine::render_rating(p);
  BOOST_TEST(written_rating(p) == rating);
  BOOST_TEST(p.rating_json ==
             R"({"procedure":"mri-spine-without-iv-contrast","name":"MRI spine area of interest )"
             R"(without IV contrast","category":"Usually Appropriate","rating":9})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace auc::test
