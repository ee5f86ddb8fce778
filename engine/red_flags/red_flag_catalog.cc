#include "engine/red_flags/red_flag_catalog.h"

#include <filesystem>

#include "engine/terminology/csv_table.h"

namespace auc::engine {

Expected<Ok, LoadError> RedFlagCatalog::add_file(const std::string& path) {
  const auto table =
      read_csv_table_file(path, {"concept", "name", "covering_topic", "needs_fracture"});
  if (!table) return Unexpected{table.error()};
  auto refuse = [&](int line, const char* field, std::string message) {
    return Unexpected{LoadError{path, "row " + std::to_string(line), field, std::move(message)}};
  };
  const std::string file_name = std::filesystem::path(path).filename().string();
  const std::vector<CsvRow>& rows = table->csv.rows;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    auto field = [&](const char* name) { return table->field(row, name); };
    RedFlagKind k;
    k.concept_id = field("concept");
    if (!k.concept_id.starts_with(kRedFlagNamespace) ||
        k.concept_id.size() == kRedFlagNamespace.size()) {
      return refuse(row.line, "concept", "expected red-flag/<name>, got \"" + k.concept_id + "\"");
    }
    if (find(k.concept_id) != nullptr) {
      return refuse(row.line, "concept", "\"" + k.concept_id + "\" is listed twice");
    }
    k.name = field("name");
    if (k.name.empty()) return refuse(row.line, "name", "empty");
    k.covering_topic = field("covering_topic");
    if (k.covering_topic.empty()) return refuse(row.line, "covering_topic", "empty");
    const std::string needs = field("needs_fracture");
    if (needs != "yes" && needs != "no") {
      return refuse(row.line, "needs_fracture", "must be yes or no");
    }
    k.needs_fracture = needs == "yes";
    k.source = file_name + ":" + std::to_string(row.line);
    kinds_.push_back(std::move(k));
  }
  return Ok{};
}

const RedFlagKind* RedFlagCatalog::find(std::string_view concept_id) const {
  for (const RedFlagKind& k : kinds_) {
    if (k.concept_id == concept_id) return &k;
  }
  return nullptr;
}

}  // namespace auc::engine
