// Variant inference as data: an ordered list of rows per topic; the first row whose requirements
// all hold gives the variant (0: no variant applies, with the row's rationale saying why).
// Each table ends with a catch-all row per order kind, so evaluation always yields a row.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "engine/criteria/criteria.h"
#include "engine/decision/decision_inputs.h"

namespace auc::engine {

struct Requirement {
  Criterion criterion = Criterion::kSymptomatic;
  bool value = true;
};

struct DecisionRow {
  VariantKind kind = VariantKind::kImaging;
  std::array<Requirement, 4> when{};
  std::uint8_t count = 0;  // how many of `when` apply; 0 = catch-all
  int variant = 0;         // 0 = no variant applies
  std::string_view rationale;

  std::span<const Requirement> requirements() const { return {when.data(), count}; }
};

struct DecisionTable {
  std::string_view topic_id;
  std::span<const DecisionRow> rows;
};

// The table for a criteria topic id (Topic::id); nullptr when the engine has none.
const DecisionTable* decision_table_for(std::string_view topic_id);

// The first row of `kind` whose requirements hold; nullptr only for a table without a
// catch-all row for that kind.
const DecisionRow* evaluate(const DecisionTable& table, VariantKind kind,
                            const DecisionInputs& inputs);

}  // namespace auc::engine
