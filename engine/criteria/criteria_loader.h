// Reads one topic edition (engine/data/criteria/<topic>-<edition>.json) and validates it.
#pragma once

#include <string>
#include <string_view>

#include "engine/criteria/criteria.h"
#include "engine/knowledge_base_error.h"
#include "fhir/expected.h"

namespace auc::engine {

// Refuses (naming file, JSON path and field) on: malformed JSON, a missing or mistyped field,
// an unknown category, a rating outside its category's range, a histogram that is not 9 counts,
// a duplicate procedure or variant, an unknown strength of evidence, or a radiation level that
// contradicts its printed text.
Expected<Topic, LoadError> load_criteria_file(const std::string& path);

// The same, from text already in memory; `file` is only used in error messages.
Expected<Topic, LoadError> parse_criteria_json(std::string_view json, const std::string& file);

}  // namespace auc::engine
