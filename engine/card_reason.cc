#include "engine/card_reason.h"

namespace auc::engine {

std::string_view severity_label(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      return "critical";
  }
  return "info";
}

const CardReason* most_severe(const std::vector<CardReason>& reasons) {
  const CardReason* top = nullptr;
  for (const CardReason& r : reasons) {
    if (top == nullptr || r.severity > top->severity) top = &r;
  }
  return top;
}

}  // namespace auc::engine
