// Code -> concept crosswalk loaded from engine/data/terminology/*.csv plus site-local mapping
// files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace auc::engine {

enum class Region : std::uint8_t { kUnspecified, kCervical, kThoracic, kLumbar, kWholeBody };
std::string_view region_label(
    Region r);  // "unspecified" | "cervical" | "thoracic" | "lumbar" | "whole-body"

// Canonical code system URIs.
inline constexpr std::string_view kCpt = "http://www.ama-assn.org/go/cpt";
inline constexpr std::string_view kLoinc = "http://loinc.org";
inline constexpr std::string_view kSnomed = "http://snomed.info/sct";
inline constexpr std::string_view kIcd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
inline constexpr std::string_view kHcpcs =
    "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

// One row of a mapping file. Concepts are namespaced strings, e.g.
// "procedure/mri-spine-without-iv-contrast", "condition/vcf-osteoporotic",
// "imaging/spine-radiograph".
struct CodeMapping {
  std::string system;  // canonical URI
  std::string code;    // ICD-10-CM stored without dots
  std::string display;
  std::string concept_id;  // ("concept" is a C++20 keyword)
  Region region = Region::kUnspecified;
  bool prefix = false;      // matches any code starting with `code` (ICD-10-CM families)
  bool unverified = false;  // the crosswalk marks this code UNVERIFIED
  bool preferred = false;   // the code to use when *emitting* concept+region (one per system)
  std::string source;       // "file.csv:row" for error messages and provenance
};

class Terminology {
 public:
  // Exact (system, code) match first, then the longest ICD-10-CM prefix. System aliases
  // (http://hl7.org/fhir/sid/icd-10 -> icd-10-cm) and dots in ICD codes are normalised.
  // Returns nullptr when the code means nothing to the criteria.
  const CodeMapping* lookup(std::string_view system, std::string_view code) const;

  // The codes to write into an order for a concept in a region, preferred ones first
  // (used for suggestions: CPT then LOINC then SNOMED).
  std::vector<const CodeMapping*> codes_for(std::string_view concept_id, Region region) const;

  const std::vector<CodeMapping>& mappings() const { return mappings_; }

 private:
  friend class TerminologyLoader;
  std::vector<CodeMapping> mappings_;
  std::unordered_map<std::string, std::size_t> exact_;   // system|code -> index
  std::unordered_map<std::string, std::size_t> prefix_;  // system|prefix -> index
};

}  // namespace auc::engine
