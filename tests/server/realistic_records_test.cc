// Records as EHRs send them (tests/fixtures/records/, one order-select or order-sign request each,
// with full prefetch), read by the real binary's `assess`: the variant, the rating and the facts
// a reader of the card would check. Each record is one way a record misleads a naive reader:
// negated, uncertain and historical report text, free-text conditions, suspected and abated
// diagnoses, typo dates, healed-fracture history, skin cancer, the ICD-10-CM OID, one fracture
// coded three ways, pain scores in every value type, CPT modifiers, codings that disagree,
// retropulsion.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "service_support.h"

using namespace auc::test;

namespace {

struct Record {
  const char* file;
  std::vector<std::string> explained;  // lines of `assess --explain` (substrings)
  std::vector<std::string> carded;     // in the cards' detail (substrings)
  std::vector<std::string> never;      // in neither
};

const std::string kData = AUC_DATA_DIR;

std::string path_of(const char* file) {
  return std::string(AUC_FIXTURES_DIR) + "/records/" + file;
}

std::string card_details(const std::string& response) {
  rapidjson::Document doc;
  doc.Parse(response.c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError(), response);
  std::string out;
  for (const auto& card : doc["cards"].GetArray()) {
    out += card["summary"].GetString();
    out += '\n';
    if (card.HasMember("detail")) out += card["detail"].GetString();
    out += '\n';
  }
  return out;
}

const std::vector<Record>& records() {
  static const std::vector<Record> kRecords = {
      {"01-negated-edema-chronic-fracture-kyphoplasty.json",
       {"Variant: none", "marrow_edema_or_cleft = false (inferred)",
        "Rating: none (no-criteria-apply)"},
       {},
       {"Variant 6"}},
      {"02-cannot-exclude-edema-kyphoplasty.json",
       {"Variant: none", "marrow_edema_or_cleft = false (assumed) from DiagnosticReport/r1",
        "suspected, not counted: the conclusion of DiagnosticReport/r1 says \"Cannot exclude "
        "subtle marrow edema"},
       {"No ACR variant applies unless a suspected finding is confirmed: then variant 6",
        "if marrow_edema_or_cleft were true, variant 6", "Cannot exclude subtle marrow edema"},
       {}},
      {"03-history-of-breast-cancer-in-a-note-bone-scan.json",
       {"Variant 2:", "malignancy_history = true (documented) from Condition/c3",
        "Rating: Bone scan whole body: May Be Appropriate, 5"},
       {"History of breast cancer"},
       {}},
      {"04-fracture-only-in-condition-code-text-ct.json",
       {"Variant 1:", "vcf_present = true (documented) from Condition/c1",
        "Rating: CT spine area of interest with IV contrast: Usually Not Appropriate, 3"},
       {},
       {}},
      {"05-differential-bone-metastasis-bone-scan.json",
       {"Variant 1:", "malignancy_history = false (assumed) from Condition/c3",
        "Rating: Bone scan whole body: May Be Appropriate, 5"},
       {"if malignancy_history were true, variant 2"},
       {"Variant 2:"}},
      {"06-abated-fracture-kyphoplasty.json",
       {"vcf_present = false", "prior_fracture = true", "Rating: none (no-criteria-apply)"},
       {},
       {"Variant 7", "Variant 6:"}},
      {"07-future-onset-typo-mri.json",
       {"Variant 1:", "Data quality: Condition/c1 onset is after the order date and was ignored",
        "Rating: MRI spine area of interest without IV contrast: Usually Appropriate, 9"},
       {},
       {}},
      {"08-healed-fracture-history-beside-current-fracture-mri.json",
       {"Variant 1:", "multiple_fractures = false",
        "a healed-fracture history code names no site: not a second fracture"},
       {},
       {"Variant 3"}},
      {"09-skin-carcinoma-not-malignancy-ct.json",
       {"Variant 1:", "malignancy_history = false (inferred)"},
       {},
       {"Variant 2"}},
      {"10-sequela-under-oid-after-kyphoplasty.json",
       {"new_fracture = false", "Rating: none (no-criteria-apply)"},
       {},
       {"Variant 7"}},
      {"11-initial-under-oid-after-kyphoplasty.json",
       {"Variant 7:",
        "new_fracture = true (documented) from Condition/c1 "
        "(urn:oid:2.16.840.1.113883.6.90 S32.010A",
        "Rating: Percutaneous vertebral augmentation: Usually Appropriate, 8"},
       {},
       {}},
      {"12-one-fracture-three-codes-mri.json",
       {"Variant 1:", "multiple_fractures = false",
        "Counted as one fracture: Condition/c1 and Condition/c2 (M80.08XA names no vertebra; "
        "S32.010D names L1, in the same or an unspecified region, within 30 days)",
        "Counted as one fracture: Condition/c2 and Condition/c3 (M48.56XA names no vertebra; "
        "S32.010D names L1"},
       {},  // MRI without contrast is Usually Appropriate here: no card
       {"Variant 3"}},
      {"13-pain-scores-rising-kyphoplasty.json",
       {"Variant 8:", "worsening_pain_deformity_or_pulmonary = true (documented)",
        "pain score rose from 4 to 8 of 10",
        "Rating: Percutaneous vertebral augmentation: Usually Appropriate, 8"},
       {},
       {"Variant 5"}},
      {"14-pain-score-as-codeable-concept-ct.json",
       {"Variant 1:", "symptomatic = true (documented) from Observation/ob1",
        "pain score 7 of 10 on Observation/ob1"},
       {},
       {}},
      {"15-cpt-modifiers-order-sign.json",
       {"Order ServiceRequest/o1", "Order ServiceRequest/o2", "Order ServiceRequest/o3",
        "Order ServiceRequest/o4", "72132-26", "72132 26", "72132TC", "7213226",
        "Rating: CT spine area of interest with IV contrast: Usually Not Appropriate, 3"},
       {},
       {"Rating: none"}},
      {"16-order-codings-disagree-ct.json",
       {"Rating: none (no-criteria-apply)"},
       {"disagree"},
       {"Usually Appropriate, 8"}},
      {"17-retropulsion-with-edema-kyphoplasty.json",
       {"Variant 6:", "retropulsion = true (documented) from DiagnosticReport/r1",
        "Also shown: retropulsion", "Retropulsion is described",
        "Rating: Percutaneous vertebral augmentation: Usually Appropriate, 8"},
       {},
       {}},
      {"18-suspicious-for-metastasis-mri.json",
       {"Variant 1:", "malignancy_history = false (assumed) from DiagnosticReport/r1",
        "suspicious for metastasis"},
       {"if malignancy_history were true, variant 2"},
       {"Variant 2:"}},
      {"19-possible-second-fracture-ct.json",
       {"Variant 1:", "multiple_fractures = false (assumed)",
        "Counted as one fracture: Condition/c1 and DiagnosticReport/r1 (both name L1)"},
       {"if prior_treatment_or_multiple_fractures were true (multiple_fractures: ",
        "Possible acute T12 superior endplate fracture"},
       {"Variant 3:"}},
      {"20-two-named-vertebrae-and-an-unnamed-code-mri.json",
       {"Variant 3:", "multiple_fractures = true",
        "Rating: MRI spine area of interest without IV contrast: Usually Appropriate, 8"},
       {},
       {}},
      {"22-kyphoplasty-history-in-a-note-kyphoplasty.json",
       {"Variant 7:", "prior_augmentation = true (documented) from Condition/c3",
        "Rating: Percutaneous vertebral augmentation: Usually Appropriate, 8"},
       {},
       {"Variant 6", "Variant 8"}},
      {"21-plural-fractures-in-a-radiograph-report-mri.json",
       {"Variant 3:", "multiple_fractures = true", "a record says multiple fractures",
        "Rating: MRI spine area of interest without IV contrast: Usually Appropriate, 8"},
       {},
       {"Variant 1:"}},
  };
  return kRecords;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(realistic_records)

BOOST_AUTO_TEST_CASE(each_record_is_read_right_by_the_binary) {
  for (const Record& r : records()) {
    BOOST_TEST_CONTEXT(r.file) {
      const auto explained =
          run_server_binary({"assess", path_of(r.file), "--explain", "--data-dir", kData});
      BOOST_TEST_REQUIRE(explained.exit_code == 0, explained.stderr_text);
      const auto answered = run_server_binary({"assess", path_of(r.file), "--data-dir", kData});
      BOOST_TEST_REQUIRE(answered.exit_code == 0, answered.stderr_text);
      const std::string cards = card_details(answered.stdout_text);
      for (const std::string& s : r.explained) {
        BOOST_TEST(explained.stdout_text.find(s) != std::string::npos,
                   "missing: " << s << "\n"
                               << explained.stdout_text);
      }
      for (const std::string& s : r.carded) {
        BOOST_TEST(cards.find(s) != std::string::npos, "missing in cards: " << s << "\n" << cards);
      }
      for (const std::string& s : r.never) {
        BOOST_TEST(explained.stdout_text.find(s) == std::string::npos, "unexpected: " << s);
        BOOST_TEST(cards.find(s) == std::string::npos, "unexpected in cards: " << s);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(the_records_are_all_there) {
  // A record dropped from the folder must be dropped from the list too, and the other way round.
  std::size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(AUC_FIXTURES_DIR) + "/records")) {
    files += entry.path().extension() == ".json";
  }
  BOOST_TEST(files == records().size());
}

BOOST_AUTO_TEST_SUITE_END()
