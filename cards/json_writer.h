// The one JSON writer type the cards layer renders with, and small helpers for it (shared with the
// engine, which renders the assessment and the knowledge base's fragments with them).
#pragma once

#include "engine/json_writer.h"

namespace auc::cards {

using JsonWriter = engine::JsonWriter;
using engine::write_coding;
using engine::write_field;
using engine::write_key;
using engine::write_string;

}  // namespace auc::cards
