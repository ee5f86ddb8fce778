// The report-text matcher and its ConText reading, on sentences as radiologists write them, with
// the shipped lexicon (engine/data/text).
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "engine/text/base64.h"
#include "engine/text/find_mentions.h"
#include "engine/text/tokenizer.h"
#include "tests/support/fhir_builders.h"

using auc::engine::Mention;

namespace {

// Keeps the text alive: mentions are views into it.
struct Read {
  std::string text;
  std::vector<Mention> mentions;

  explicit Read(std::string t) : text(std::move(t)) {
    auc::engine::MentionScratch scratch;
    auc::engine::find_mentions(test::kb().text_lexicon(), text, scratch, mentions);
  }
  // The only mention of `concept`; fails the test when there is not exactly one.
  const Mention& one(std::string_view wanted) const {
    const Mention* found = nullptr;
    int matches = 0;
    for (const Mention& m : mentions) {
      if (m.concept_id == wanted) {
        found = &m;
        ++matches;
      }
    }
    BOOST_TEST_REQUIRE(matches == 1,
                       "mentions of " << wanted << " in \"" << text << "\": " << matches);
    return *found;
  }
  int count(std::string_view wanted) const {
    int n = 0;
    for (const Mention& m : mentions) n += m.concept_id == wanted ? 1 : 0;
    return n;
  }
};

constexpr std::string_view kVcf = "condition/vcf";
constexpr std::string_view kEdema = "finding/bone-marrow-edema";
constexpr std::string_view kCleft = "finding/intravertebral-cleft";
constexpr std::string_view kRetropulsion = "finding/retropulsion";
constexpr std::string_view kMalignancy = "condition/malignancy";

}  // namespace

BOOST_AUTO_TEST_SUITE(text_matcher)

BOOST_AUTO_TEST_CASE(acute_fracture_with_edema_is_affirmed_with_level_and_region) {
  const Read r("Acute L1 compression fracture with bone marrow edema.");
  const Mention& f = r.one(kVcf);
  BOOST_TEST(f.affirmed());
  BOOST_TEST(f.acute);
  BOOST_TEST(!f.historical);
  BOOST_TEST(f.level == "L1");
  BOOST_TEST(f.regions == (1u << 3));  // lumbar
  BOOST_TEST(f.phrase == "compression fracture");
  BOOST_TEST(f.sentence == "Acute L1 compression fracture with bone marrow edema.");
  BOOST_TEST(r.one(kEdema).affirmed());
}

BOOST_AUTO_TEST_CASE(no_marrow_edema_is_negated) {
  BOOST_TEST(Read("No marrow edema.").one(kEdema).negated);
  BOOST_TEST(Read("NO BONE MARROW OEDEMA").one(kEdema).negated);
  BOOST_TEST(Read("Negative for marrow edema at L2.").one(kEdema).negated);
  BOOST_TEST(Read("No evidence of bone marrow edema to suggest acuity.").one(kEdema).negated);
  BOOST_TEST(Read("Marrow edema is not seen.").one(kEdema).negated);
}

BOOST_AUTO_TEST_CASE(termination_ends_the_negation_scope) {
  const Read r("No retropulsion but acute fracture with marrow edema");
  BOOST_TEST(r.one(kRetropulsion).negated);
  BOOST_TEST(!r.one(kEdema).negated);
  BOOST_TEST(r.one(kEdema).affirmed());
  const Read h("No retropulsion; however, there is marrow edema at L1.");
  BOOST_TEST(h.one(kRetropulsion).negated);
  BOOST_TEST(h.one(kEdema).affirmed());
}

BOOST_AUTO_TEST_CASE(negation_does_not_cross_a_sentence_end_after_a_level) {
  const Read r("No fracture at L2. Acute L1 compression fracture.");
  BOOST_TEST(r.count("condition/spine-fracture") == 1);
  BOOST_TEST(r.one("condition/spine-fracture").negated);
  BOOST_TEST(r.one(kVcf).affirmed());
  BOOST_TEST(r.one(kVcf).level == "L1");
}

BOOST_AUTO_TEST_CASE(an_abbreviation_does_not_end_the_sentence) {
  // "approx." would otherwise end the sentence and free the edema from the negation.
  const Read r("No approx. 2 cm focus of marrow edema.");
  BOOST_TEST(r.one(kEdema).negated);
}

BOOST_AUTO_TEST_CASE(uncertainty_triggers_make_suspicions) {
  BOOST_TEST(
      Read("Cannot exclude pathologic fracture.").one("condition/vcf-pathological").uncertain);
  BOOST_TEST(Read("Lesion at T10 suspicious for metastasis.").one(kMalignancy).uncertain);
  BOOST_TEST(Read("Possible mild marrow edema at L3.").one(kEdema).uncertain);
  BOOST_TEST(
      Read("Pathologic fracture cannot be excluded.").one("condition/vcf-pathological").uncertain);
  BOOST_TEST(Read("Indication: back pain, rule out compression fracture").one(kVcf).uncertain);
  BOOST_TEST(!Read("Acute L1 compression fracture.").one(kVcf).uncertain);
}

