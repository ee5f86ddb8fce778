#include "engine/terminology/terminology.h"

#include <algorithm>
#include <array>
#include <utility>

#include "engine/terminology/cpt_code.h"

namespace auc::engine {
namespace {

constexpr std::array<std::pair<Region, std::string_view>, 5> kRegionLabels{{
    {Region::kUnspecified, "unspecified"},
    {Region::kCervical, "cervical"},
    {Region::kThoracic, "thoracic"},
    {Region::kLumbar, "lumbar"},
    {Region::kWholeBody, "whole-body"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kSystemAliases{{
    {"cpt", kCpt},
    {"urn:oid:2.16.840.1.113883.6.12", kCpt},
    {"loinc", kLoinc},
    {"urn:oid:2.16.840.1.113883.6.1", kLoinc},
    {"snomed", kSnomed},
    {"http://snomed.info/sct/", kSnomed},
    {"urn:oid:2.16.840.1.113883.6.96", kSnomed},
    {"icd10cm", kIcd10Cm},
    {"http://hl7.org/fhir/sid/icd-10", kIcd10Cm},
    {"urn:oid:2.16.840.1.113883.6.90", kIcd10Cm},
    {"hcpcs", kHcpcs},
    {"urn:oid:2.16.840.1.113883.6.285", kHcpcs},
    {"http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", kHcpcs},
}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// ICD-10-CM codes are compared without dots and in upper case. Longest real code is 7
// characters plus a dot; anything that does not fit is not an ICD-10-CM code.
constexpr std::size_t kIcdBuffer = 16;
std::string_view normalise_icd(std::string_view code, std::array<char, kIcdBuffer>& buffer) {
  std::size_t n = 0;
  for (char c : code) {
    if (c == '.') continue;
    if (n == buffer.size()) return {};
    buffer[n++] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return {buffer.data(), n};
}

}  // namespace

std::string_view region_label(Region r) {
  for (const auto& [region, label] : kRegionLabels) {
    if (region == r) return label;
  }
  return "unspecified";
}

std::optional<Region> parse_region(std::string_view label) {
  for (const auto& [region, text] : kRegionLabels) {
    if (text == label) return region;
  }
  return std::nullopt;
}

std::string_view canonical_system(std::string_view system) {
  system = trim(system);
  for (const auto& [alias, uri] : kSystemAliases) {
    if (alias == system) return uri;
  }
  return system;
}

const Terminology::SystemIndex* Terminology::index_for(std::string_view canonical) const {
  for (const SystemIndex& index : systems_) {
    if (index.system == canonical) return &index;
  }
  return nullptr;
}

const CodeMapping* Terminology::lookup(std::string_view system, std::string_view code) const {
  // Nearly every coding names its system by the canonical URI, which is then an index's name as
  // it stands (index names are canonical, so never an alias or padded): the alias table and the
  // trimming are only for the rest.
  const SystemIndex* index = index_for(system);
  const std::string_view canonical = index ? system : canonical_system(system);
  if (!index) index = index_for(canonical);
  if (!index) return nullptr;
  code = trim(code);
  std::array<char, kIcdBuffer> buffer;
  if (canonical == kIcd10Cm) code = normalise_icd(code, buffer);
  if (canonical == kCpt) {
    // Modifiers ("-26", "TC") say who bills what, not which study: the code alone is looked up.
    if (const CptCode cpt = split_cpt(code); !cpt.code.empty()) code = cpt.code;
  }
  if (code.empty()) return nullptr;
  if (auto it = index->exact.find(code); it != index->exact.end()) return &mappings_[it->second];
  if (!index->prefix_starts.test(static_cast<unsigned char>(code.front()))) return nullptr;
  for (std::size_t n = std::min(code.size(), index->longest_prefix); n > 0; --n) {
    if (auto it = index->prefix.find(code.substr(0, n)); it != index->prefix.end()) {
      return &mappings_[it->second];
    }
  }
  return nullptr;
}

std::vector<const CodeMapping*> Terminology::codes_for(std::string_view concept_id,
                                                       Region region) const {
  std::vector<const CodeMapping*> out;
  auto it = by_concept_.find(concept_id);
  if (it == by_concept_.end()) return out;
  auto region_independent = [](Region r) {
    return r == Region::kUnspecified || r == Region::kWholeBody;
  };
  for (std::size_t i : it->second) {
    if (mappings_[i].region == region) out.push_back(&mappings_[i]);
  }
  for (std::size_t i : it->second) {
    const Region r = mappings_[i].region;
    if (r != region && region_independent(r)) out.push_back(&mappings_[i]);
  }
  return out;
}

}  // namespace auc::engine
