// Typed readers for FHIR elements: each reads one member of an object into a view-holding field.
// A missing or null member leaves the field untouched; a member of the wrong JSON type records a
// ParseError at its path and returns false. Used by parse_resources.cc; not part of the public API.
#pragma once

#include <rapidjson/document.h>

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

bool read_value(const Value& v, std::string_view& out, JsonCursor& c);
bool read_value(const Value& v, std::optional<DateTime>& out, JsonCursor& c);
bool read_value(const Value& v, Coding& out, JsonCursor& c);
bool read_value(const Value& v, CodeableConcept& out, JsonCursor& c);
bool read_value(const Value& v, Reference& out, JsonCursor& c);
bool read_value(const Value& v, Period& out, JsonCursor& c);
bool read_value(const Value& v, Quantity& out, JsonCursor& c);
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
    const auto scope = c.index(i);
    if (v[i].IsNull()) continue;
    T item{};
    if (!read_value(v[i], item, c)) return false;
    out.push_back(std::move(item));
  }
  return true;
}

template <class T>
bool read(const Value& obj, std::string_view name, T& out, JsonCursor& c) {
  const Value* v = member(obj, name);
  if (v == nullptr) return true;
  const auto scope = c.key(name);
  return read_value(*v, out, c);
}

// A choice element whose dateTime form is `<name>DateTime` and whose period form is
// `<name>Period` (the period's start is kept). `instant_name` may name a third, instant form.
bool read_time_choice(const Value& obj, std::string_view date_time_name,
                      std::string_view period_name, std::optional<DateTime>& out, JsonCursor& c,
                      std::string_view instant_name = {});

}  // namespace auc::fhir::json
