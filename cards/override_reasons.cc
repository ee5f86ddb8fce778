#include "cards/override_reasons.h"

#include <array>

namespace auc::cards {
namespace {

constexpr std::array<OverrideReasonCode, 7> kReasons{{
    {"contraindication", "Contraindication to the suggested study or treatment", false},
    {"prior-imaging-available", "Prior imaging already available", true},
    {"facts-incorrect", "The patient facts used by the rating are incomplete or wrong", false},
    {"clinical-judgment", "Clinical judgment: the criteria do not fit this patient", false},
    {"patient-preference", "Patient preference", false},
    {"suggested-unavailable", "Suggested study or treatment unavailable in time", false},
    {"other", "Other reason", false},
}};

}  // namespace

std::span<const OverrideReasonCode> override_reason_codes() {
  return kReasons;
}

const OverrideReasonCode* find_override_reason(std::string_view code) {
  for (const OverrideReasonCode& r : kReasons) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

}  // namespace auc::cards
