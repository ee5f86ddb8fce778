// Walks a RapidJSON tree while remembering the JSON Pointer of the current element, so the first
// type error can name its path. The path is only rendered when an error happens: the happy path
// pushes and pops string_views and indices, nothing is allocated beyond the reserved stack.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/parse_error.h"

namespace auc::fhir {

class JsonCursor {
 public:
  explicit JsonCursor(std::string_view base_path) : base_(base_path) { stack_.reserve(16); }

  // RAII scope for one path segment.
  class Scope {
   public:
    explicit Scope(JsonCursor& c) : c_(c) {}
    ~Scope() { c_.stack_.pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    JsonCursor& c_;
  };
  [[nodiscard]] Scope key(std::string_view k) {
    stack_.push_back({k, 0, false});
    return Scope(*this);
  }
  [[nodiscard]] Scope index(std::size_t i) {
    stack_.push_back({{}, i, true});
    return Scope(*this);
  }

  // Records the first error at the current path; always returns false so callers can
  // `return c.fail("...")`.
  bool fail(std::string_view message);
  bool failed() const { return error_.has_value(); }
  ParseError take_error() { return std::move(*error_); }
  std::string path() const;

 private:
  struct Segment {
    std::string_view key;
    std::size_t index;
    bool is_index;
  };
  std::string_view base_;
  std::vector<Segment> stack_;
  std::optional<ParseError> error_;
};

}  // namespace auc::fhir
