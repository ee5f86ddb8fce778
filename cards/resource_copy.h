// Copies a FHIR resource from the request into the response without building a DOM: member by
// member through the writer, replacing `code` and appending our extensions. Elements that CDS
// Hooks and FHIR both forbid (null, "", [], {}, and containers of nothing else, such as the
// sandbox's `code.coding: [{}]`) are left out of the copy.
#pragma once

#include <rapidjson/document.h>

#include <string_view>

#include "cards/json_writer.h"

namespace auc::cards {

// True for null, "", [] and {}, and for arrays/objects that hold only such values.
bool is_empty_json(const rapidjson::Value& v);

// Writes `v` without its empty parts (see is_empty_json). `v` itself must not be empty.
void write_pruned(const rapidjson::Value& v, JsonWriter& w);

// An extension an earlier rating left on the draft (any Argonaut pama-rating* extension, or the
// project's acr-rating): replaced, never duplicated.
bool is_rating_extension(const rapidjson::Value& extension);

// Writes the elements of a draft's `extension` array except earlier rating extensions.
void write_kept_extensions(const rapidjson::Value& extensions, JsonWriter& w);

// Writes `resource` (an object) with member "code" replaced by write_code(w) when replace_code
// is set, and our extensions (write_extensions(w) writes array elements) after the draft's kept
// ones. Member order is the draft's; members the draft lacks are added at the end.
template <class WriteCode, class WriteExtensions>
void write_edited_resource(const rapidjson::Value& resource, JsonWriter& w, bool replace_code,
                           WriteCode&& write_code, WriteExtensions&& write_extensions) {
  w.StartObject();
  bool wrote_code = false;
  bool wrote_extension = false;
  for (const auto& m : resource.GetObject()) {
    const std::string_view name(m.name.GetString(), m.name.GetStringLength());
    if (replace_code && name == "code") {
      write_key(w, name);
      write_code(w);
      wrote_code = true;
    } else if (name == "extension") {
      write_key(w, name);
      w.StartArray();
      if (m.value.IsArray()) write_kept_extensions(m.value, w);
      write_extensions(w);
      w.EndArray();
      wrote_extension = true;
    } else if (!is_empty_json(m.value)) {
      write_key(w, name);
      write_pruned(m.value, w);
    }
  }
  if (replace_code && !wrote_code) {
    write_key(w, "code");
    write_code(w);
  }
  if (!wrote_extension) {
    write_key(w, "extension");
    w.StartArray();
    write_extensions(w);
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace auc::cards
