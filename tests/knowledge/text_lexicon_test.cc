// The report-text lexicon (engine/data/text) is validated at load like the code tables: a broken
// row refuses to start, naming the file, the row and the column.
#include "engine/text/text_lexicon.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "engine/knowledge_base.h"
#include "tests/knowledge/knowledge_fixture.h"

namespace auc::test {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

engine::LoadError findings_refusal(const std::string& text) {
  engine::TextLexiconLoader loader;
  auto added = loader.add_findings_text(text, "/data/text/findings.csv");
  BOOST_TEST_REQUIRE(!added.has_value(), "must be refused: " << text);
  return added.error();
}

engine::LoadError context_refusal(const std::string& text) {
  engine::TextLexiconLoader loader;
  auto added = loader.add_context_text(text, "/data/text/context.csv");
  BOOST_TEST_REQUIRE(!added.has_value(), "must be refused: " << text);
  return added.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_lexicon)

BOOST_AUTO_TEST_CASE(the_shipped_lexicon_loads) {
  const engine::TextLexicon& lexicon = shipped_knowledge_base().text_lexicon();
  BOOST_TEST(!lexicon.empty());
  BOOST_TEST(lexicon.findings().size() > 50u);
  BOOST_TEST(lexicon.triggers().size() > 50u);
  BOOST_TEST(lexicon.token_id("edema") != engine::TextLexicon::kNoEntry);
  BOOST_TEST(lexicon.is_abbreviation("approx"));
}

BOOST_AUTO_TEST_CASE(unknown_context_class) {
  const auto e = context_refusal("phrase,class,direction\nno,denial,forward\n");
  BOOST_TEST(e.location == "row 2");
  BOOST_TEST(e.field == "class");
  BOOST_TEST(contains(e.message, "denial"));
  BOOST_TEST(contains(e.to_string(), "context.csv: row 2: class"));
}

BOOST_AUTO_TEST_CASE(unknown_direction) {
  const auto e = context_refusal("phrase,class,direction\n# comment\nno,negated,sideways\n");
  BOOST_TEST(e.location == "row 3");
  BOOST_TEST(e.field == "direction");
  BOOST_TEST(contains(e.message, "sideways"));
}

BOOST_AUTO_TEST_CASE(a_termination_term_takes_no_direction) {
  const auto e = context_refusal("phrase,class,direction\nbut,termination,forward\n");
  BOOST_TEST(e.field == "direction");
}

BOOST_AUTO_TEST_CASE(window_must_be_a_number_of_words) {
  const auto e = context_refusal("phrase,class,direction,window\nold,historical,forward,three\n");
  BOOST_TEST(e.field == "window");
}

BOOST_AUTO_TEST_CASE(a_phrase_with_two_meanings_names_both_rows) {
  engine::TextLexiconLoader loader;
  BOOST_TEST_REQUIRE(
      loader
          .add_findings_text("phrase,concept\nMarrow edema,finding/bone-marrow-edema\n",
                             "/data/text/findings.csv")
          .has_value());
  // The same words, spelt with other case and punctuation, as a trigger.
  auto added = loader.add_context_text("phrase,class,direction\nmarrow-edema,negated,forward\n",
                                       "/data/text/context.csv");
  BOOST_TEST_REQUIRE(!added.has_value());
  BOOST_TEST(added.error().location == "row 2");
  BOOST_TEST(added.error().field == "phrase");
  BOOST_TEST(contains(added.error().message, "findings.csv row 2"));
}

BOOST_AUTO_TEST_CASE(a_finding_names_a_known_concept_namespace) {
  const auto e = findings_refusal("phrase,concept\nmarrow edema,edema\n");
  BOOST_TEST(e.field == "concept");
  const auto empty = findings_refusal("phrase,concept\n...,finding/x\n");
  BOOST_TEST(empty.field == "phrase");
  const auto flag =
      findings_refusal("phrase,concept,requires_level\nfracture,condition/vcf,maybe\n");
  BOOST_TEST(flag.field == "requires_level");
}

BOOST_AUTO_TEST_CASE(a_missing_lexicon_file_refuses_to_start) {
  DataDirCopy data;
  std::filesystem::remove(data.path() / "text" / "context.csv");
  auto kb = engine::KnowledgeBase::load({data.path().string(), ""});
  BOOST_TEST_REQUIRE(!kb.has_value());
  BOOST_TEST(contains(kb.error().file, "context.csv"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace auc::test
