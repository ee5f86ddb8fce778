#include "fhir/json_cursor.h"

namespace auc::fhir {

bool JsonCursor::fail(std::string_view message) {
  if (!failed_) {
    failed_ = true;
    message_ = message;
  }
  return false;
}

void JsonCursor::add_segment(std::string_view key, std::size_t index, bool is_index) {
  reversed_path_.push_back({key, index, is_index});
}

ParseError JsonCursor::take_error() const {
  std::string path(base_);
  for (auto s = reversed_path_.rbegin(); s != reversed_path_.rend(); ++s) {
    path += '/';
    if (s->is_index) {
      path += std::to_string(s->index);
    } else {
      // JSON Pointer escaping (RFC 6901).
      for (char ch : s->key) {
        if (ch == '~') {
          path += "~0";
        } else if (ch == '/') {
          path += "~1";
        } else {
          path += ch;
        }
      }
    }
  }
  return ParseError{std::move(path), message_};
}

}  // namespace auc::fhir
