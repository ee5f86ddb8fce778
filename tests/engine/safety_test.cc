// The safety stage: contrast allergies, renal function, implants and pregnancy read from records
// shaped as Epic and Oracle Health send them (codes, local codes with displays, free text), and
// the rules of engine/data/safety applied to the order and to every option a card could offer.
#include <boost/test/unit_test.hpp>

#include "engine/assessment.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Assessment;
using auc::engine::PatientState;
using auc::engine::SafetyAction;
using auc::engine::Severity;
using auc::fhir::Searched;

namespace {

const Code kVcfLumbar{kIcd, "M48.56XA", "Collapsed vertebra, NEC, lumbar region, init"};
const Code kOsteoporoticVcf{kIcd, "M80.08XA",
                            "Age-related osteoporosis w current pathological fracture, vertebra"};
const Code kBackPain{kIcd, "M54.50", "Low back pain, unspecified"};
const Code kCancer{kIcd, "Z85.3", "Personal history of malignant neoplasm of breast"};
const Code kCtWithout{kCpt, "72131", "CT lumbar spine without contrast"};
const Code kCtWith{kCpt, "72132", "CT lumbar spine with contrast"};
const Code kMriWithout{kCpt, "72148", "MRI lumbar spine without contrast"};
const Code kMriWithAndWithout{kCpt, "72158", "MRI lumbar spine without and with contrast"};
const Code kKyphoplasty{kCpt, "22514", "Percutaneous vertebral augmentation, lumbar"};
const Code kEpicAllergen{"urn:oid:1.2.840.114350.1.13.999.2.7.2.767560", "8456",
                         "GADOLINIUM-CONTAINING CONTRAST MEDIA"};

const std::string kAllDataSets = "all";

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

std::string status(const char* system, const std::string& code) {
  return "{\"coding\":[{\"system\":" + quoted(system) + ",\"code\":" + quoted(code) + "}]}";
}

struct AllergySpec {
  std::string text;           // code.text ("" for none)
  std::vector<Code> codes;    // code.coding
  std::string manifestation;  // reaction[0].manifestation[0].text
  std::string verification = "confirmed";
  std::string clinical = "active";
  std::string recorded = "2021-05-02";
};

std::string allergy(const std::string& id, const AllergySpec& s) {
  std::string code = "{\"coding\":[";
  for (std::size_t i = 0; i < s.codes.size(); ++i) {
    if (i) code += ",";
    code += coding_json(s.codes[i]);
  }
  code += "]";
  if (!s.text.empty()) code += ",\"text\":" + quoted(s.text);
  code += "}";
  std::string out = "{\"resourceType\":\"AllergyIntolerance\",\"id\":" + quoted(id) +
                    ",\"patient\":{\"reference\":\"Patient/p1\"},\"code\":" + code;
  if (!s.clinical.empty()) {
    out += ",\"clinicalStatus\":" +
           status("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", s.clinical);
  }
  if (!s.verification.empty()) {
    out += ",\"verificationStatus\":" +
           status("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
                  s.verification);
  }
  if (!s.recorded.empty()) out += ",\"recordedDate\":" + quoted(s.recorded);
  if (!s.manifestation.empty()) {
    out += ",\"reaction\":[{\"manifestation\":[{\"text\":" + quoted(s.manifestation) + "}]}]";
  }
  return out + "}";
}

// A Device as Epic and Cerner send implants: type with text, optional safety codings.
std::string device(const std::string& id, const std::string& type_text,
                   const std::vector<Code>& type_codes = {}, const std::string& safety_code = "",
                   const std::string& status_code = "active") {
  std::string type = "{\"coding\":[";
  for (std::size_t i = 0; i < type_codes.size(); ++i) {
    if (i) type += ",";
    type += coding_json(type_codes[i]);
  }
  type += "],\"text\":" + quoted(type_text) + "}";
  std::string out = "{\"resourceType\":\"Device\",\"id\":" + quoted(id) +
                    ",\"status\":" + quoted(status_code) +
                    ",\"patient\":{\"reference\":\"Patient/p1\"},\"type\":" + type;
  if (!safety_code.empty()) {
    out +=
        ",\"safety\":[{\"coding\":[{\"system\":\"urn:oid:2.16.840.1.113883.3.26.1.1\","
        "\"code\":" +
        quoted(safety_code) + "}]}]";
  }
  return out + "}";
}

std::string egfr(const std::string& id, const std::string& value_json, const std::string& date,
                 const std::string& loinc = "98979-8") {
  return "{\"resourceType\":\"Observation\",\"id\":" + quoted(id) +
         ",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":\"http://"
         "terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\"}]}],"
         "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":" +
         quoted(loinc) + "}],\"text\":\"eGFR\"},\"effectiveDateTime\":" + quoted(date) + "," +
         value_json + "}";
}

std::string quantity(double v) {
  return "\"valueQuantity\":{\"value\":" + std::to_string(v) +
         ",\"unit\":\"mL/min/1.73m2\",\"system\":\"http://unitsofmeasure.org\","
         "\"code\":\"mL/min/{1.73_m2}\"}";
}

std::string pregnancy_status(const std::string& id, const std::string& answer,
                             const std::string& display, const std::string& date) {
  return "{\"resourceType\":\"Observation\",\"id\":" + quoted(id) +
         ",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":\"http://"
         "terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"social-history\"}]}],"
         "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"82810-3\","
         "\"display\":\"Pregnancy status\"}]},\"effectiveDateTime\":" +
         quoted(date) +
         ",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\","
         "\"code\":" +
         quoted(answer) + ",\"display\":" + quoted(display) + "}]}}";
}

ConditionSpec dx(const Code& c, const std::string& date = "2024-05-20") {
  return ConditionSpec{{c}, "active", "confirmed", date, date};
}

// Variant 2 (history of malignancy, new symptomatic fracture): MRI without and with IV contrast
// is Usually Appropriate there, so a contrast safety rule has something to act on.
Request variant2(const Code& ordered, std::vector<std::string> extra_conditions,
                 std::vector<std::string> others, const std::string& birth = "1950-02-03") {
  std::vector<std::string> conditions{condition("c1", dx(kVcfLumbar)),
                                      condition("c2", dx(kBackPain)),
                                      condition("c3", {{kCancer}, "", "", "2018", ""})};
  conditions.insert(conditions.end(), extra_conditions.begin(), extra_conditions.end());
  Request r = request(order({ordered}), conditions, others, patient(birth));
  r.record.searched = 0xF;  // every data set was searched
  return r;
}

const auc::engine::Alternative* option(const Assessment& a, const std::string& id) {
  for (const auto& alt : a.alternatives) {
    if (alt.procedure != nullptr && alt.procedure->id == id) return &alt;
  }
  return nullptr;
}

bool has_rule(const auc::engine::SafetyVerdict& v, const std::string& id) {
  for (const auto* r : v.rules) {
    if (r->id == id) return true;
  }
  return false;
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& l : lines) {
    if (l.find(text) != std::string::npos) return true;
  }
  return false;
}

