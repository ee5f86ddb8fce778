// A deterministic JSON rendering of an assessment, for the audit ledger and for replay: fixed
// member order, no clock or randomness, so the same assessment always gives the same bytes.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "engine/assessment.h"

namespace auc::engine {

void write_assessment(const Assessment& a, rapidjson::Writer<rapidjson::StringBuffer>& w);
std::string assessment_to_json(const Assessment& a);

}  // namespace auc::engine
