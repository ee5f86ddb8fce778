// FHIR builders shared by the engine and cards suites: the real knowledge base (loaded once from
// AUC_DATA_DIR with the test site's local codes), small builders for realistic FHIR JSON, hook-like
// requests parsed into a PatientRecord, and the engine run on them.
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "engine/assessment.h"
#include "engine/knowledge_base.h"
#include "fhir/patient_record.h"

namespace auc::engine {
// Boost.Test prints a Confidence in failure messages by its label.
inline std::ostream& operator<<(std::ostream& o, Confidence c) {
  return o << confidence_label(c);
}
}  // namespace auc::engine

namespace test {

const auc::engine::KnowledgeBase& kb();
std::chrono::sys_seconds at(const char* datetime);  // "2024-06-01T12:00:00Z"
inline const char* kNow = "2024-06-01T12:00:00Z";

inline const char* kIcd = "http://hl7.org/fhir/sid/icd-10-cm";
inline const char* kSnomed = "http://snomed.info/sct";
inline const char* kCpt = "http://www.ama-assn.org/go/cpt";
inline const char* kLoinc = "http://loinc.org";
inline const char* kLocalFindings =
    "https://fhir.example-hospital.org/CodeSystem/radiology-findings";

struct Code {
  std::string system, code, display;
};
std::string coding_json(const Code& c);
std::string concept_json(const std::vector<Code>& codes);

struct ConditionSpec {
  std::vector<Code> codes;
  std::string clinical = "active";  // "" leaves clinicalStatus out
  std::string verification = "confirmed";
  std::string onset;     // onsetDateTime, "" for none
  std::string recorded;  // recordedDate
};
std::string condition(const std::string& id, const ConditionSpec& spec);
std::string procedure(const std::string& id, const Code& code, const std::string& status,
                      const std::string& performed);
std::string report(const std::string& id, const Code& code, const std::vector<Code>& conclusion,
                   const std::string& date, const std::string& status = "final");
std::string observation(const std::string& id, const Code& code, const std::string& date,
                        const std::string& status = "final");
std::string patient(const std::string& birth_date);  // "" for none
std::string bundle(const std::vector<std::string>& resources);
std::string order(const std::vector<Code>& codes, const std::vector<Code>& reasons = {},
                  const std::string& authored = "");

// One hook request: {"order": ServiceRequest, "prefetch": {key: value}} parsed into a record.
struct Request {
  std::unique_ptr<rapidjson::Document> doc;
  auc::fhir::PatientRecord record;
  auc::fhir::ServiceRequest order;
};
Request request(const std::string& order_json, const std::vector<std::string>& conditions,
                const std::vector<std::string>& others = {}, const std::string& patient_json = "");
Request request_from_text(const std::string& json_text);
std::string read_file(const std::string& path);

auc::engine::Assessment assess(const Request& r, const char* now = kNow);
// An assessment holds views into the request's JSON: a temporary request would leave them
// dangling (AddressSanitizer caught one), so the request must be a named object.
auc::engine::Assessment assess(Request&& r, const char* now = kNow) = delete;

}  // namespace test
