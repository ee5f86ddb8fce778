// A data file read as a table: the CSV rows (csv_reader), the header's column positions, and
// the trimmed cell of a named column. Every CSV file under engine/data/ loads through it, so a
// missing header, an unterminated quote or a missing required column is refused the same way.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include "engine/knowledge_base_error.h"
#include "engine/terminology/csv_reader.h"
#include "fhir/expected.h"

namespace auc::engine {

struct CsvTable {
  CsvParse csv;  // rows[0] is the header
  std::map<std::string, std::size_t, std::less<>> columns;

  // The cell of `column` in `row`, without surrounding blanks; empty when the header lacks the
  // column or the row is short.
  std::string field(const CsvRow& row, std::string_view column) const;
};

// `text` (from `file`, named in errors) as a table whose header names at least `required`.
Expected<CsvTable, LoadError> read_csv_table(std::string_view text, const std::string& file,
                                             std::initializer_list<std::string_view> required);
// The same, reading the file at `path`.
Expected<CsvTable, LoadError> read_csv_table_file(const std::string& path,
                                                  std::initializer_list<std::string_view> required);

}  // namespace auc::engine
