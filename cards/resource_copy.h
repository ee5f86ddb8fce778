// Copying FHIR elements from the request into the response without building a DOM. Elements that
// CDS Hooks and FHIR both forbid (null, "", [], {}, and containers of nothing else, such as the
// sandbox's `code.coding: [{}]`) are left out of the copy. Whole draft orders are copied through
// DraftTemplate (draft_template.h).
#pragma once

#include <rapidjson/document.h>

#include "cards/json_writer.h"

namespace auc::cards {

// True for null, "", [] and {}, and for arrays/objects that hold only such values.
bool is_empty_json(const rapidjson::Value& v);

// Writes `v` without its empty parts (see is_empty_json). `v` itself must not be empty.
void write_pruned(const rapidjson::Value& v, JsonWriter& w);

// An extension an earlier rating left on the draft (any Argonaut pama-rating* extension, or the
// project's acr-rating): replaced, never duplicated.
bool is_rating_extension(const rapidjson::Value& extension);

}  // namespace auc::cards
