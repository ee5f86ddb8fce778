// One reason an order's card says what it says: its rating against the criteria, a safety rule
// that removed, demoted or annotated the ordered study, a red flag, prior imaging. An order has
// at most one card: its indicator is the most severe reason, its summary that reason's summary,
// and its detail lists every reason.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace auc::engine {

// Ordered by weight.
enum class Severity : std::uint8_t { kInfo, kWarning, kCritical };
std::string_view severity_label(Severity s);  // "info" | "warning" | "critical"

struct CardReason {
  Severity severity = Severity::kInfo;
  std::string kind;     // "safety", "rating", "red-flag", "prior-imaging": stable, for JSON
  std::string summary;  // one line; the card's summary when this reason is the most severe
  std::vector<std::string> detail;   // lines for the card's detail
  std::vector<std::string> sources;  // references of the resources it rests on
};

// The most severe reason (the first of equals); nullptr when there is none.
const CardReason* most_severe(const std::vector<CardReason>& reasons);

}  // namespace auc::engine
