// A deterministic JSON rendering of an assessment, for the audit ledger and for replay: fixed
// member order, no clock or randomness, so the same assessment always gives the same bytes.
#pragma once

#include <string>

#include "engine/assessment.h"
#include "engine/json_writer.h"

namespace auc::engine {

void write_assessment(const Assessment& a, JsonWriter& w);
std::string assessment_to_json(const Assessment& a);

}  // namespace auc::engine
