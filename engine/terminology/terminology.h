// Code -> concept crosswalk loaded from engine/data/terminology/*.csv plus site-local mapping
// files.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/terminology/spinal_level.h"

namespace auc::engine {

enum class Region : std::uint8_t { kUnspecified, kCervical, kThoracic, kLumbar, kWholeBody };
std::string_view region_label(
    Region r);  // "unspecified" | "cervical" | "thoracic" | "lumbar" | "whole-body"
std::optional<Region> parse_region(std::string_view label);  // inverse of region_label

// Canonical code system URIs.
inline constexpr std::string_view kCpt = "http://www.ama-assn.org/go/cpt";
inline constexpr std::string_view kLoinc = "http://loinc.org";
inline constexpr std::string_view kSnomed = "http://snomed.info/sct";
inline constexpr std::string_view kIcd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
inline constexpr std::string_view kHcpcs =
    "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

// The canonical URI for a system as written in a mapping file or a FHIR coding: the short names
// used in the data files (cpt, loinc, snomed, icd10cm, hcpcs), the HL7 OIDs and the ICD-10 alias
// map to the URIs above; anything else (a site's local system) is returned unchanged.
std::string_view canonical_system(std::string_view system);

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
  SpinalLevels levels;      // the vertebra (or run of vertebrae) a fracture code names
  bool multiple = false;    // the code says several fractures ("multiple fractures of ...")
  std::string source;       // "file.csv:row" for error messages and provenance
  std::string coding_json;  // render_coding's JSON, rendered when the terminology loads
};

class Terminology {
 public:
  // Exact (system, code) match first, then the longest ICD-10-CM prefix. System aliases
  // (http://hl7.org/fhir/sid/icd-10 -> icd-10-cm) and dots in ICD codes are normalised; a CPT
  // code is looked up without its modifiers (split_cpt).
  // Returns nullptr when the code means nothing to the criteria.
  const CodeMapping* lookup(std::string_view system, std::string_view code) const;

  // The codes to write into an order for a concept in a region, preferred ones first
  // (used for suggestions: CPT then LOINC then SNOMED). Codes of exactly `region` come first,
  // then codes that do not depend on a spine region (region unspecified or whole-body).
  // Prefix rows are never returned: a family is not a code one can order.
  std::vector<const CodeMapping*> codes_for(std::string_view concept_id, Region region) const;

  const std::vector<CodeMapping>& mappings() const { return mappings_; }

 private:
  friend class TerminologyLoader;
  // Heterogeneous lookup: find() takes a string_view, so a lookup never builds a key string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  using CodeIndex = std::unordered_map<std::string, std::size_t, KeyHash, std::equal_to<>>;
  struct SystemIndex {
    std::string system;  // canonical URI
    CodeIndex exact;     // code -> index into mappings_
    CodeIndex prefix;    // code prefix -> index into mappings_
    std::size_t longest_prefix = 0;
    // The first characters prefixes start with: most codes a record holds (diabetes, blood
    // pressure) share none, and skip the prefix lookups of every length.
    std::bitset<256> prefix_starts;
  };
  const SystemIndex* index_for(std::string_view canonical) const;

  std::vector<CodeMapping> mappings_;
  std::vector<SystemIndex> systems_;  // a handful of systems: a linear scan beats hashing
  // concept -> exact (emittable) mappings, best first: preferred, then CPT, HCPCS, LOINC, SNOMED.
  std::unordered_map<std::string, std::vector<std::size_t>, KeyHash, std::equal_to<>> by_concept_;
};

}  // namespace auc::engine