// No removed option comes before a kept one, and no demoted one before a clean one.
void check_option_order(const Assessment& a) {
  int last = 0;
  for (const auto& alt : a.alternatives) {
    const int w = alt.safety.removed() ? 2 : alt.safety.demoted() ? 1 : 0;
    BOOST_TEST(w >= last, alt.procedure->id << " comes after a worse-placed option");
    last = w;
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(safety)

BOOST_AUTO_TEST_CASE(gadolinium_anaphylaxis_as_free_text_removes_every_gadolinium_study) {
  const Request r =
      variant2(kCtWithout, {}, {allergy("a1", {"Gadolinium - anaphylaxis", {}, "", "confirmed"})});
  const Assessment a = assess(r);
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 2);
  BOOST_TEST(a.patient_safety[PatientState::kAllergyGadoliniumContrast].present);
  BOOST_TEST(!a.patient_safety[PatientState::kAllergyIodinatedContrast].present);
  const auto* gad = option(a, "mri-spine-without-and-with-iv-contrast");
  BOOST_REQUIRE(gad != nullptr);
  BOOST_TEST(gad->safety.removed());
  BOOST_TEST(has_rule(gad->safety, "gadolinium-contrast-allergy"));
  for (const auto& alt : a.alternatives) {
    const bool gadolinium =
        alt.procedure->attributes.contrast == auc::engine::ContrastAgent::kGadolinium;
    BOOST_TEST(alt.safety.removed() == gadolinium, alt.procedure->id);
  }
  check_option_order(a);
  BOOST_TEST(!a.ordered_safety.any());  // CT without contrast is not touched
  const auto& source = a.patient_safety[PatientState::kAllergyGadoliniumContrast].sources.at(0);
  BOOST_TEST(source.text() ==
             "Gadolinium - anaphylaxis, AllergyIntolerance/a1, recorded 2021-05-02");
}

BOOST_AUTO_TEST_CASE(an_ordered_gadolinium_study_with_a_coded_allergy_is_critical) {
  // Epic sends its allergen record with a local code and a display; the reaction is coded text.
  const Request r = variant2(kMriWithAndWithout, {},
                             {allergy("a7", {"", {kEpicAllergen}, "Anaphylaxis", "confirmed"})});
  const Assessment a = assess(r);
  BOOST_REQUIRE(a.ordered != nullptr);
  BOOST_TEST(a.ordered_safety.removed());
  BOOST_REQUIRE(!a.reasons.empty());
  const auto& reason = a.reasons.front();
  BOOST_TEST((reason.severity == Severity::kCritical));
  BOOST_TEST(reason.summary.find("Contraindicated") == 0u);
  BOOST_TEST(mentions(reason.detail, "AllergyIntolerance/a7"));
  BOOST_TEST(mentions(reason.detail, "recorded 2021-05-02"));
  BOOST_TEST(mentions(reason.detail, "Anaphylaxis"));
  BOOST_TEST(reason.sources == std::vector<std::string>{"AllergyIntolerance/a7"});
  // The order is removed: the variant's other acceptable options are offered, MRI without
  // contrast first among the kept ones.
  BOOST_TEST(a.substitutes);
  BOOST_REQUIRE(!a.alternatives.empty());
  BOOST_TEST(!a.alternatives.front().safety.removed());
  BOOST_TEST(option(a, "mri-spine-without-iv-contrast") != nullptr);
  BOOST_TEST(option(a, "mri-spine-with-iv-contrast")->safety.removed());
  check_option_order(a);
}

BOOST_AUTO_TEST_CASE(refuted_entered_in_error_and_resolved_allergies_are_ignored) {
  for (const AllergySpec& spec : {
           AllergySpec{"Gadolinium - anaphylaxis", {}, "", "refuted"},
           AllergySpec{"Gadolinium - anaphylaxis", {}, "", "entered-in-error"},
           AllergySpec{"Gadolinium - anaphylaxis", {}, "", "confirmed", "resolved"},
           AllergySpec{"Gadolinium - anaphylaxis", {}, "", "confirmed", "inactive"},
       }) {
    const Request r = variant2(kMriWithAndWithout, {}, {allergy("a1", spec)});
    const Assessment a = assess(r);
    BOOST_TEST(!a.patient_safety[PatientState::kAllergyGadoliniumContrast].present,
               spec.verification << "/" << spec.clinical);
    BOOST_TEST(!a.ordered_safety.any());
    BOOST_TEST(a.reasons.empty());
  }
}

BOOST_AUTO_TEST_CASE(iodinated_contrast_allergy_by_text_code_and_brand) {
  for (const AllergySpec& spec : {
           AllergySpec{"IV contrast", {}, "hives"},
           AllergySpec{"Omnipaque", {}, ""},
           AllergySpec{"", {{kSnomed, "293637006", "Allergy to contrast media"}}, ""},
       }) {
    const Request r = variant2(kCtWith, {}, {allergy("a2", spec)});
    const Assessment a = assess(r);
    BOOST_TEST(a.patient_safety[PatientState::kAllergyIodinatedContrast].present, spec.text);
    BOOST_TEST(!a.patient_safety[PatientState::kAllergyGadoliniumContrast].present, spec.text);
    BOOST_TEST(a.ordered_safety.removed(), spec.text);
    const auto* myelo = option(a, "ct-myelography-spine");
    if (myelo != nullptr) BOOST_TEST(myelo->safety.removed());  // intrathecal iodinated
  }
  // A generic word next to a gadolinium agent is a gadolinium allergy only.
  const Request r = variant2(kCtWith, {}, {allergy("a3", {"Gadolinium contrast media", {}, ""})});
  const Assessment a = assess(r);
  BOOST_TEST(a.patient_safety[PatientState::kAllergyGadoliniumContrast].present);
  BOOST_TEST(!a.patient_safety[PatientState::kAllergyIodinatedContrast].present);
}

BOOST_AUTO_TEST_CASE(radiographic_dye_allergy_status_on_the_problem_list) {
  const Request r = variant2(
      kCtWith, {condition("c9", dx({kIcd, "Z91.041", "Radiographic dye allergy status"}))}, {});
  const Assessment a = assess(r);
  BOOST_TEST(a.ordered_safety.removed());
  BOOST_TEST(mentions(a.reasons.at(0).detail, "Condition/c9"));
}

BOOST_AUTO_TEST_CASE(recent_low_egfr_demotes_iodinated_and_annotates_gadolinium) {
  const Request r = variant2(kCtWith, {}, {egfr("o1", quantity(22), "2024-05-28")});
  const Assessment a = assess(r);
  BOOST_TEST(a.patient_safety[PatientState::kEgfrBelowThreshold].present);
  BOOST_TEST(a.ordered_safety.demoted());
  BOOST_TEST(!a.ordered_safety.removed());
  BOOST_REQUIRE(!a.reasons.empty());
  BOOST_TEST((a.reasons.front().severity == Severity::kWarning));
  BOOST_TEST(mentions(a.reasons.front().detail, "Observation/o1"));
  BOOST_TEST(mentions(a.reasons.front().detail, "eGFR 22"));
  const auto* gad = option(a, "mri-spine-without-and-with-iv-contrast");
  BOOST_REQUIRE(gad != nullptr);
  BOOST_TEST(!gad->safety.removed());
  BOOST_TEST(!gad->safety.demoted());
  BOOST_TEST(has_rule(gad->safety, "low-egfr-gadolinium"));
  check_option_order(a);
}

BOOST_AUTO_TEST_CASE(an_egfr_older_than_the_look_back_is_not_used_and_is_said) {
  const Request r = variant2(kCtWith, {}, {egfr("o1", quantity(22), "2024-03-01")});
  const Assessment a = assess(r);
  BOOST_TEST(!a.patient_safety[PatientState::kEgfrBelowThreshold].present);
  BOOST_TEST(!a.ordered_safety.any());
  BOOST_TEST(mentions(a.unchecked, "Renal function was not checked"));
  BOOST_TEST(mentions(a.unchecked, "Observation/o1"));
}

BOOST_AUTO_TEST_CASE(the_newest_egfr_wins_and_text_values_are_read) {
  const Request recovered = variant2(kCtWith, {},
                                     {egfr("o1", quantity(22), "2024-05-20"),
                                      egfr("o2", "\"valueString\":\">60\"", "2024-05-30")});
  BOOST_TEST(!assess(recovered).patient_safety[PatientState::kEgfrBelowThreshold].present);
  const Request low_text =
      variant2(kCtWith, {}, {egfr("o3", "\"valueString\":\"<15\"", "2024-05-30", "33914-3")});
  BOOST_TEST(assess(low_text).patient_safety[PatientState::kEgfrBelowThreshold].present);
}

BOOST_AUTO_TEST_CASE(on_dialysis_both_contrasts_are_annotated_not_demoted) {
  const Request r =
      variant2(kCtWith, {condition("c8", dx({kIcd, "Z99.2", "Dependence on renal dialysis"}))},
               {egfr("o1", quantity(9), "2024-05-28")});
  const Assessment a = assess(r);
  BOOST_TEST(!a.patient_safety[PatientState::kEgfrBelowThreshold].present);
  BOOST_TEST(a.patient_safety[PatientState::kOnDialysis].present);
  BOOST_TEST(!a.ordered_safety.demoted());
  BOOST_TEST(has_rule(a.ordered_safety, "dialysis-iodinated"));
  BOOST_TEST((a.reasons.at(0).severity == Severity::kInfo));
  BOOST_TEST(
      has_rule(option(a, "mri-spine-without-and-with-iv-contrast")->safety, "dialysis-gadolinium"));
}

BOOST_AUTO_TEST_CASE(a_pacemaker_without_mr_safety_information_removes_mri) {
  const Request by_device =
      variant2(kCtWithout, {}, {device("d1", "Pacemaker, dual chamber (Medtronic)")});
  const Request by_code = variant2(
      kCtWithout, {condition("c7", dx({kIcd, "Z95.0", "Presence of cardiac pacemaker"}))}, {});
  for (const Request* r : {&by_device, &by_code}) {
    const Assessment a = assess(*r);
    BOOST_TEST(a.patient_safety[PatientState::kImplantMrUnsafe].present);
    for (const auto& alt : a.alternatives) {
      if (alt.procedure->attributes.modality == auc::engine::Modality::kMri) {
        BOOST_TEST(alt.safety.removed(), alt.procedure->id);
      }
    }
    check_option_order(a);
  }
  BOOST_TEST(
      assess(by_device).patient_safety[PatientState::kImplantMrUnsafe].sources.at(0).text() ==
      "Pacemaker, dual chamber (Medtronic), no MR safety information, Device/d1");
}

BOOST_AUTO_TEST_CASE(mr_conditional_and_mr_unsafe_labels_from_device_safety) {
  const Request conditional =
      variant2(kMriWithout, {condition("c7", dx({kIcd, "Z95.0", "Presence of cardiac pacemaker"}))},
               {device("d1", "Pacemaker", {}, "C106046")});
  const Assessment a = assess(conditional);
  // The Device states the pacemaker's MR safety: the problem-list code adds no unsafe implant.
  BOOST_TEST(!a.patient_safety[PatientState::kImplantMrUnsafe].present);
  BOOST_TEST(a.patient_safety[PatientState::kImplantMrConditional].present);
  BOOST_TEST(has_rule(a.ordered_safety, "mr-conditional-implant"));
  BOOST_TEST(!a.ordered_safety.removed());
  BOOST_TEST((a.reasons.at(0).severity == Severity::kInfo));

  const Request unsafe =
      variant2(kMriWithout, {}, {device("d2", "Bone growth stimulator", {}, "C106047")});
  const Assessment b = assess(unsafe);
  BOOST_TEST(b.ordered_safety.removed());
  BOOST_TEST((b.reasons.at(0).severity == Severity::kCritical));

  const Request explanted =
      variant2(kMriWithout, {}, {device("d3", "Spinal cord stimulator", {}, "", "inactive")});
  BOOST_TEST(!assess(explanted).ordered_safety.any());
}

BOOST_AUTO_TEST_CASE(augmentation_with_an_mr_unsafe_pacemaker_offers_no_mri) {
  Request r = request(order({kKyphoplasty}),
                      {condition("c1", dx(kOsteoporoticVcf)), condition("c2", dx(kBackPain)),
                       condition("c7", dx({kIcd, "Z95.0", "Presence of cardiac pacemaker"}))},
                      {}, patient("1944-07-01"));
  r.record.searched = 0xF;
  const Assessment a = assess(r);
  BOOST_REQUIRE(a.settling_study.procedure != nullptr);
  BOOST_TEST(a.settling_study.procedure->id == "mri-spine-without-iv-contrast");
  BOOST_TEST(a.settling_study.safety.removed());
}

BOOST_AUTO_TEST_CASE(pregnancy_by_z33_removes_ct_nuclear_medicine_and_gadolinium) {
  const Request r =
      variant2(kMriWithout,
               {condition("c6", dx({kIcd, "Z33.1", "Pregnant state, incidental"}, "2024-03-10"))},
               {}, "1990-04-04");
  const Assessment a = assess(r);
  BOOST_TEST(a.patient_safety[PatientState::kPregnant].present);
  BOOST_TEST(!a.ordered_safety.any());  // MRI without contrast stays
  for (const auto& alt : a.alternatives) {
    const auto& at = alt.procedure->attributes;
    const bool banned = at.modality == auc::engine::Modality::kCt ||
                        at.modality == auc::engine::Modality::kNuclearMedicine ||
                        at.modality == auc::engine::Modality::kPet ||
                        at.contrast == auc::engine::ContrastAgent::kGadolinium;
    BOOST_TEST(alt.safety.removed() == banned, alt.procedure->id);
  }
  check_option_order(a);
}

BOOST_AUTO_TEST_CASE(pregnancy_by_status_observation_and_a_newer_not_pregnant) {
  const Request pregnant = variant2(
      kCtWithout, {}, {pregnancy_status("o5", "77386006", "Pregnant", "2024-05-15")}, "1992-01-01");
  const Assessment a = assess(pregnant);
  BOOST_TEST(a.patient_safety[PatientState::kPregnant].present);
  BOOST_TEST(a.ordered_safety.removed());
  BOOST_TEST((a.reasons.at(0).severity == Severity::kCritical));
  BOOST_TEST(mentions(a.reasons.at(0).detail, "Observation/o5"));

  // A "not pregnant" status newer than the pregnancy code: no longer pregnant.
  const Request delivered =
      variant2(kCtWithout,
               {condition("c6", dx({kIcd, "Z33.1", "Pregnant state, incidental"}, "2023-12-01"))},
               {pregnancy_status("o6", "60001007", "Not pregnant", "2024-05-20")}, "1992-01-01");
  BOOST_TEST(!assess(delivered).patient_safety[PatientState::kPregnant].present);

  // Elective termination (Z33.2) is not a current pregnancy.
  const Request termination = variant2(
      kCtWithout,
      {condition("c6", dx({kIcd, "Z33.2", "Encounter for elective termination of pregnancy"}))}, {},
      "1992-01-01");
  BOOST_TEST(!assess(termination).patient_safety[PatientState::kPregnant].present);

  // "Possibly pregnant" annotates ionising studies instead of removing them.
  const Request possible = variant2(
      kCtWithout, {}, {pregnancy_status("o7", "102874004", "Possible pregnancy", "2024-05-30")},
      "1992-01-01");
  const Assessment p = assess(possible);
  BOOST_TEST(p.patient_safety[PatientState::kPossiblyPregnant].present);
  BOOST_TEST(!p.ordered_safety.removed());
  BOOST_TEST(has_rule(p.ordered_safety, "possible-pregnancy"));
}

BOOST_AUTO_TEST_CASE(a_treatment_order_in_pregnancy_gets_a_caution_naming_it) {
  Request r =
      request(order({kKyphoplasty}),
              {condition("c1", dx(kOsteoporoticVcf)), condition("c2", dx(kBackPain)),
               condition("c6", dx({kIcd, "Z33.1", "Pregnant state, incidental"}, "2024-04-01"))},
              {}, patient("1988-07-01"));
  r.record.searched = 0xF;
  const Assessment a = assess(r);
  BOOST_TEST(has_rule(a.ordered_safety, "pregnancy-treatment"));
  BOOST_REQUIRE(!a.reasons.empty());
  BOOST_TEST((a.reasons.front().severity == Severity::kInfo));
  BOOST_TEST(a.reasons.front().summary.find("pregnancy") != std::string::npos);
  BOOST_TEST(mentions(a.reasons.front().detail, "Condition/c6"));
}

BOOST_AUTO_TEST_CASE(what_was_not_supplied_is_said_and_never_taken_as_safe) {
  Request r = variant2(kCtWith, {}, {}, "1990-04-04");
  r.record.searched = 0;  // no allergies, devices, labs or pregnancy status supplied
  const Assessment a = assess(r);
  BOOST_TEST(!a.ordered_safety.any());
  BOOST_TEST(mentions(a.unchecked, "Contrast allergies were not checked: no AllergyIntolerance"));
  BOOST_TEST(mentions(a.unchecked, "Renal function was not checked"));
  BOOST_TEST(mentions(a.unchecked, "Implants were checked in the problem list only"));
  BOOST_TEST(mentions(a.unchecked, "Pregnancy was not checked"));

  Request searched = variant2(kCtWith, {}, {egfr("o1", quantity(75), "2024-05-28")}, "1990-04-04");
  searched.record.searched = static_cast<std::uint8_t>(Searched::kAllergies) |
                             static_cast<std::uint8_t>(Searched::kDevices) |
                             static_cast<std::uint8_t>(Searched::kLabs);
  const Assessment b = assess(searched);
  BOOST_TEST(!mentions(b.unchecked, "Contrast allergies"));
  BOOST_TEST(!mentions(b.unchecked, "Renal function"));
  BOOST_TEST(mentions(b.unchecked, "Pregnancy was not checked"));

  // Pregnancy is not asked about for a man or a woman of 80.
  Request older = variant2(kCtWith, {}, {}, "1944-01-01");
  BOOST_TEST(!mentions(assess(older).unchecked, "Pregnancy"));
}

BOOST_AUTO_TEST_SUITE_END()
