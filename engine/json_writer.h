// The one JSON writer type the engine and the cards render with: RapidJSON's writer with a way to
// splice JSON rendered earlier (codes and ratings rendered once when the knowledge base loads,
// copies of the draft order) into a document as one memcpy, and small helpers for it.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>
#include <string_view>

namespace auc::engine {

class JsonWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Writer::Writer;

  // Writes a value (or, in an object, a quoted member name) that a JsonWriter rendered earlier.
  // Writer::RawValue copies byte by byte; spliced fragments are a large part of a response.
  void Splice(std::string_view json, rapidjson::Type type) {
    Prefix(type);
    std::memcpy(os_->Push(json.size()), json.data(), json.size());
    EndValue(true);
  }
};

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

}  // namespace auc::engine
