#include "engine/terminology/csv_reader.h"

namespace auc::engine {

CsvParse parse_csv(std::string_view text) {
  CsvParse out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // spreadsheet exports add a BOM
  int line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    CsvRow row{line, {}};
    const int row_start = line;
    std::string field;
    bool quoted = false;
    bool row_done = false;
    while (!row_done) {
      if (i >= text.size()) {
        if (quoted) {
          out.error_line = row_start;
          return out;
        }
        row_done = true;
        break;
      }
      char c = text[i++];
      if (quoted) {
        if (c == '"') {
          if (i < text.size() && text[i] == '"') {
            field += '"';
            ++i;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line;
          field += c;
        }
      } else if (c == '"' && field.empty()) {
        quoted = true;
      } else if (c == ',') {
        row.fields.push_back(std::move(field));
        field.clear();
      } else if (c == '\n') {
        ++line;
        row_done = true;
      } else if (c != '\r') {
        field += c;
      }
    }
    row.fields.push_back(std::move(field));
    const bool blank =
        row.fields.size() == 1 && row.fields[0].find_first_not_of(" \t") == std::string::npos;
    const bool comment = !row.fields.empty() && row.fields[0].starts_with("#");
    if (!blank && !comment) out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace auc::engine
