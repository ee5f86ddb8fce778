// Walks a RapidJSON tree while remembering the JSON Pointer of the current element, so the first
// type error can name its path. The happy path records nothing (a reader opens a scope per element
// it reads, so this is hot): a Scope only holds its segment, and adds it to the error's path when
// it ends after an error. The path is built innermost first while the failing reader returns, and
// rendered once by take_error(). This relies on readers returning as soon as a read fails, which
// they all do (`return c.fail(...)`, `a && b && c`): no scope may be opened after an error.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/parse_error.h"

namespace auc::fhir {

class JsonCursor {
 public:
  explicit JsonCursor(std::string_view base_path) : base_(base_path) {}

  // RAII scope for one path segment.
  class Scope {
   public:
    Scope(JsonCursor& c, std::string_view key) : c_(c), key_(key), index_(0), is_index_(false) {}
    Scope(JsonCursor& c, std::size_t index) : c_(c), index_(index), is_index_(true) {}
    ~Scope() {
      if (c_.failed_) [[unlikely]] {
        c_.add_segment(key_, index_, is_index_);
      }
    }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    JsonCursor& c_;
    std::string_view key_;
    std::size_t index_;
    bool is_index_;
  };
  [[nodiscard]] Scope key(std::string_view k) { return Scope(*this, k); }
  [[nodiscard]] Scope index(std::size_t i) { return Scope(*this, i); }

  // Records the first error at the current path; always returns false so callers can
  // `return c.fail("...")`.
  bool fail(std::string_view message);
  bool failed() const { return failed_; }
  // The recorded error, once every scope opened around it has ended.
  ParseError take_error() const;

 private:
  // Out of line: the happy path inlines only the check in ~Scope.
  void add_segment(std::string_view key, std::size_t index, bool is_index);

  struct Segment {
    std::string_view key;
    std::size_t index;
    bool is_index;
  };
  std::string_view base_;
  bool failed_ = false;
  std::string message_;
  std::vector<Segment> reversed_path_;  // innermost segment first
};

}  // namespace auc::fhir
