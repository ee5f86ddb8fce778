// Realistic CDS Hooks order-select requests for benchmarks: one draft imaging or treatment
// ServiceRequest (CPT coded) and a prefetch of a chosen size (Patient, Conditions in ICD-10-CM
// and SNOMED CT, Procedures, ImagingStudies, DiagnosticReports, Observations), mixing several
// clinical situations. Deterministic: the same seed, size and day give byte-identical bodies.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace auc::bench {

struct GeneratorOptions {
  std::size_t resources = 100;  // prefetch resources, Patient included (at least 8)
  std::uint64_t seed = 1;
  // The day the EHR calls: onsets and "recent" findings are placed relative to it, so the
  // clinical situation reads the same whatever the server's clock says (pass today).
  std::chrono::sys_days today = std::chrono::sys_days{std::chrono::year{2025} / 6 / 1};
};

struct GeneratedRequest {
  std::string_view scenario;  // e.g. "v1-new-fracture-mri"
  std::string body;           // the whole order-select request JSON
};

// The clinical situations the generator mixes, in the order it cycles through them.
std::span<const std::string_view> scenario_names();

// `count` requests; request i uses scenario i mod scenario count, and its own random stream.
std::vector<GeneratedRequest> generate_requests(std::size_t count, const GeneratorOptions& options);

// Parses "YYYY-MM-DD"; false when malformed.
bool parse_day(std::string_view text, std::chrono::sys_days& out);

}  // namespace auc::bench
