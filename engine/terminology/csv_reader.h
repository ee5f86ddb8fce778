// Minimal RFC 4180 reader for the mapping files: comma-separated, fields may be double-quoted
// (a quoted field may hold commas and "" for a quote). Blank lines and lines starting with '#'
// are skipped, so sites can annotate their local files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace auc::engine {

struct CsvRow {
  int line = 0;  // 1-based line number in the file, for error messages
  std::vector<std::string> fields;
};

struct CsvParse {
  std::vector<CsvRow> rows;
  int error_line = 0;  // non-zero: an unterminated quote starts on this line
};

CsvParse parse_csv(std::string_view text);

}  // namespace auc::engine
