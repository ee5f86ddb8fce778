// Arbitrary JSON as a FHIR server's answer or any prefetch key's value (a resource or a Bundle),
// parsed as the FHIR client parses answers, then read into the FHIR model under every key the
// service prefetches, and as the draftOrders Bundle.
#include <rapidjson/document.h>

#include "fhir/checked_json.h"
#include "fhir/patient_record.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace auc;
  rapidjson::Document doc;
  if (fhir::parse_checked(doc, fuzz::text(data, size))) return 0;
  fhir::PatientRecord record;
  // The same value under each key, as a buggy EHR or FHIR server might send it.
  for (const char* key : {"patient", "conditions", "procedures", "imagingStudies",
                          "diagnosticReports", "observations"}) {
    (void)fhir::add_to_record(record, key, doc, "/prefetch/x");
  }
  (void)fhir::draft_service_requests(doc, "/context/draftOrders");
  return 0;
}
