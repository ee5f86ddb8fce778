// Prometheus metrics of the running service. Every label set is fixed when the service starts
// (the services it offers, a closed list of statuses, data sources, indicators, outcomes and JWT
// failure reasons), so recording is a relaxed atomic increment into a preallocated slot: no
// lock, no allocation, nothing on the hook call's path that grows. No label ever carries a
// patient, user, order or call id; an unknown service id counts as "unknown".
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cards/ledger/latency_histogram.h"
#include "cards/ledger/ledger.h"
#include "cards/ledger/records.h"
#include "hooks/auth/authenticator.h"
#include "hooks/http/call_gate.h"

namespace auc::hooks {

class Metrics {
 public:
  // The HTTP statuses a hook call is counted under; any other counts as "other".
  static constexpr std::array<int, 13> kStatuses = {200, 400, 401, 403, 404, 405, 412,
                                                    413, 415, 422, 429, 500, 503};
  static constexpr std::array<std::string_view, 3> kIndicators = {"info", "warning", "critical"};

  Metrics(std::vector<std::string> service_ids, std::string version, std::string criteria_edition);

  // A service id as a label index; ids the service does not offer share the last slot.
  std::size_t service_index(std::string_view service_id) const;

  void hook_call(std::size_t service, int status, cards::ledger::DataSource source,
                 std::chrono::steady_clock::duration elapsed);
  void fhir_fallback(std::chrono::steady_clock::duration elapsed) {
    fhir_fallback_.observe(elapsed);
  }
  void ledger_write(std::chrono::steady_clock::duration elapsed) { ledger_write_.observe(elapsed); }
  void card(std::string_view indicator);
  // One feedback entry: the card's outcome and how many of its suggestions were accepted.
  void feedback(std::string_view outcome, std::size_t accepted_suggestions);
  void jwt_failure(AuthFailure reason);

  // The text exposition format (version 0.0.4). `ledger` (may be null) adds its queue depth and
  // commit latency; `admission` is the call gate when scraped.
  std::string render(const cards::ledger::Ledger* ledger, const CallGate::Load& admission) const;

 private:
  static constexpr std::size_t kDataSources = 4;
  static constexpr std::size_t kStatusSlots = kStatuses.size() + 1;  // + "other"
  static constexpr std::size_t kAuthFailures = 13;

  using Counter = std::atomic<std::uint64_t>;
  std::size_t call_slot(std::size_t service, std::size_t status, std::size_t source) const {
    return (service * kStatusSlots + status) * kDataSources + source;
  }

  std::vector<std::string> services_;  // the offered ids, then "unknown"
  std::string version_;
  std::string criteria_edition_;
  std::unique_ptr<Counter[]> calls_;  // service x status x data source
  std::unique_ptr<cards::ledger::LatencyHistogram[]> call_latency_;  // per service
  cards::ledger::LatencyHistogram fhir_fallback_;
  cards::ledger::LatencyHistogram ledger_write_;
  std::array<Counter, kIndicators.size()> cards_{};
  Counter feedback_accepted_{0};
  Counter feedback_overridden_{0};
  Counter suggestions_accepted_{0};
  std::array<Counter, kAuthFailures> jwt_failures_{};
};

}  // namespace auc::hooks
