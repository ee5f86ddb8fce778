#include "engine/terminology/terminology_loader.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <tuple>

#include "engine/json_fragments.h"
#include "engine/terminology/csv_reader.h"

namespace auc::engine {
namespace {

constexpr std::array<std::string_view, 9> kConceptNamespaces{
    "procedure/", "condition/", "history/", "imaging/", "modifier/",
    "site/",      "finding/",   "safety/",  "red-flag/"};

std::optional<bool> parse_flag(std::string_view s) {
  if (s.empty() || s == "no" || s == "false" || s == "0") return false;
  if (s == "yes" || s == "true" || s == "1") return true;
  return std::nullopt;
}

// The `level` column: empty, "multiple", or the vertebra(e) a fracture code names, which must lie
// in the row's region (a code for "L1" with region thoracic is a typo). Returns an error message,
// empty when the value is fine; sets the mapping's levels or multiple flag.
std::string parse_level_column(const std::string& value, CodeMapping& m) {
  if (value.empty()) return {};
  if (value == "multiple") {
    m.multiple = true;
    return {};
  }
  const auto levels = parse_spinal_levels(value);
  if (!levels) {
    return "unknown level \"" + value +
           "\" (a vertebra such as L1 or T12, a run in one region "
           "such as T11-T12, or multiple)";
  }
  const char segment = spinal_levels_label(*levels)[0];
  const Region expected = segment == 'C'   ? Region::kCervical
                          : segment == 'T' ? Region::kThoracic
                          : segment == 'L' ? Region::kLumbar
                                           : Region::kUnspecified;
  if (expected != Region::kUnspecified && m.region != expected) {
    return "level " + value + " lies in the " + std::string(region_label(expected)) +
           " region, but the row's region is " + std::string(region_label(m.region));
  }
  m.levels = *levels;
  return {};
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string row_label(int line) {
  return "row " + std::to_string(line);
}

int system_order(std::string_view system) {
  if (system == kCpt) return 0;
  if (system == kHcpcs) return 1;
  if (system == kLoinc) return 2;
  if (system == kSnomed) return 3;
  return 4;
}

}  // namespace

Expected<Ok, LoadError> TerminologyLoader::add_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{LoadError{path, "", "", "cannot open file"}};
  std::ostringstream text;
  text << in.rdbuf();
  return add_text(text.str(), path);
}

Expected<Ok, LoadError> TerminologyLoader::add_text(std::string_view text,
                                                    const std::string& file) {
  CsvParse csv = parse_csv(text);
  if (csv.error_line != 0) {
    return Unexpected{LoadError{file, row_label(csv.error_line), "", "unterminated quote"}};
  }
  if (csv.rows.empty()) return Unexpected{LoadError{file, "row 1", "", "no header row"}};

  std::map<std::string, std::size_t, std::less<>> columns;
  const CsvRow& header = csv.rows.front();
  for (std::size_t i = 0; i < header.fields.size(); ++i) columns[trimmed(header.fields[i])] = i;
  for (const char* required : {"system", "code", "concept"}) {
    if (!columns.contains(required)) {
      return Unexpected{
          LoadError{file, row_label(header.line), required, "header lacks the required column"}};
    }
  }
  const std::string source_name = std::filesystem::path(file).filename().string();

  for (std::size_t r = 1; r < csv.rows.size(); ++r) {
    const CsvRow& row = csv.rows[r];
    auto field = [&](const char* name) -> std::string {
      auto it = columns.find(name);
      if (it == columns.end() || it->second >= row.fields.size()) return {};
      return trimmed(row.fields[it->second]);
    };
    auto refuse = [&](const char* name, std::string message) {
      return Unexpected{LoadError{file, row_label(row.line), name, std::move(message)}};
    };

    CodeMapping m;
    const std::string system = field("system");
    if (system.empty()) return refuse("system", "empty");
    m.system = std::string(canonical_system(system));
    m.code = field("code");
    if (m.system == kIcd10Cm) std::erase(m.code, '.');
    if (m.code.empty()) return refuse("code", "empty");
    m.concept_id = field("concept");
    const bool known_namespace =
        std::any_of(kConceptNamespaces.begin(), kConceptNamespaces.end(), [&](std::string_view ns) {
          return m.concept_id.size() > ns.size() && m.concept_id.starts_with(ns);
        });
    if (!known_namespace) {
      return refuse("concept", "unknown concept \"" + m.concept_id +
                                   "\" (expected procedure/, condition/, history/, imaging/, "
                                   "modifier/, site/, finding/ or red-flag/...)");
    }
    m.display = field("display");
    const std::string region = field("region");
    if (!region.empty()) {
      auto parsed = parse_region(region);
      if (!parsed) {
        return refuse("region", "unknown region \"" + region +
                                    "\" (unspecified | cervical | thoracic | lumbar | whole-body)");
      }
      m.region = *parsed;
    }
    if (auto levels = parse_level_column(field("level"), m); !levels.empty()) {
      return refuse("level", std::move(levels));
    }
    const std::string match = field("match");
    if (match == "prefix") {
      m.prefix = true;
    } else if (!match.empty() && match != "exact") {
      return refuse("match", "unknown match \"" + match + "\" (exact | prefix)");
    }
    auto unverified = parse_flag(field("unverified"));
    if (!unverified) return refuse("unverified", "must be yes or no");
    m.unverified = *unverified;
    auto preferred = parse_flag(field("preferred"));
    if (!preferred) return refuse("preferred", "must be yes or no");
    m.preferred = *preferred;
    if (m.preferred && m.prefix) {
      return refuse("preferred", "a prefix row names a family of codes and cannot be preferred");
    }
    m.source = source_name + ":" + std::to_string(row.line);
    if (auto added = add_mapping(std::move(m), file, row.line); !added) {
      return Unexpected{added.error()};
    }
  }
  return Ok{};
}

Expected<Ok, LoadError> TerminologyLoader::add_mapping(CodeMapping mapping, const std::string& file,
                                                       int line) {
  std::string key = mapping.system + '\x1f' + mapping.code;
  auto [it, inserted] = seen_.try_emplace(std::move(key), terminology_.mappings_.size());
  if (!inserted) {
    const CodeMapping& earlier = terminology_.mappings_[it->second];
    if (earlier.concept_id == mapping.concept_id && earlier.region == mapping.region &&
        earlier.prefix == mapping.prefix && earlier.levels == mapping.levels &&
        earlier.multiple == mapping.multiple) {
      return Ok{};  // the same statement twice (e.g. a site file repeating a shipped row)
    }
    return Unexpected{LoadError{
        file, row_label(line), "concept",
        "code " + mapping.code + " (" + mapping.system + ") maps to " + mapping.concept_id + " (" +
            std::string(region_label(mapping.region)) + (mapping.prefix ? ", prefix" : "") +
            ") but " + earlier.source + " already maps it to " + earlier.concept_id + " (" +
            std::string(region_label(earlier.region)) + (earlier.prefix ? ", prefix" : "") + ")"}};
  }
  terminology_.mappings_.push_back(std::move(mapping));
  return Ok{};
}

Expected<Terminology, LoadError> TerminologyLoader::finish() && {
  Terminology& t = terminology_;
  // One preferred code per concept, region and system, or "the code to emit" is ambiguous.
  std::map<std::tuple<std::string_view, Region, std::string_view>, const CodeMapping*> preferred;
  for (const CodeMapping& m : t.mappings_) {
    if (!m.preferred) continue;
    auto [it, inserted] = preferred.try_emplace({m.concept_id, m.region, m.system}, &m);
    if (!inserted) {
      const auto colon = m.source.rfind(':');
      return Unexpected{LoadError{m.source.substr(0, colon), "row " + m.source.substr(colon + 1),
                                  "preferred",
                                  "second preferred " + m.system + " code for " + m.concept_id +
                                      " (" + std::string(region_label(m.region)) + "); " +
                                      it->second->source + " is already preferred"}};
    }
  }

  for (CodeMapping& m : t.mappings_) m.coding_json = render_coding(m);
  for (std::size_t i = 0; i < t.mappings_.size(); ++i) {
    const CodeMapping& m = t.mappings_[i];
    auto index = std::find_if(t.systems_.begin(), t.systems_.end(),
                              [&](const auto& s) { return s.system == m.system; });
    if (index == t.systems_.end()) {
      t.systems_.push_back({});
      index = std::prev(t.systems_.end());
      index->system = m.system;
    }
    if (m.prefix) {
      index->prefix.emplace(m.code, i);
      index->longest_prefix = std::max(index->longest_prefix, m.code.size());
      index->prefix_starts.set(static_cast<unsigned char>(m.code.front()));  // never empty
    } else {
      index->exact.emplace(m.code, i);
      t.by_concept_[m.concept_id].push_back(i);
    }
  }
  for (auto& [concept_id, indexes] : t.by_concept_) {
    std::stable_sort(indexes.begin(), indexes.end(), [&](std::size_t a, std::size_t b) {
      const CodeMapping& ma = t.mappings_[a];
      const CodeMapping& mb = t.mappings_[b];
      if (ma.preferred != mb.preferred) return ma.preferred;
      return system_order(ma.system) < system_order(mb.system);
    });
  }
  return std::move(terminology_);
}

}  // namespace auc::engine
