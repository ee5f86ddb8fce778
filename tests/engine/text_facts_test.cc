// Facts read from report text, notes and uncoded condition text, as EHRs send them: the finding
// often lives only in the radiologist's words. Text facts carry the element and the sentence.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "engine/assessment.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Evidence;
using auc::engine::Fact;
using auc::engine::FactId;

namespace {

const Code kVcfOsteoporotic{
    kIcd, "M80.08XA",
    "Age-related osteoporosis w current pathological fracture, vertebra(e), "
    "init"};
const Code kBackPain{kIcd, "M54.50", "Low back pain, unspecified"};
const Code kKyphoplastyLumbar{kCpt, "22514", "Percutaneous vertebral augmentation, lumbar"};
const Code kCtLumbarWith{kCpt, "72132", "CT lumbar spine with contrast"};
const Code kMriLumbar{kLoinc, "30679-5", "MR Lumbar spine WO contrast"};
const Code kCtLumbarReport{kLoinc, "30661-3", "CT Lumbar spine WO contrast"};
const Code kRadiographLumbar{kCpt, "72100",
                             "Radiologic examination lumbosacral spine 2 or 3 views"};

ConditionSpec dx(const Code& c) {
  return ConditionSpec{{c}, "active", "confirmed", "2024-05-20", "2024-05-20"};
}

std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// A final report whose only finding is in `element` ("conclusion" or a raw JSON member).
std::string text_report(const std::string& id, const Code& code, const std::string& conclusion,
                        const std::string& extra = "") {
  return "{\"resourceType\":\"DiagnosticReport\",\"id\":\"" + id +
         "\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
         "\"http://terminology.hl7.org/CodeSystem/v2-0074\",\"code\":\"RAD\"}]}],\"code\":" +
         concept_json({code}) + ",\"effectiveDateTime\":\"2024-05-26\"" +
         (conclusion.empty() ? "" : ",\"conclusion\":\"" + escaped(conclusion) + "\"") + extra +
         "}";
}

const Fact& fact(const auc::engine::Assessment& a, FactId id) {
  return a.facts[static_cast<std::size_t>(id)];
}

bool has_text_evidence(const Fact& f, std::string_view element, std::string_view words) {
  for (const Evidence& e : f.evidence) {
    if (e.from_text() && e.element == element && e.quote.find(words) != std::string::npos) {
      return true;
    }
  }
  return false;
}

int variant_of(const auc::engine::Assessment& a) {
  return a.variant ? a.variant->number : 0;
}

bool would_be(const auc::engine::Assessment& a, std::string_view criterion, int variant) {
  for (const auto& alt : a.alternative_variants) {
    if (auc::engine::criterion_name(alt.criterion) == criterion && alt.criterion_value &&
        alt.variant != nullptr && alt.variant->number == variant) {
      return true;
    }
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_facts)

BOOST_AUTO_TEST_CASE(edema_in_an_mri_conclusion_reaches_variant_6) {
  const Request r = request(
      order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
      {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
      {text_report("r1", kMriLumbar, "Acute L1 compression fracture with bone marrow edema.")});
  const auto a = assess(r);
  const Fact& edema = fact(a, FactId::kMarrowEdemaOrCleft);
  BOOST_TEST(edema.present);
  BOOST_TEST(edema.confidence == auc::engine::Confidence::kDocumented);
  BOOST_TEST(has_text_evidence(edema, "conclusion", "bone marrow edema"));
  BOOST_TEST(edema.evidence.front().reference() == "DiagnosticReport/r1");
  BOOST_TEST(variant_of(a) == 6);
}

BOOST_AUTO_TEST_CASE(no_marrow_edema_does_not_count) {
  const Request r =
      request(order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
              {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
              {text_report("r1", kMriLumbar, "Acute L1 compression fracture. No marrow edema.")});
  const auto a = assess(r);
  BOOST_TEST(!fact(a, FactId::kMarrowEdemaOrCleft).present);
  BOOST_TEST(variant_of(a) != 6);
}

BOOST_AUTO_TEST_CASE(edema_read_only_from_mri_reports) {
  const Request r = request(
      order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
      {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
      {text_report("r1", kCtLumbarReport, "Acute L1 compression fracture with marrow edema.")});
  BOOST_TEST(!fact(assess(r), FactId::kMarrowEdemaOrCleft).present);
}

BOOST_AUTO_TEST_CASE(an_uncoded_report_named_mr_in_its_text_counts_as_mri) {
  const Code local{"urn:oid:1.2.840.114350.1.13.999.2.7.2.696580", "IMG5501",
                   "MRI L-SPINE WO CONTRAST"};
  const Request r = request(order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
                            {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
                            {text_report("r1", local,
                                         "Intravertebral cleft at L2 consistent with "
                                         "K\xc3\xbcmmell disease.")});
  const auto a = assess(r);
  BOOST_TEST(has_text_evidence(fact(a, FactId::kMarrowEdemaOrCleft), "conclusion", "Kümmell"));
  BOOST_TEST(variant_of(a) == 6);
}

BOOST_AUTO_TEST_CASE(presented_form_text_is_decoded_and_read) {
  // "FINDINGS:\nAcute L1 compression fracture.\nIMPRESSION: bone marrow edema at L1."
  const std::string form =
      ",\"presentedForm\":[{\"contentType\":\"text/plain; charset=utf-8\",\"data\":"
      "\"RklORElOR1M6CkFjdXRlIEwxIGNvbXByZXNzaW9uIGZyYWN0dXJlLgpJTVBSRVNTSU9OOiBib25lIG1h\\n"
      "cnJvdyBlZGVtYSBhdCBMMS4=\"},{\"contentType\":\"application/pdf\",\"data\":\"JVBERi0=\"}]";
  const Request r = request(order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
                            {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
                            {text_report("r1", kMriLumbar, "", form)});
  const auto a = assess(r);
  BOOST_TEST(has_text_evidence(fact(a, FactId::kMarrowEdemaOrCleft), "presentedForm",
                               "bone marrow edema at L1."));
  BOOST_TEST(variant_of(a) == 6);
}

BOOST_AUTO_TEST_CASE(a_fracture_only_in_a_radiograph_report_is_seen_and_the_ct_rated) {
  const Request r =
      request(order({kCtLumbarWith}), {condition("c2", dx(kBackPain))},
              {text_report("r1", kRadiographLumbar,
                           "IMPRESSION:\n1. Acute L1 compression fracture, 30% height loss.\n"
                           "2. No retropulsion.")});
  const auto a = assess(r);
  const Fact& vcf = fact(a, FactId::kVcfPresent);
  BOOST_TEST(vcf.present);
  BOOST_TEST(has_text_evidence(vcf, "conclusion", "Acute L1 compression fracture"));
  BOOST_TEST(fact(a, FactId::kNewFracture).present);
  BOOST_TEST(fact(a, FactId::kFractureRegions).regions == (1u << 3));  // lumbar
  BOOST_TEST(!fact(a, FactId::kMultipleFractures).present);
  BOOST_TEST((a.outcome == auc::engine::Outcome::kRated));
  BOOST_TEST(variant_of(a) == 1);
}

// "Compression fracture ... height loss" is two findings of one fracture in one sentence: the
// sentence is listed once among the fact's sources, beside the coded record of the same fracture.
BOOST_AUTO_TEST_CASE(a_sentence_with_two_fracture_findings_is_one_source) {
  const Request r = request(
      order({kCtLumbarWith}),
      {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
      {text_report("r1", kRadiographLumbar, "Compression fracture of L2 with 25% height loss.")});
  const auto a = assess(r);
  const Fact& vcf = fact(a, FactId::kVcfPresent);
  int sentences = 0, coded = 0;
  for (const Evidence& e : vcf.evidence) {
    if (e.from_text() && e.quote.find("height loss") != std::string::npos) ++sentences;
    if (!e.from_text() && e.reference() == "Condition/c1") ++coded;
  }
  BOOST_TEST(sentences == 1);
  BOOST_TEST(coded == 1);
}

BOOST_AUTO_TEST_CASE(a_condition_with_only_code_text_is_seen) {
  ConditionSpec text_only{{}, "active", "confirmed", "2024-05-20", "2024-05-20"};
  std::string c1 = condition("c1", text_only);
  const std::string empty_code = "\"code\":{\"coding\":[]}";
  c1.replace(c1.find(empty_code), empty_code.size(),
             "\"code\":{\"text\":\"Compression fracture of L1 vertebra\"}");
  const Request r = request(order({kCtLumbarWith}), {c1, condition("c2", dx(kBackPain))});
  const auto a = assess(r);
  BOOST_TEST(has_text_evidence(fact(a, FactId::kVcfPresent), "code.text", "L1"));
  BOOST_TEST(variant_of(a) == 1);
}

BOOST_AUTO_TEST_CASE(history_of_cancer_in_a_note_is_a_malignancy_history) {
  std::string c2 = condition("c2", dx(kBackPain));
  c2.insert(c2.size() - 1, ",\"note\":[{\"text\":\"History of breast cancer, treated 2015.\"}]");
  const Request r = request(order({kCtLumbarWith}, {kVcfOsteoporotic}),
                            {condition("c1", dx(kVcfOsteoporotic)), c2});
  const auto a = assess(r);
  BOOST_TEST(fact(a, FactId::kMalignancyHistory).present);
  BOOST_TEST(has_text_evidence(fact(a, FactId::kMalignancyHistory), "note", "breast cancer"));
  BOOST_TEST(variant_of(a) == 2);
}

BOOST_AUTO_TEST_CASE(family_history_and_negated_cancer_do_not_count) {
  std::string c2 = condition("c2", dx(kBackPain));
  c2.insert(c2.size() - 1,
            ",\"note\":[{\"text\":\"Family history of breast cancer.\"},{\"text\":\"No history "
            "of malignancy.\"}]");
  const Request r = request(order({kCtLumbarWith}, {kVcfOsteoporotic}),
                            {condition("c1", dx(kVcfOsteoporotic)), c2});
  BOOST_TEST(!fact(assess(r), FactId::kMalignancyHistory).present);
}

BOOST_AUTO_TEST_CASE(a_suspected_pathological_fracture_is_named_not_counted) {
  const Request r = request(order({kCtLumbarWith}, {kVcfOsteoporotic}),
                            {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
                            {text_report("r1", kMriLumbar, "Cannot exclude pathologic fracture.")});
  const auto a = assess(r);
  BOOST_TEST((fact(a, FactId::kEtiology).etiology == auc::engine::Etiology::kOsteoporotic));
  const std::string& reason = fact(a, FactId::kVcfPresent).reason;
  BOOST_TEST(reason.find("suspected, not counted") != std::string::npos);
  BOOST_TEST(reason.find("Cannot exclude pathologic fracture.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_coded_fracture_described_again_in_text_is_one_fracture) {
  const Request r = request(
      order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
      {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
      {text_report("r1", kMriLumbar, "Acute L1 compression fracture with bone marrow edema.",
                   ",\"presentedForm\":[{\"contentType\":\"text/plain\",\"data\":"
                   "\"QWN1dGUgTDEgY29tcHJlc3Npb24gZnJhY3R1cmUu\"}]")});
  BOOST_TEST(!fact(assess(r), FactId::kMultipleFractures).present);
}

BOOST_AUTO_TEST_CASE(a_chronic_fracture_at_another_level_makes_multiple_fractures) {
  const Request r =
      request(order({kCtLumbarWith}, {kVcfOsteoporotic}),
              {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
              {text_report(
                  "r1", kMriLumbar,
                  "Chronic T12 compression deformity, unchanged. Acute L1 compression fracture.")});
  const auto a = assess(r);
  BOOST_TEST(fact(a, FactId::kPriorFracture).present);
  BOOST_TEST(has_text_evidence(fact(a, FactId::kPriorFracture), "conclusion", "T12"));
  BOOST_TEST(fact(a, FactId::kMultipleFractures).present);
}

BOOST_AUTO_TEST_CASE(progressive_kyphosis_in_an_observation_is_a_worsening_deformity) {
  const std::string obs =
      "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\",\"code\":{\"text\":"
      "\"Spine exam\"},\"effectiveDateTime\":\"2024-05-28\",\"valueString\":\"Progressive "
      "thoracic kyphosis since last visit.\"}";
  const Request r =
      request(order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
              {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))}, {obs});
  const auto a = assess(r);
  const Fact& worse = fact(a, FactId::kWorseningPainDeformityOrPulmonary);
  BOOST_TEST(worse.present);
  BOOST_TEST(has_text_evidence(worse, "valueString", "Progressive thoracic kyphosis"));
}

// Uncertain findings are read like provisional diagnoses: the variant is chosen as if absent and
// the card shows the variant that would apply were the finding confirmed, quoting the sentence.
BOOST_AUTO_TEST_CASE(cannot_exclude_marrow_edema_is_assumed_absent_and_variant_6_shown) {
  const Request r =
      request(order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
              {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
              {text_report("r1", kMriLumbar,
                           "Mild L1 compression fracture. Cannot exclude subtle marrow edema.")});
  const auto a = assess(r);
  const Fact& edema = fact(a, FactId::kMarrowEdemaOrCleft);
  BOOST_TEST(!edema.present);
  BOOST_TEST(edema.confidence == auc::engine::Confidence::kAssumed);
  BOOST_TEST(has_text_evidence(edema, "conclusion", "Cannot exclude subtle marrow edema."));
  BOOST_TEST(edema.reason.find("suspected, not counted") != std::string::npos, edema.reason);
  BOOST_TEST(variant_of(a) != 6);
  BOOST_TEST(would_be(a, "marrow_edema_or_cleft", 6));
}

BOOST_AUTO_TEST_CASE(suspicious_for_metastasis_is_assumed_absent_and_variant_2_shown) {
  const Request r =
      request(order({kCtLumbarWith}, {kVcfOsteoporotic}),
              {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
              {text_report("r1", kMriLumbar,
                           "L2 compression fracture with convex posterior border, suspicious for "
                           "metastasis.")});
  const auto a = assess(r);
  const Fact& malignancy = fact(a, FactId::kMalignancyHistory);
  BOOST_TEST(!malignancy.present);
  BOOST_TEST(malignancy.confidence == auc::engine::Confidence::kAssumed);
  BOOST_TEST(has_text_evidence(malignancy, "conclusion", "suspicious for metastasis"));
  BOOST_TEST(variant_of(a) == 1);
  BOOST_TEST(would_be(a, "malignancy_history", 2));
}

BOOST_AUTO_TEST_CASE(a_possible_fracture_at_another_vertebra_is_a_suspected_second_fracture) {
  const Code l1{kIcd, "S32.010A", "Wedge compression fracture of first lumbar vertebra"};
  const Request r = request(
      order({kCtLumbarWith}, {l1}), {condition("c1", dx(l1)), condition("c2", dx(kBackPain))},
      {text_report("r1", kRadiographLumbar,
                   "L1 wedge compression fracture. Possible acute T12 compression fracture.")});
  const auto a = assess(r);
  const Fact& multiple = fact(a, FactId::kMultipleFractures);
  BOOST_TEST(!multiple.present);
  BOOST_TEST(multiple.confidence == auc::engine::Confidence::kAssumed);
  BOOST_TEST(has_text_evidence(multiple, "conclusion", "Possible acute T12 compression fracture."));
  BOOST_TEST(variant_of(a) == 1);
  BOOST_TEST(would_be(a, "prior_treatment_or_multiple_fractures", 3));
}

BOOST_AUTO_TEST_CASE(a_possible_fracture_at_the_coded_vertebra_changes_nothing) {
  const Code l1{kIcd, "S32.010A", "Wedge compression fracture of first lumbar vertebra"};
  const Request r = request(
      order({kCtLumbarWith}, {l1}), {condition("c1", dx(l1)), condition("c2", dx(kBackPain))},
      {text_report("r1", kRadiographLumbar, "Possible acute L1 compression fracture.")});
  const auto a = assess(r);
  BOOST_TEST(fact(a, FactId::kMultipleFractures).confidence != auc::engine::Confidence::kAssumed);
  BOOST_TEST(!would_be(a, "prior_treatment_or_multiple_fractures", 3));
}

// Retropulsion: the ACR text names it for CT before augmentation and for surgery, not as a
// variant criterion. It is a fact shown beside a treatment decision, with a note on augmentation.
BOOST_AUTO_TEST_CASE(retropulsion_is_shown_beside_the_decision_and_changes_no_variant) {
  const std::string conclusion =
      "Acute L1 compression fracture with bone marrow edema and 3 mm retropulsion of the "
      "posterior superior endplate.";
  const Request r = request(order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
                            {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
                            {text_report("r1", kMriLumbar, conclusion)});
  const auto a = assess(r);
  BOOST_TEST(variant_of(a) == 6);
  const Fact& retro = fact(a, FactId::kRetropulsion);
  BOOST_TEST(retro.present);
  BOOST_TEST(has_text_evidence(retro, "conclusion", "3 mm retropulsion"));
  BOOST_TEST(a.noted_facts.size() == 1u);
  bool noted = false;
  for (const std::string& n : a.notes) noted = noted || n.find("Retropulsion is described") == 0;
  BOOST_TEST(noted);

  const Request none = request(
      order({kKyphoplastyLumbar}, {kVcfOsteoporotic}),
      {condition("c1", dx(kVcfOsteoporotic)), condition("c2", dx(kBackPain))},
      {text_report("r1", kMriLumbar, "No retropulsion but acute L1 fracture with marrow edema.")});
  const auto b = assess(none);
  BOOST_TEST(variant_of(b) == 6);
  BOOST_TEST(!fact(b, FactId::kRetropulsion).present);
  BOOST_TEST(b.noted_facts.empty());
}

BOOST_AUTO_TEST_CASE(compression_fractures_in_the_plural_are_several) {
  // The sentence names two vertebrae; the matcher gives a finding only its nearest level, so the
  // plural itself says several.
  for (const char* sentence :
       {"Compression fractures at T12 and L1.", "Wedge fractures of T8 and T9.",
        "Chronic compression deformities of T11 and T12."}) {
    BOOST_TEST_CONTEXT(sentence) {
      const Request r = request(order({kCtLumbarWith}), {condition("c2", dx(kBackPain))},
                                {text_report("r1", kRadiographLumbar, sentence)});
      const auto a = assess(r);
      BOOST_TEST(fact(a, FactId::kMultipleFractures).present);
      BOOST_TEST(variant_of(a) == 3);
    }
  }
  const Request one =
      request(order({kCtLumbarWith}), {condition("c2", dx(kBackPain))},
              {text_report("r1", kRadiographLumbar, "Compression fracture at L1.")});
  const auto b = assess(one);
  BOOST_TEST(!fact(b, FactId::kMultipleFractures).present);
  BOOST_TEST(variant_of(b) == 1);
}

BOOST_AUTO_TEST_CASE(a_kyphoplasty_in_the_history_is_a_prior_augmentation_a_planned_one_is_not) {
  const Code t12{kIcd, "S22.080A", "Wedge compression fracture of T11-T12 vertebra, init"};
  const std::string note =
      "{\"resourceType\":\"Condition\",\"id\":\"c3\",\"clinicalStatus\":{\"coding\":[{\"system\":"
      "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
      "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/"
      "icd-10-cm\",\"code\":\"M81.0\"}]},"
      "\"note\":[{\"text\":\"NOTE\"}]}";
  auto with_note = [&](const std::string& text) {
    std::string c = note;
    c.replace(c.find("NOTE"), 4, text);
    return c;
  };
  const Request done = request(
      order({kKyphoplastyLumbar}, {t12}),
      {condition("c1", dx(t12)), condition("c2", dx(kBackPain)),
       with_note("Osteoporosis on alendronate. S/p L1 kyphoplasty 2021 with good relief.")});
  const auto a = assess(done);
  BOOST_TEST(fact(a, FactId::kPriorAugmentation).present);
  BOOST_TEST(has_text_evidence(fact(a, FactId::kPriorAugmentation), "note", "L1 kyphoplasty"));
  BOOST_TEST(variant_of(a) == 7);
  const Request post = request(order({kKyphoplastyLumbar}, {t12}),
                               {condition("c1", dx(t12)), condition("c2", dx(kBackPain)),
                                with_note("Post-kyphoplasty changes at L1. New T12 fracture.")});
  BOOST_TEST(fact(assess(post), FactId::kPriorAugmentation).present);
  const Request planned = request(
      order({kKyphoplastyLumbar}, {t12}),
      {condition("c1", dx(t12)), condition("c2", dx(kBackPain)),
       with_note("Osteoporosis on alendronate. Referred to IR, candidate for kyphoplasty.")});
  BOOST_TEST(!fact(assess(planned), FactId::kPriorAugmentation).present);
}

BOOST_AUTO_TEST_SUITE_END()
