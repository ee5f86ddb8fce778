#include "fhir/json_cursor.h"

namespace auc::fhir {

std::string JsonCursor::path() const {
  std::string out(base_);
  for (const Segment& s : stack_) {
    out += '/';
    if (s.is_index) {
      out += std::to_string(s.index);
    } else {
      // JSON Pointer escaping (RFC 6901).
      for (char ch : s.key) {
        if (ch == '~') {
          out += "~0";
        } else if (ch == '/') {
          out += "~1";
        } else {
          out += ch;
        }
      }
    }
  }
  return out;
}

bool JsonCursor::fail(std::string_view message) {
  if (!error_) error_ = ParseError{path(), std::string(message)};
  return false;
}

}  // namespace auc::fhir