BOOST_AUTO_TEST_CASE(chronic_and_acute_qualifiers_go_to_the_nearer_finding) {
  const Read c("Chronic T12 compression deformity, unchanged.");
  BOOST_TEST(c.one(kVcf).historical);
  BOOST_TEST(c.one(kVcf).affirmed());
  BOOST_TEST(c.one(kVcf).level == "T12");

  const Read both("Chronic T12 compression deformity and acute L1 compression fracture.");
  BOOST_REQUIRE(both.count(kVcf) == 2);
  BOOST_TEST(both.mentions[0].historical);
  BOOST_TEST(!both.mentions[0].acute);
  BOOST_TEST(both.mentions[0].level == "T12");
  BOOST_TEST(both.mentions[1].acute);
  BOOST_TEST(!both.mentions[1].historical);
  BOOST_TEST(both.mentions[1].level == "L1");

  BOOST_TEST(Read("Old healed T11 wedge fracture.").one(kVcf).historical);
}

BOOST_AUTO_TEST_CASE(history_is_history_not_absence) {
  const Read r("History of breast cancer.");
  const Mention& m = r.one(kMalignancy);
  BOOST_TEST(m.historical);
  BOOST_TEST(m.affirmed());
  BOOST_TEST(!Read("No history of cancer.").one(kMalignancy).affirmed());
  BOOST_TEST(Read("Family history of breast cancer.").one(kMalignancy).experiencer);
}

BOOST_AUTO_TEST_CASE(comparison_with_a_prior_study_is_not_history) {
  const Read r("Compared to prior MRI, there is new marrow edema at L1.");
  BOOST_TEST(!r.one(kEdema).historical);
  BOOST_TEST(r.one(kEdema).affirmed());
  const Read n("No change in the acute L1 compression fracture.");
  BOOST_TEST(!n.one(kVcf).negated);
}

BOOST_AUTO_TEST_CASE(kummell_with_and_without_umlaut) {
  BOOST_TEST(Read("Intravertebral cleft at L2 consistent with Kümmell disease").count(kCleft) == 2);
  BOOST_TEST(Read("KUMMELL DISEASE OF L2").one(kCleft).affirmed());
  BOOST_TEST(Read("Kuemmell disease at T12.").one(kCleft).level == "T12");
  BOOST_TEST(Read("Intra-vertebral vacuum cleft.").one(kCleft).affirmed());
  BOOST_TEST(Read("No intravertebral cleft.").one(kCleft).negated);
}

BOOST_AUTO_TEST_CASE(stir_hyperintensity_reads_as_edema) {
  BOOST_TEST(Read("L1 vertebral body is hyperintense on STIR.").one(kEdema).affirmed());
  BOOST_TEST(Read("Increased STIR signal within the L1 vertebral body.").one(kEdema).affirmed());
}

BOOST_AUTO_TEST_CASE(a_bare_fracture_needs_a_level) {
  BOOST_TEST(Read("Acute fracture of the distal radius.").count("condition/spine-fracture") == 0);
  BOOST_TEST(Read("Acute L1 fracture.").one("condition/spine-fracture").acute);
}

BOOST_AUTO_TEST_CASE(multi_sentence_report_with_line_breaks_and_a_list) {
  const Read r(
      "FINDINGS:\nThere is an acute compression\nfracture of the L1 vertebral body with\n"
      "bone marrow edema. No retropulsion.\n\nIMPRESSION:\n1. Acute L1 compression fracture\n"
      "2. No marrow edema at T12\n3. Mild kyphosis");
  BOOST_TEST(r.count(kVcf) == 2);
  for (const Mention& m : r.mentions) {
    if (m.concept_id == kVcf) BOOST_TEST(m.acute);
  }
  BOOST_REQUIRE(r.count(kEdema) == 2);
  BOOST_TEST(r.mentions[1].concept_id == kEdema);
  BOOST_TEST(r.mentions[1].affirmed());
  BOOST_TEST(r.one(kRetropulsion).negated);
  // The list item "2." starts its own sentence: its negation stays there.
  int negated_edema = 0;
  for (const Mention& m : r.mentions) negated_edema += m.concept_id == kEdema && m.negated;
  BOOST_TEST(negated_edema == 1);
  BOOST_TEST(r.one("condition/kyphosis").affirmed());
  BOOST_TEST(!r.one("condition/kyphosis").progression);
}

BOOST_AUTO_TEST_CASE(words_are_matched_whole) {
  // "cancerous" and "edematous" are not the phrases; "mr" inside "mri" is not "mr".
  BOOST_TEST(Read("Cancerous? Edematous soft tissue.").mentions.empty());
}

BOOST_AUTO_TEST_CASE(base64_decodes_wrapped_text_and_refuses_garbage) {
  const auto plain = auc::engine::decode_base64("QWN1dGUgTDEgY29tcHJl\nc3Npb24gZnJhY3R1cmUu");
  BOOST_REQUIRE(plain.has_value());
  BOOST_TEST(*plain == "Acute L1 compression fracture.");
  BOOST_TEST(auc::engine::decode_base64("TDE=").value() == "L1");
  BOOST_TEST(!auc::engine::decode_base64("not base64!").has_value());
  BOOST_TEST(!auc::engine::decode_base64("TDE=x").has_value());
  // A line break inside a group of four, and a whole group after the padding.
  BOOST_TEST(auc::engine::decode_base64("QWN1d\r\nGUgTDE=").value() == "Acute L1");
  BOOST_TEST(!auc::engine::decode_base64("TDE=QUFB").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
