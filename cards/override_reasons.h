// Why a clinician may keep the ordered study: the coded overrideReasons every card offers and
// the feedback endpoint accepts (system kOverrideReasonSystem).
#pragma once

#include <span>
#include <string_view>

namespace auc::cards {

struct OverrideReasonCode {
  std::string_view code;
  std::string_view display;
  bool imaging_only = false;  // meaningless for a treatment order
};

// Every defined reason, in the order cards list them.
std::span<const OverrideReasonCode> override_reason_codes();

// nullptr when `code` is not one of ours.
const OverrideReasonCode* find_override_reason(std::string_view code);

}  // namespace auc::cards
