#include "tests/bench/generator/request_generator.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <cstdio>
#include <functional>
#include <random>

namespace auc::bench {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr const char* kIcd = "http://hl7.org/fhir/sid/icd-10-cm";
constexpr const char* kSnomed = "http://snomed.info/sct";
constexpr const char* kCpt = "http://www.ama-assn.org/go/cpt";
constexpr const char* kLoinc = "http://loinc.org";
constexpr const char* kUcum = "http://unitsofmeasure.org";
constexpr const char* kDicom = "http://dicom.nema.org/resources/ontology/DCM";
// The test site's local radiology finding codes (tests/fixtures/engine/local-codes).
constexpr const char* kLocalFindings =
    "https://fhir.example-hospital.org/CodeSystem/radiology-findings";
constexpr const char* kBase = "https://ehr.example-hospital.org/fhir/R4/";

struct Code {
  const char* system;
  const char* code;
  const char* display;
};

// A problem-list diagnosis in both forms EHRs send it (ICD-10-CM billing code + SNOMED CT).
struct Diagnosis {
  Code icd;
  Code snomed;
};

// ---- Clinically relevant codes (engine/data/terminology/*.csv) ----
const Diagnosis kVcfLumbar{{kIcd, "M48.56XA", "Collapsed vertebra, NEC, lumbar region, init"},
                           {kSnomed, "426646004", "Compression fracture of lumbar spine"}};
const Diagnosis kVcfOsteoporotic{
    {kIcd, "M80.08XA", "Age-related osteoporosis w current pathological fracture, vertebra(e)"},
    {kSnomed, "240198002", "Osteoporotic vertebral collapse"}};
const Diagnosis kVcfNeoplastic{
    {kIcd, "M84.58XA", "Pathological fracture in neoplastic disease, other site, init"},
    {kSnomed, "274146004", "Pathological fracture of vertebra"}};
const Diagnosis kMalignancyHistory{
    {kIcd, "Z85.3", "Personal history of malignant neoplasm of breast"},
    {kSnomed, "94222008", "Secondary malignant neoplasm of bone"}};
const Diagnosis kBackPain{{kIcd, "M54.50", "Low back pain, unspecified"},
                          {kSnomed, "279039007", "Low back pain"}};
const Diagnosis kKyphosis{{kIcd, "M40.209", "Unspecified kyphosis, site unspecified"},
                          {kSnomed, "414564002", "Kyphosis deformity of spine"}};
const Diagnosis kOsteoporosis{
    {kIcd, "M81.0", "Age-related osteoporosis w/o current pathological fracture"},
    {kSnomed, "102447009", "Postmenopausal osteoporosis"}};

const Code kMriLumbarWithout{kCpt, "72148", "MRI lumbar spine without contrast"};
const Code kCtLumbarWith{kCpt, "72132", "CT lumbar spine with contrast"};
const Code kCtLumbarWithout{kCpt, "72131", "CT lumbar spine without contrast"};
const Code kBoneScan{kCpt, "78306", "Bone and/or joint imaging; whole body"};
const Code kKyphoplastyLumbar{kCpt, "22514", "Percutaneous vertebral augmentation, lumbar"};
const Code kKyphoplastyThoracic{kCpt, "22513", "Percutaneous vertebral augmentation, thoracic"};
const Code kXrLumbar{kCpt, "72100", "Radiologic examination lumbosacral spine 2 or 3 views"};
const Code kMriReport{kLoinc, "30679-5", "MR Lumbar spine WO contrast"};
const Code kXrLumbarLoinc{kLoinc, "36670-8", "XR Lumbar spine 2 views"};
const Code kEdema{kLocalFindings, "RF-BME", "Bone marrow edema of vertebral body on MRI"};
const Code kFractureFinding{kSnomed, "426646004", "Compression fracture of lumbar spine"};

// ---- Background record: what a 70-year-old's chart holds besides the spine ----
const Diagnosis kBackgroundConditions[] = {
    {{kIcd, "I10", "Essential (primary) hypertension"},
     {kSnomed, "38341003", "Hypertensive disorder"}},
    {{kIcd, "E11.9", "Type 2 diabetes mellitus without complications"},
     {kSnomed, "44054006", "Diabetes mellitus type 2"}},
    {{kIcd, "E78.5", "Hyperlipidemia, unspecified"}, {kSnomed, "55822004", "Hyperlipidemia"}},
    {{kIcd, "K21.9", "Gastro-esophageal reflux disease without esophagitis"},
     {kSnomed, "235595009", "Gastroesophageal reflux disease"}},
    {{kIcd, "M17.11", "Unilateral primary osteoarthritis, right knee"},
     {kSnomed, "239873007", "Osteoarthritis of knee"}},
    {{kIcd, "J44.9", "Chronic obstructive pulmonary disease, unspecified"},
     {kSnomed, "13645005", "Chronic obstructive lung disease"}},
    {{kIcd, "N18.30", "Chronic kidney disease, stage 3 unspecified"},
     {kSnomed, "433144002", "Chronic kidney disease stage 3"}},
    {{kIcd, "F32.A", "Depression, unspecified"}, {kSnomed, "35489007", "Depressive disorder"}},
    {{kIcd, "E03.9", "Hypothyroidism, unspecified"}, {kSnomed, "40930008", "Hypothyroidism"}},
    {{kIcd, "I48.91", "Unspecified atrial fibrillation"},
     {kSnomed, "49436004", "Atrial fibrillation"}},
    {{kIcd, "G47.33", "Obstructive sleep apnea (adult) (pediatric)"},
     {kSnomed, "78275009", "Obstructive sleep apnea syndrome"}},
    {{kIcd, "H25.9", "Unspecified age-related cataract"}, {kSnomed, "193570009", "Cataract"}},
};

struct Procedure {
  Code cpt;
  Code snomed;
};
const Procedure kBackgroundProcedures[] = {
    {{kCpt, "45378", "Colonoscopy, flexible; diagnostic"}, {kSnomed, "73761001", "Colonoscopy"}},
    {{kCpt, "66984", "Extracapsular cataract removal with insertion of intraocular lens"},
     {kSnomed, "54885007", "Extracapsular cataract extraction"}},
    {{kCpt, "27447", "Arthroplasty, knee, condyle and plateau"},
     {kSnomed, "609588000", "Total knee replacement"}},
    {{kCpt, "47562", "Laparoscopy, surgical; cholecystectomy"},
     {kSnomed, "45595009", "Laparoscopic cholecystectomy"}},
    {{kCpt, "93306", "Echocardiography, transthoracic, complete"},
     {kSnomed, "40701008", "Echocardiography"}},
    {{kCpt, "43235", "Esophagogastroduodenoscopy, flexible; diagnostic"},
     {kSnomed, "386831001", "Esophagogastroduodenoscopy"}},
};

struct Imaging {
  Code cpt;
  Code loinc;
  const char* modality;  // DICOM
  const char* modality_display;
  Code body_site;
};
const Imaging kBackgroundImaging[] = {
    {{kCpt, "71046", "Radiologic examination, chest; 2 views"},
     {kLoinc, "36643-5", "XR Chest 2 Views"},
     "DX",
     "Digital Radiography",
     {kSnomed, "51185008", "Thoracic structure"}},
    {{kCpt, "71250", "CT thorax without contrast"},
     {kLoinc, "29252-4", "CT Chest WO contrast"},
     "CT",
     "Computed Tomography",
     {kSnomed, "51185008", "Thoracic structure"}},
    {{kCpt, "77080", "Dual-energy X-ray absorptiometry (DXA), bone density study; axial"},
     {kLoinc, "38269-7", "DXA Bone density"},
     "BMD",
     "Bone Mineral Densitometry",
     {kSnomed, "12921003", "Pelvic structure"}},
    {{kCpt, "76700", "Ultrasound, abdominal, complete"},
     {kLoinc, "24558-9", "US Abdomen"},
     "US",
     "Ultrasound",
     {kSnomed, "818983003", "Abdomen"}},
    {{kCpt, "77067", "Screening mammography, bilateral"},
     {kLoinc, "24606-6", "MG Breast Screening"},
     "MG",
     "Mammography",
     {kSnomed, "76752008", "Breast structure"}},
};

struct Lab {
  Code loinc;
  const char* unit;
  double low, high;
};
const Lab kLabs[] = {
    {{kLoinc, "2345-7", "Glucose [Mass/volume] in Serum or Plasma"}, "mg/dL", 70, 99},
    {{kLoinc, "2160-0", "Creatinine [Mass/volume] in Serum or Plasma"}, "mg/dL", 0.6, 1.2},
    {{kLoinc, "718-7", "Hemoglobin [Mass/volume] in Blood"}, "g/dL", 12, 16},
    {{kLoinc, "17861-6", "Calcium [Mass/volume] in Serum or Plasma"}, "mg/dL", 8.6, 10.3},
    {{kLoinc, "1751-7", "Albumin [Mass/volume] in Serum or Plasma"}, "g/dL", 3.5, 5.0},
    {{kLoinc, "6768-6", "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma"},
     "U/L",
     44,
     147},
    {{kLoinc, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"}, "%", 4.0, 5.6},
    {{kLoinc, "3016-3", "Thyrotropin [Units/volume] in Serum or Plasma"}, "m[IU]/L", 0.4, 4.0},
};
const Lab kVitals[] = {
    {{kLoinc, "8480-6", "Systolic blood pressure"}, "mm[Hg]", 90, 140},
    {{kLoinc, "8462-4", "Diastolic blood pressure"}, "mm[Hg]", 60, 90},
    {{kLoinc, "8867-4", "Heart rate"}, "/min", 60, 100},
    {{kLoinc, "29463-7", "Body weight"}, "kg", 50, 95},
    {{kLoinc, "8302-2", "Body height"}, "cm", 150, 185},
    {{kLoinc, "39156-5", "Body mass index (BMI) [Ratio]"}, "kg/m2", 18.5, 30},
    {{kLoinc, "8310-5", "Body temperature"}, "Cel", 36.1, 37.5},
    {{kLoinc, "2708-6", "Oxygen saturation in Arterial blood"}, "%", 94, 100},
    {{kLoinc, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"},
     "{score}",
     0,
     10},
};
const Code kPanels[] = {
    {kLoinc, "58410-2", "CBC panel - Blood by Automated count"},
    {kLoinc, "24323-8", "Comprehensive metabolic 2000 panel - Serum or Plasma"},
    {kLoinc, "57698-3", "Lipid panel with direct LDL - Serum or Plasma"},
    {kLoinc, "24362-6", "Renal function 2000 panel - Serum or Plasma"},
};

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  // Integer in [0, n). Modulo keeps the output identical across standard libraries.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }
  double between(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(engine_() >> 11) * 0x1.0p-53;
  }
  std::uint64_t bits() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

// prefix + decimal n. (GCC 12 at -O3 warns falsely on `"literal" + std::to_string(n)`.)
std::string numbered(std::string_view prefix, std::uint64_t n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

std::string day_text(sys_days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}
std::string instant_text(sys_days d, unsigned minute_of_day) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02u:%02u:00-05:00", day_text(d).c_str(),
                minute_of_day / 60 % 24, minute_of_day % 60);
  return buf;
}
std::string uuid(Rng& rng) {
  const std::uint64_t a = rng.bits(), b = rng.bits();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

void str(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
void coding(Writer& w, const Code& c) {
  w.StartObject();
  str(w, "system", c.system);
  str(w, "code", c.code);
  str(w, "display", c.display);
  w.EndObject();
}
void concept_of(Writer& w, const char* key, std::initializer_list<Code> codes,
                const char* text = nullptr) {
  w.Key(key);
  w.StartObject();
  w.Key("coding");
  w.StartArray();
  for (const Code& c : codes) coding(w, c);
  w.EndArray();
  str(w, "text", text != nullptr ? text : codes.begin()->display);
  w.EndObject();
}
void concept_list(Writer& w, const char* key, std::initializer_list<Code> codes) {
  w.Key(key);
  w.StartArray();
  for (const Code& c : codes) {
    w.StartObject();
    w.Key("coding");
    w.StartArray();
    coding(w, c);
    w.EndArray();
    str(w, "text", c.display);
    w.EndObject();
  }
  w.EndArray();
}
void reference(Writer& w, const char* key, std::string_view ref, const char* display = nullptr) {
  w.Key(key);
  w.StartObject();
  str(w, "reference", ref);
  if (display != nullptr) str(w, "display", display);
  w.EndObject();
}
void meta(Writer& w, sys_days updated, Rng& rng) {
  w.Key("meta");
  w.StartObject();
  str(w, "versionId", std::to_string(1 + rng.below(9)));
  str(w, "lastUpdated", instant_text(updated, static_cast<unsigned>(rng.below(1440))));
  w.EndObject();
}
void identifier(Writer& w, const char* system, const std::string& value) {
  w.Key("identifier");
  w.StartArray();
  w.StartObject();
  str(w, "use", "usual");
  str(w, "system", system);
  str(w, "value", value);
  w.EndObject();
  w.EndArray();
}

// One patient's chart; every resource is written into the bundle of its prefetch key.
struct Chart {
  std::string patient_id;
  std::string patient_ref;
  std::string encounter_ref;
  sys_days today;
  Rng& rng;
  int next_id = 1;
  std::string new_id(const char* prefix) {
    return numbered(prefix, static_cast<std::uint64_t>(next_id++));
  }
  sys_days days_ago(int n) const { return today - days{n}; }
};

enum class ConditionState { kActive, kResolved };

void condition(Writer& w, Chart& c, const Diagnosis& dx, int onset_days_ago,
               ConditionState state = ConditionState::kActive) {
  const std::string id = c.new_id("cond-");
  const sys_days onset = c.days_ago(onset_days_ago);
  w.StartObject();
  str(w, "resourceType", "Condition");
  str(w, "id", id);
  meta(w, onset, c.rng);
  concept_of(w, "clinicalStatus",
             {{"http://terminology.hl7.org/CodeSystem/condition-clinical",
               state == ConditionState::kActive ? "active" : "resolved",
               state == ConditionState::kActive ? "Active" : "Resolved"}});
  concept_of(
      w, "verificationStatus",
      {{"http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"}});
  w.Key("category");
  w.StartArray();
  w.StartObject();
  w.Key("coding");
  w.StartArray();
  coding(w, {"http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item",
             "Problem List Item"});
  w.EndArray();
  str(w, "text", "Problem List Item");
  w.EndObject();
  w.EndArray();
  concept_of(w, "code", {dx.icd, dx.snomed}, dx.snomed.display);
  reference(w, "subject", c.patient_ref, "Doe, Jane");
  reference(w, "encounter", c.encounter_ref);
  str(w, "onsetDateTime", day_text(onset));
  if (state == ConditionState::kResolved) {
    str(w, "abatementDateTime", day_text(onset + days{30 + static_cast<int>(c.rng.below(200))}));
  }
  str(w, "recordedDate", instant_text(onset, 600 + static_cast<unsigned>(c.rng.below(480))));
  reference(w, "recorder", numbered("Practitioner/pr-", 100 + c.rng.below(50)), "Smith, John, MD");
  w.EndObject();
}

void procedure(Writer& w, Chart& c, const Code& cpt, const Code* snomed, int days_ago) {
  const std::string id = c.new_id("proc-");
  const sys_days when = c.days_ago(days_ago);
  w.StartObject();
  str(w, "resourceType", "Procedure");
  str(w, "id", id);
  meta(w, when, c.rng);
  identifier(w, "urn:oid:1.2.840.114350.1.13.0.1.7.2.737384", id);
  str(w, "status", "completed");
  concept_of(w, "category", {{kSnomed, "387713003", "Surgical procedure"}});
  if (snomed != nullptr) {
    concept_of(w, "code", {cpt, *snomed}, snomed->display);
  } else {
    concept_of(w, "code", {cpt});
  }
  reference(w, "subject", c.patient_ref, "Doe, Jane");
  str(w, "performedDateTime", instant_text(when, 480 + static_cast<unsigned>(c.rng.below(540))));
  w.Key("performer");
  w.StartArray();
  w.StartObject();
  reference(w, "actor", numbered("Practitioner/pr-", 200 + c.rng.below(50)), "Garcia, Maria, MD");
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

void imaging_study(Writer& w, Chart& c, const Code& cpt, const Code& loinc, const char* modality,
                   const char* modality_display, const Code& site, int days_ago) {
  const std::string id = c.new_id("img-");
  const sys_days when = c.days_ago(days_ago);
  w.StartObject();
  str(w, "resourceType", "ImagingStudy");
  str(w, "id", id);
  meta(w, when, c.rng);
  w.Key("identifier");
  w.StartArray();
  w.StartObject();
  str(w, "system", "urn:dicom:uid");
  str(w, "value", numbered("urn:oid:2.16.124.113543.6003.", c.rng.bits() % 100000000000));
  w.EndObject();
  w.EndArray();
  str(w, "status", "available");
  w.Key("modality");
  w.StartArray();
  coding(w, {kDicom, modality, modality_display});
  w.EndArray();
  reference(w, "subject", c.patient_ref);
  str(w, "started", instant_text(when, 420 + static_cast<unsigned>(c.rng.below(600))));
  w.Key("numberOfSeries");
  w.Int(1);
  w.Key("numberOfInstances");
  w.Int(static_cast<int>(2 + c.rng.below(300)));
  concept_list(w, "procedureCode", {cpt, loinc});
  w.Key("series");
  w.StartArray();
  w.StartObject();
  str(w, "uid", numbered("2.16.124.113543.6003.1154777499.", c.rng.below(99999)));
  w.Key("number");
  w.Int(1);
  w.Key("modality");
  coding(w, {kDicom, modality, modality_display});
  w.Key("bodySite");
  coding(w, site);
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size())
      n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// The full text of a radiology report (about 1 KB) around its impression, as a transcription
// system sends it in presentedForm.
std::string radiology_report_text(const Code& code, const char* impression) {
  std::string t = "EXAM: ";
  t += code.display;
  if (std::string_view(code.display).find("pine") == std::string_view::npos) {
    t += "\nCLINICAL HISTORY: As per order.\nTECHNIQUE: Standard departmental protocol.\n"
         "COMPARISON: Prior examinations, where available.\nFINDINGS:\nNo suspicious mass or "
         "lesion. No acute findings. Postoperative changes, if present, are stable. No evidence "
         "of metastatic disease.\nIMPRESSION:\n";
    t += impression;
    t += "\nElectronically signed by the interpreting radiologist.\n";
    return t;
  }
  t += "\nCLINICAL HISTORY: Back pain. Evaluate for fracture.\n"
       "TECHNIQUE: Standard departmental protocol.\n"
       "COMPARISON: None available.\n"
       "FINDINGS:\n"
       "Alignment: Mild exaggeration of the thoracic kyphosis, not significantly changed.\n"
       "Vertebrae: Vertebral body heights are evaluated at each level. No suspicious marrow "
       "replacing lesion. Cannot exclude a small hemangioma at L3.\n"
       "Discs: Mild disc desiccation at L4-L5 and L5-S1 without significant canal stenosis.\n"
       "Paraspinal soft tissues: Unremarkable. No paraspinal collection.\n"
       "Other: Atherosclerotic calcification of the abdominal aorta without aneurysm.\n"
       "IMPRESSION:\n";
  t += impression;
  t += "\nElectronically signed by the interpreting radiologist.\n";
  return t;
}

void diagnostic_report(Writer& w, Chart& c, const Code& code, bool radiology, int days_ago,
                       std::initializer_list<Code> conclusion_codes, const char* conclusion) {
  const std::string id = c.new_id("dr-");
  const sys_days when = c.days_ago(days_ago);
  w.StartObject();
  str(w, "resourceType", "DiagnosticReport");
  str(w, "id", id);
  meta(w, when, c.rng);
  str(w, "status", "final");
  w.Key("category");
  w.StartArray();
  w.StartObject();
  w.Key("coding");
  w.StartArray();
  coding(w, {"http://terminology.hl7.org/CodeSystem/v2-0074", radiology ? "RAD" : "LAB",
             radiology ? "Radiology" : "Laboratory"});
  w.EndArray();
  w.EndObject();
  w.EndArray();
  concept_of(w, "code", {code});
  reference(w, "subject", c.patient_ref, "Doe, Jane");
  reference(w, "encounter", c.encounter_ref);
  str(w, "effectiveDateTime", instant_text(when, 420 + static_cast<unsigned>(c.rng.below(600))));
  str(w, "issued", instant_text(when, 1200 + static_cast<unsigned>(c.rng.below(200))));
  w.Key("performer");
  w.StartArray();
  w.StartObject();
  str(w, "reference", radiology ? "Organization/org-radiology" : "Organization/org-lab");
  str(w, "display", radiology ? "Department of Radiology" : "Clinical Laboratory");
  w.EndObject();
  w.EndArray();
  str(w, "conclusion", conclusion);
  if (conclusion_codes.size() > 0) concept_list(w, "conclusionCode", conclusion_codes);
  if (radiology) {
    w.Key("presentedForm");
    w.StartArray();
    w.StartObject();
    str(w, "contentType", "text/plain; charset=utf-8");
    str(w, "data", base64(radiology_report_text(code, conclusion)));
    w.EndObject();
    w.EndArray();
  }
  w.EndObject();
}

// Allergy entries as EHRs keep them: mostly typed text with a local or no code.
const char* const kAllergyTexts[] = {
    "Penicillins", "Sulfa (Sulfonamide Antibiotics)", "Codeine - nausea", "IV contrast - hives",
    "Latex",       "Gadolinium - anaphylaxis"};

void allergy(Writer& w, Chart& c, const char* text, int days_ago) {
  const sys_days when = c.days_ago(days_ago);
  w.StartObject();
  str(w, "resourceType", "AllergyIntolerance");
  str(w, "id", c.new_id("alg-"));
  meta(w, when, c.rng);
  concept_of(
      w, "clinicalStatus",
      {{"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"}});
  concept_of(w, "verificationStatus",
             {{"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed",
               "Confirmed"}});
  concept_of(w, "code", {{"urn:oid:1.2.840.114350.1.13.0.1.7.2.767560", "4242", text}}, text);
  reference(w, "patient", c.patient_ref, "Doe, Jane");
  str(w, "recordedDate", day_text(when));
  w.EndObject();
}

void implant(Writer& w, Chart& c, bool pacemaker) {
  w.StartObject();
  str(w, "resourceType", "Device");
  str(w, "id", c.new_id("dev-"));
  str(w, "status", "active");
  concept_of(w, "type",
             {pacemaker ? Code{kSnomed, "14106009", "Cardiac pacemaker"}
                        : Code{kSnomed, "304120007", "Total hip replacement prosthesis"}});
  reference(w, "patient", c.patient_ref);
  w.EndObject();
}

const Lab kEgfr{
    {kLoinc, "98979-8", "Glomerular filtration rate/1.73 sq M.predicted [CKD-EPI 2021]"},
    "mL/min/{1.73_m2}",
    25,
    95};

void observation(Writer& w, Chart& c, const Lab& lab, bool vital, int days_ago) {
  const std::string id = c.new_id("obs-");
  const sys_days when = c.days_ago(days_ago);
  const double value = c.rng.between(lab.low * 0.9, lab.high * 1.1);
  w.StartObject();
  str(w, "resourceType", "Observation");
  str(w, "id", id);
  meta(w, when, c.rng);
  str(w, "status", "final");
  w.Key("category");
  w.StartArray();
  w.StartObject();
  w.Key("coding");
  w.StartArray();
  coding(w, {"http://terminology.hl7.org/CodeSystem/observation-category",
             vital ? "vital-signs" : "laboratory", vital ? "Vital Signs" : "Laboratory"});
  w.EndArray();
  w.EndObject();
  w.EndArray();
  concept_of(w, "code", {lab.loinc});
  reference(w, "subject", c.patient_ref, "Doe, Jane");
  str(w, "effectiveDateTime", instant_text(when, 420 + static_cast<unsigned>(c.rng.below(600))));
  w.Key("valueQuantity");
  w.StartObject();
  w.Key("value");
  w.Double(static_cast<double>(static_cast<long>(value * 10)) / 10.0);
  str(w, "unit", lab.unit);
  str(w, "system", kUcum);
  str(w, "code", lab.unit);
  w.EndObject();
  if (vital) {
    w.EndObject();
    return;
  }
  w.Key("referenceRange");
  w.StartArray();
  w.StartObject();
  w.Key("low");
  w.StartObject();
  w.Key("value");
  w.Double(lab.low);
  str(w, "unit", lab.unit);
  w.EndObject();
  w.Key("high");
  w.StartObject();
  w.Key("value");
  w.Double(lab.high);
  str(w, "unit", lab.unit);
  w.EndObject();
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

// ---- Scenarios: the clinically relevant part of each chart, and the order ----

struct Relevant {
  std::vector<std::function<void(Writer&, Chart&)>> conditions, procedures, imaging, reports;
};

struct Scenario {
  std::string_view name;
  Code ordered;
  void (*build)(Relevant&);
};

auto dx(const Diagnosis& d, int days_ago, ConditionState s = ConditionState::kActive) {
  return [&d, days_ago, s](Writer& w, Chart& c) { condition(w, c, d, days_ago, s); };
}
void prior_spine_radiograph(Relevant& r) {
  r.imaging.push_back([](Writer& w, Chart& c) {
    imaging_study(w, c, kXrLumbar, kXrLumbarLoinc, "DX", "Digital Radiography",
                  {kSnomed, "122496007", "Lumbar spine structure"}, 12);
  });
  r.reports.push_back([](Writer& w, Chart& c) {
    diagnostic_report(w, c, kXrLumbarLoinc, true, 12, {kFractureFinding},
                      "Acute-appearing compression deformity of L2 with 30% height loss.");
  });
}

const Scenario kScenarios[] = {
    {"v1-new-fracture-mri", kMriLumbarWithout,
     [](Relevant& r) {
       r.conditions.push_back(dx(kVcfLumbar, 10));
       r.conditions.push_back(dx(kBackPain, 14));
       prior_spine_radiograph(r);
     }},
    {"v1-new-fracture-ct-contrast", kCtLumbarWith,
     [](Relevant& r) {
       r.conditions.push_back(dx(kVcfLumbar, 8));
       r.conditions.push_back(dx(kBackPain, 9));
       prior_spine_radiograph(r);
     }},
    {"v2-fracture-with-malignancy", kBoneScan,
     [](Relevant& r) {
       r.conditions.push_back(dx(kVcfLumbar, 6));
       r.conditions.push_back(dx(kBackPain, 7));
       r.conditions.push_back(dx(kMalignancyHistory, 1900));
     }},
    {"v3-pain-after-augmentation", kMriLumbarWithout,
     [](Relevant& r) {
       r.conditions.push_back(dx(kVcfOsteoporotic, 20));
       r.conditions.push_back(dx(kBackPain, 5));
       r.procedures.push_back(
           [](Writer& w, Chart& c) { procedure(w, c, kKyphoplastyThoracic, nullptr, 500); });
     }},
    {"v4-asymptomatic-with-malignancy", kCtLumbarWithout,
     [](Relevant& r) {
       r.conditions.push_back(dx(kVcfLumbar, 15));
       r.conditions.push_back(dx(kMalignancyHistory, 2400));
     }},
    {"v6-kyphoplasty-with-edema", kKyphoplastyLumbar,
     [](Relevant& r) {
       r.conditions.push_back(dx(kVcfOsteoporotic, 25));
       r.conditions.push_back(dx(kBackPain, 25));
       r.imaging.push_back([](Writer& w, Chart& c) {
         imaging_study(w, c, kMriLumbarWithout, kMriReport, "MR", "Magnetic Resonance",
                       {kSnomed, "122496007", "Lumbar spine structure"}, 6);
       });
       r.reports.push_back([](Writer& w, Chart& c) {
         diagnostic_report(w, c, kMriReport, true, 6, {kEdema},
                           "L1 compression fracture with bone marrow edema, consistent with "
                           "an acute or subacute fracture.");
       });
     }},
    {"v8-kyphoplasty-with-kyphosis", kKyphoplastyLumbar,
     [](Relevant& r) {
       r.conditions.push_back(dx(kVcfOsteoporotic, 60));
       r.conditions.push_back(dx(kKyphosis, 400));
     }},
    {"v9-pathological-fracture", kKyphoplastyLumbar,
     [](Relevant& r) {
       r.conditions.push_back(dx(kVcfNeoplastic, 12));
       r.conditions.push_back(dx(kBackPain, 12));
     }},
    {"no-fracture-back-pain", kMriLumbarWithout,
     [](Relevant& r) { r.conditions.push_back(dx(kBackPain, 20)); }},
    {"osteoporosis-no-fracture-ct", kCtLumbarWithout,
     [](Relevant& r) {
       r.conditions.push_back(dx(kOsteoporosis, 900));
       r.conditions.push_back(dx(kBackPain, 40, ConditionState::kResolved));
     }},
};

constexpr std::size_t kScenarioCount = std::size(kScenarios);

std::array<std::string_view, kScenarioCount> make_names() {
  std::array<std::string_view, kScenarioCount> out{};
  for (std::size_t i = 0; i < kScenarioCount; ++i) out[i] = kScenarios[i].name;
  return out;
}
const std::array<std::string_view, kScenarioCount> kNames = make_names();

// Writes a searchset Bundle of `resources` writer calls, in order.
void bundle(Writer& w, Chart& c, const char* type, const char* id_prefix,
            const std::vector<std::function<void(Writer&, Chart&)>>& resources) {
  w.StartObject();
  str(w, "resourceType", "Bundle");
  str(w, "id", uuid(c.rng));
  meta(w, c.today, c.rng);
  str(w, "type", "searchset");
  w.Key("total");
  w.Uint(static_cast<unsigned>(resources.size()));
  w.Key("link");
  w.StartArray();
  w.StartObject();
  str(w, "relation", "self");
  str(w, "url", std::string(kBase) + type + "?patient=" + c.patient_id);
  w.EndObject();
  w.EndArray();
  w.Key("entry");
  w.StartArray();
  for (const auto& write : resources) {
    w.StartObject();
    // The resource about to be written takes the chart's next id.
    str(w, "fullUrl", std::string(kBase) + type + "/" + id_prefix + std::to_string(c.next_id));
    w.Key("resource");
    write(w, c);
    w.Key("search");
    w.StartObject();
    str(w, "mode", "match");
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// Interleaves the scenario's resources among `filler` background ones at random positions.
void mix(std::vector<std::function<void(Writer&, Chart&)>>& background,
         const std::vector<std::function<void(Writer&, Chart&)>>& relevant, Rng& rng) {
  for (const auto& r : relevant) {
    background.insert(
        background.begin() + static_cast<std::ptrdiff_t>(rng.below(background.size() + 1)), r);
  }
}

std::string generate_one(const Scenario& s, std::size_t index, const GeneratorOptions& o) {
  Rng rng(o.seed * 0x9E3779B97F4A7C15ULL + index);
  Chart c{numbered("pt-", 10000 + index), "", "", o.today, rng};
  c.patient_ref = "Patient/" + c.patient_id;
  c.encounter_ref = numbered("Encounter/enc-", 50000 + rng.below(40000));

  Relevant r;
  s.build(r);
  const std::size_t relevant_count =
      r.conditions.size() + r.procedures.size() + r.imaging.size() + r.reports.size();
  const std::size_t total = o.resources < 8 ? 8 : o.resources;
  const std::size_t filler = total > relevant_count + 1 ? total - relevant_count - 1 : 0;

  // A chart's shape: mostly observations, then reports, conditions, procedures and imaging.
  const std::size_t n_conditions = filler * 15 / 100;
  const std::size_t n_procedures = filler * 8 / 100;
  const std::size_t n_imaging = filler * 7 / 100;
  const std::size_t n_reports = filler * 15 / 100;
  const std::size_t n_observations = filler - n_conditions - n_procedures - n_imaging - n_reports;

  using Fn = std::function<void(Writer&, Chart&)>;
  std::vector<Fn> conditions, procedures, imaging, reports, observations;
  for (std::size_t i = 0; i < n_conditions; ++i) {
    const Diagnosis& d = kBackgroundConditions[rng.below(std::size(kBackgroundConditions))];
    const int ago = static_cast<int>(30 + rng.below(4000));
    const auto state = rng.chance(20) ? ConditionState::kResolved : ConditionState::kActive;
    conditions.push_back(
        [&d, ago, state](Writer& w, Chart& ch) { condition(w, ch, d, ago, state); });
  }
  for (std::size_t i = 0; i < n_procedures; ++i) {
    const Procedure& p = kBackgroundProcedures[rng.below(std::size(kBackgroundProcedures))];
    const int ago = static_cast<int>(60 + rng.below(5000));
    procedures.push_back(
        [&p, ago](Writer& w, Chart& ch) { procedure(w, ch, p.cpt, &p.snomed, ago); });
  }
  for (std::size_t i = 0; i < n_imaging; ++i) {
    const Imaging& m = kBackgroundImaging[rng.below(std::size(kBackgroundImaging))];
    const int ago = static_cast<int>(30 + rng.below(3000));
    imaging.push_back([&m, ago](Writer& w, Chart& ch) {
      imaging_study(w, ch, m.cpt, m.loinc, m.modality, m.modality_display, m.body_site, ago);
    });
  }
  for (std::size_t i = 0; i < n_reports; ++i) {
    const bool rad = rng.chance(30);
    const int ago = static_cast<int>(20 + rng.below(3000));
    if (rad) {
      const Imaging& m = kBackgroundImaging[rng.below(std::size(kBackgroundImaging))];
      reports.push_back([&m, ago](Writer& w, Chart& ch) {
        diagnostic_report(w, ch, m.loinc, true, ago, {},
                          "No acute abnormality. Degenerative changes, unchanged from prior.");
      });
    } else {
      const Code& panel = kPanels[rng.below(std::size(kPanels))];
      reports.push_back([&panel, ago](Writer& w, Chart& ch) {
        diagnostic_report(w, ch, panel, false, ago, {}, "Within normal limits except as flagged.");
      });
    }
  }
  for (std::size_t i = 0; i < n_observations; ++i) {
    const bool vital = rng.chance(55);
    const Lab& lab =
        vital ? kVitals[rng.below(std::size(kVitals))] : kLabs[rng.below(std::size(kLabs))];
    const int ago = static_cast<int>(1 + rng.below(1500));
    observations.push_back(
        [&lab, vital, ago](Writer& w, Chart& ch) { observation(w, ch, lab, vital, ago); });
  }
  // Safety data: a few allergies, sometimes an implant, a handful of eGFR results.
  std::vector<Fn> allergies, devices, labs;
  for (std::size_t i = 0, n = 1 + rng.below(3); i < n; ++i) {
    const char* text = kAllergyTexts[rng.below(std::size(kAllergyTexts))];
    const int ago = static_cast<int>(100 + rng.below(4000));
    allergies.push_back([text, ago](Writer& w, Chart& ch) { allergy(w, ch, text, ago); });
  }
  if (rng.chance(30)) {
    const bool pacemaker = rng.chance(50);
    devices.push_back([pacemaker](Writer& w, Chart& ch) { implant(w, ch, pacemaker); });
  }
  for (std::size_t i = 0, n = 1 + rng.below(4); i < n; ++i) {
    const int ago = static_cast<int>(1 + rng.below(400));
    labs.push_back([ago](Writer& w, Chart& ch) { observation(w, ch, kEgfr, false, ago); });
  }
  mix(conditions, r.conditions, rng);
  mix(procedures, r.procedures, rng);
  mix(imaging, r.imaging, rng);
  mix(reports, r.reports, rng);

  const std::string order_id = numbered("sr-", 70000 + index);
  rapidjson::StringBuffer buf;
  buf.Reserve(total * 900 + 4096);
  Writer w(buf);
  w.StartObject();
  str(w, "hook", "order-select");
  str(w, "hookInstance", uuid(rng));
  w.Key("context");
  w.StartObject();
  str(w, "userId", numbered("Practitioner/pr-", 100 + rng.below(50)));
  str(w, "patientId", c.patient_id);
  str(w, "encounterId", c.encounter_ref.substr(10));
  w.Key("selections");
  w.StartArray();
  w.String(("ServiceRequest/" + order_id).c_str());
  w.EndArray();
  w.Key("draftOrders");
  w.StartObject();
  str(w, "resourceType", "Bundle");
  str(w, "type", "collection");
  w.Key("entry");
  w.StartArray();
  w.StartObject();
  w.Key("resource");
  w.StartObject();
  str(w, "resourceType", "ServiceRequest");
  str(w, "id", order_id);
  str(w, "status", "draft");
  str(w, "intent", "original-order");
  w.Key("category");
  w.StartArray();
  w.StartObject();
  w.Key("coding");
  w.StartArray();
  coding(w, {kSnomed, "363679005", "Imaging"});
  w.EndArray();
  w.EndObject();
  w.EndArray();
  str(w, "priority", "routine");
  concept_of(w, "code", {s.ordered});
  reference(w, "subject", c.patient_ref);
  reference(w, "encounter", c.encounter_ref);
  str(w, "authoredOn", instant_text(o.today, 540 + static_cast<unsigned>(rng.below(480))));
  reference(w, "requester", numbered("Practitioner/pr-", 100 + rng.below(50)));
  w.EndObject();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndObject();  // context

  w.Key("prefetch");
  w.StartObject();
  w.Key("patient");
  {
    const sys_days born = o.today - days{365 * (62 + static_cast<int>(rng.below(25)))};
    w.StartObject();
    str(w, "resourceType", "Patient");
    str(w, "id", c.patient_id);
    meta(w, o.today, rng);
    identifier(w, "urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14",
               numbered("E", rng.below(9999999)));
    w.Key("active");
    w.Bool(true);
    w.Key("name");
    w.StartArray();
    w.StartObject();
    str(w, "use", "official");
    str(w, "family", "Doe");
    w.Key("given");
    w.StartArray();
    w.String("Jane");
    w.EndArray();
    w.EndObject();
    w.EndArray();
    str(w, "gender", rng.chance(70) ? "female" : "male");
    str(w, "birthDate", day_text(born));
    w.EndObject();
  }
  w.Key("conditions");
  bundle(w, c, "Condition", "cond-", conditions);
  w.Key("procedures");
  bundle(w, c, "Procedure", "proc-", procedures);
  w.Key("imagingStudies");
  bundle(w, c, "ImagingStudy", "img-", imaging);
  w.Key("diagnosticReports");
  bundle(w, c, "DiagnosticReport", "dr-", reports);
  w.Key("observations");
  bundle(w, c, "Observation", "obs-", observations);
  w.Key("allergies");
  bundle(w, c, "AllergyIntolerance", "alg-", allergies);
  w.Key("devices");
  bundle(w, c, "Device", "dev-", devices);
  w.Key("labs");
  bundle(w, c, "Observation", "obs-", labs);
  w.EndObject();  // prefetch
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

std::span<const std::string_view> scenario_names() {
  return kNames;
}

std::vector<GeneratedRequest> generate_requests(std::size_t count,
                                                const GeneratorOptions& options) {
  std::vector<GeneratedRequest> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const Scenario& s = kScenarios[i % kScenarioCount];
    out.push_back({s.name, generate_one(s, i, options)});
  }
  return out;
}

bool parse_day(std::string_view text, std::chrono::sys_days& out) {
  unsigned y = 0, m = 0, d = 0;
  char tail = 0;
  const std::string s(text);
  if (std::sscanf(s.c_str(), "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3) return false;
  const std::chrono::year_month_day ymd{std::chrono::year{static_cast<int>(y)},
                                        std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return false;
  out = std::chrono::sys_days{ymd};
  return true;
}

}  // namespace auc::bench
