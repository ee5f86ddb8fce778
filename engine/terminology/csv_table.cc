#include "engine/terminology/csv_table.h"

#include <fstream>
#include <sstream>

namespace auc::engine {
namespace {

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

std::string row_label(int line) {
  return "row " + std::to_string(line);
}

}  // namespace

std::string CsvTable::field(const CsvRow& row, std::string_view column) const {
  const auto it = columns.find(column);
  if (it == columns.end() || it->second >= row.fields.size()) return {};
  return trimmed(row.fields[it->second]);
}

Expected<CsvTable, LoadError> read_csv_table(std::string_view text, const std::string& file,
                                             std::initializer_list<std::string_view> required) {
  CsvTable t;
  t.csv = parse_csv(text);
  if (t.csv.error_line != 0) {
    return Unexpected{LoadError{file, row_label(t.csv.error_line), "", "unterminated quote"}};
  }
  if (t.csv.rows.empty()) return Unexpected{LoadError{file, "row 1", "", "no header row"}};
  const CsvRow& header = t.csv.rows.front();
  for (std::size_t i = 0; i < header.fields.size(); ++i) t.columns[trimmed(header.fields[i])] = i;
  for (std::string_view name : required) {
    if (!t.columns.contains(name)) {
      return Unexpected{LoadError{file, row_label(header.line), std::string(name),
                                  "header lacks the required column"}};
    }
  }
  return t;
}

Expected<CsvTable, LoadError> read_csv_table_file(
    const std::string& path, std::initializer_list<std::string_view> required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{LoadError{path, "", "", "cannot open file"}};
  std::ostringstream text;
  text << in.rdbuf();
  return read_csv_table(text.str(), path, required);
}

}  // namespace auc::engine
