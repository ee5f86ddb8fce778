#include "engine/decision/decision_table.h"

#include <array>

#include "engine/decision/vcf_decision_table.h"

namespace auc::engine {

const DecisionTable* decision_table_for(std::string_view topic_id) {
  static constexpr std::array<const DecisionTable*, 1> kTables = {&kVcfDecisionTable};
  for (const DecisionTable* t : kTables) {
    if (t->topic_id == topic_id) return t;
  }
  return nullptr;
}

const DecisionRow* evaluate(const DecisionTable& table, VariantKind kind,
                            const DecisionInputs& inputs) {
  for (const DecisionRow& row : table.rows) {
    if (row.kind != kind) continue;
    bool holds = true;
    for (const Requirement& r : row.requirements()) {
      if (inputs[r.criterion].value != r.value) {
        holds = false;
        break;
      }
    }
    if (holds) return &row;
  }
  return nullptr;
}

}  // namespace auc::engine
