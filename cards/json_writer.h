// The one JSON writer type the cards layer renders with, and small helpers for it.
#pragma once

#include <string_view>

#include "engine/json_writer.h"

namespace auc::cards {

using JsonWriter = engine::JsonWriter;

inline void write_key(JsonWriter& w, std::string_view key) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}
inline void write_string(JsonWriter& w, std::string_view value) {
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
// "key": "value", left out when the value is empty (CDS Hooks forbids "").
inline void write_field(JsonWriter& w, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  write_key(w, key);
  write_string(w, value);
}
// A Coding with whichever of system, code and display are known.
inline void write_coding(JsonWriter& w, std::string_view system, std::string_view code,
                         std::string_view display) {
  w.StartObject();
  write_field(w, "system", system);
  write_field(w, "code", code);
  write_field(w, "display", display);
  w.EndObject();
}

}  // namespace auc::cards
