// The one JSON writer type the engine and the cards render with: RapidJSON's writer with a way to
// splice JSON rendered earlier (codes and ratings rendered once when the knowledge base loads,
// copies of the draft order) into a document as one memcpy.
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

}  // namespace auc::engine
