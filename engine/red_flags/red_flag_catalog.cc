#include "engine/red_flags/red_flag_catalog.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/terminology/csv_reader.h"

namespace auc::engine {
namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

Expected<Ok, LoadError> RedFlagCatalog::add_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{LoadError{path, "", "", "cannot open file"}};
  std::ostringstream text;
  text << in.rdbuf();
  const CsvParse csv = parse_csv(text.str());
  auto refuse = [&](int line, const char* field, std::string message) {
    return Unexpected{LoadError{path, "row " + std::to_string(line), field, std::move(message)}};
  };
  if (csv.error_line != 0) return refuse(csv.error_line, "", "unterminated quote");
  if (csv.rows.empty()) return refuse(1, "", "no header row");
  std::map<std::string, std::size_t, std::less<>> columns;
  const CsvRow& header = csv.rows.front();
  for (std::size_t i = 0; i < header.fields.size(); ++i) columns[trimmed(header.fields[i])] = i;
  for (const char* required : {"concept", "name", "covering_topic", "needs_fracture"}) {
    if (!columns.contains(required)) {
      return refuse(header.line, required, "header lacks the required column");
    }
  }
  const std::string file_name = std::filesystem::path(path).filename().string();
  for (std::size_t r = 1; r < csv.rows.size(); ++r) {
    const CsvRow& row = csv.rows[r];
    auto field = [&](const char* name) -> std::string {
      const std::size_t i = columns.find(name)->second;
      return i < row.fields.size() ? trimmed(row.fields[i]) : std::string();
    };
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
