// Typed readers for FHIR elements: each reads one member of an object into a view-holding field.
// A missing or null member leaves the field untouched; a member of the wrong JSON type records a
// ParseError at its path and returns false. Used by parse_resources.cc; not part of the public API.
//
// An object is read in one pass over its members (Members), not one FindMember scan per element:
// a resource has ~10 members and its reader wants ~10 names, most of them absent, so per-name
// lookups cost ~100 string compares per resource. The pass only collects the members; the reader
// then reads them in its own fixed order, so which error is reported first does not depend on the
// member order in the JSON.
#pragma once

#include <rapidjson/document.h>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "fhir/datatypes.h"
#include "fhir/json_cursor.h"

namespace auc::fhir::json {

using rapidjson::Value;

// The member's value, or nullptr when the member is absent or JSON null.
inline const Value* member(const Value& obj, std::string_view name) {
  const auto it = obj.FindMember(
      Value(rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size()))));
  if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

inline std::string_view view(const Value& v) {
  return std::string_view(v.GetString(), v.GetStringLength());
}

// Whether the n bytes at a and b are equal, for the short n of element names: a few overlapping
// fixed-size loads instead of a byte loop or a library memcmp call (both cost more here).
inline bool same_bytes(const char* a, const char* b, std::size_t n) {
  const auto load32 = [](const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  const auto load64 = [](const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  if (n >= 8) {
    for (; n > 16; n -= 8, a += 8, b += 8) {
      if (load64(a) != load64(b)) return false;
    }
    return load64(a) == load64(b) && load64(a + n - 8) == load64(b + n - 8);
  }
  if (n >= 4) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
  return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

// The element names one reader looks for; an index into the table names an element. Built at
// compile time with, per name length, the set of names of that length, so matching a member name
// costs one table load and usually a single comparison.
template <std::size_t N>
class Names {
 public:
  static_assert(N >= 1 && N <= 32, "a name table is matched with 32-bit sets");
  static constexpr std::size_t kMaxLength = 32;

  // Names shorter than kMaxLength characters (a longer one fails to compile: at() throws).
  template <class... Name>
  requires(sizeof...(Name) == N) consteval Names(Name... names)
      : names_{std::string_view(names)...} {  // NOLINT(implicit)
    for (std::size_t i = 0; i < N; ++i) by_length_.at(names_[i].size()) |= std::uint32_t{1} << i;
  }

  std::string_view operator[](std::size_t i) const { return names_[i]; }
  static constexpr std::uint32_t all() { return ~std::uint32_t{0} >> (32 - N); }
  // The names `length` characters long, as a set of indices.
  std::uint32_t with_length(std::size_t length) const {
    return length < kMaxLength ? by_length_[length] : 0;
  }
  // Whether name i equals the `names_[i].size()` characters at `text`.
  bool matches(std::size_t i, const char* text) const {
    return same_bytes(names_[i].data(), text, names_[i].size());
  }

 private:
  std::array<std::string_view, N> names_;
  std::array<std::uint32_t, kMaxLength> by_length_{};
};

// The members of one object that a reader wants, found in a single pass. Like FindMember, the
// first occurrence of a name wins (a later duplicate is ignored, even when the first is null).
template <std::size_t N>
class Members {
 public:
  // `obj` must be an object; `names` must outlive this (readers pass static tables).
  Members(const Value& obj, const Names<N>& names) : names_(names) {
    std::uint32_t unseen = Names<N>::all();
    for (auto it = obj.MemberBegin(); it != obj.MemberEnd() && unseen != 0; ++it) {
      // Names already seen are left out: a duplicate member cannot match any other name.
      std::uint32_t candidates = names.with_length(it->name.GetStringLength()) & unseen;
      while (candidates != 0) {
        const auto i = static_cast<std::size_t>(std::countr_zero(candidates));
        candidates &= candidates - 1;
        if (names.matches(i, it->name.GetString())) {
          if (!it->value.IsNull()) found_[i] = &it->value;  // null reads as absent
          unseen &= ~(std::uint32_t{1} << i);
          break;
        }
      }
    }
  }

  // The value of element i, or nullptr when it is absent or JSON null.
  const Value* value(std::size_t i) const { return found_[i]; }
  std::string_view name(std::size_t i) const { return names_[i]; }

 private:
  const Names<N>& names_;
  std::array<const Value*, N> found_{};
};

bool read_value(const Value& v, std::string_view& out, JsonCursor& c);
bool read_value(const Value& v, std::optional<DateTime>& out, JsonCursor& c);
bool read_value(const Value& v, Coding& out, JsonCursor& c);
bool read_value(const Value& v, CodeableConcept& out, JsonCursor& c);
bool read_value(const Value& v, Reference& out, JsonCursor& c);
bool read_value(const Value& v, Period& out, JsonCursor& c);
bool read_value(const Value& v, Quantity& out, JsonCursor& c);
bool read_value(const Value& v, Attachment& out, JsonCursor& c);
// An Annotation read as its text only (author and time are not used).
struct AnnotationText {
  std::string_view text;
};
bool read_value(const Value& v, AnnotationText& out, JsonCursor& c);
// Annotation[] into the texts of its elements.
bool read_annotation_texts(const Value& v, std::vector<std::string_view>& out, JsonCursor& c);
template <std::size_t N>
bool read_notes(const Members<N>& m, std::size_t i, std::vector<std::string_view>& out,
                JsonCursor& c) {
  const Value* v = m.value(i);
  if (v == nullptr) return true;
  const auto scope = c.key(m.name(i));
  return read_annotation_texts(*v, out, c);
}
template <class T>
bool read_value(const Value& v, std::optional<T>& out, JsonCursor& c) {
  T t{};
  if (!read_value(v, t, c)) return false;
  out = std::move(t);
  return true;
}

template <class T>
bool read_value(const Value& v, std::vector<T>& out, JsonCursor& c) {
  if (!v.IsArray()) return c.fail("expected an array");
  out.reserve(out.size() + v.Size());
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    if (v[i].IsNull()) continue;
    const auto scope = c.index(i);
    // Read in place: no temporary to move from.
    if (!read_value(v[i], out.emplace_back(), c)) return false;
  }
  return true;
}

// Reads element i of `m` into `out`; absent or null leaves `out` untouched. Always inlined: the
// call would cost more than the lookup and the check (measured: ~4% of the model step).
template <std::size_t N, class T>
[[gnu::always_inline]] inline bool read(const Members<N>& m, std::size_t i, T& out, JsonCursor& c) {
  const Value* v = m.value(i);
  if (v == nullptr) return true;
  const auto scope = c.key(m.name(i));
  return read_value(*v, out, c);
}

// A choice element with a dateTime form, a period form (the period's start is kept, else its
// end) and optionally an instant form (`instant` < N). The first present form wins, in the order
// dateTime, instant, period; a later form is not read at all, so its errors go unreported.
inline constexpr std::size_t kNoElement = static_cast<std::size_t>(-1);
template <std::size_t N>
bool read_time_choice(const Members<N>& m, std::size_t date_time, std::size_t period,
                      std::optional<DateTime>& out, JsonCursor& c,
                      std::size_t instant = kNoElement) {
  if (!read(m, date_time, out, c)) return false;
  if (!out && instant != kNoElement && !read(m, instant, out, c)) return false;
  if (!out) {
    std::optional<Period> p;
    if (!read(m, period, p, c)) return false;
    if (p) out = p->start ? p->start : p->end;
  }
  return true;
}

}  // namespace auc::fhir::json
