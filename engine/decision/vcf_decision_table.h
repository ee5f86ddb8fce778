// The decision table for ACR "Management of Vertebral Compression Fractures" (variants 1-9).
#pragma once

#include "engine/decision/decision_table.h"

namespace auc::engine {

extern const DecisionTable kVcfDecisionTable;

}  // namespace auc::engine
