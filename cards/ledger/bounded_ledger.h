// A ledger that keeps at most a fixed number of entries (hook calls plus feedback reports): once
// past the bound, the oldest entries by time received are purged, a tenth of the bound at a time.
// It wraps the in-memory ledger (--ledger memory), whose memory would otherwise grow with every
// call; there a 200 does not mean the call is kept.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <vector>

#include "cards/ledger/ledger.h"

namespace auc::cards::ledger {

class BoundedLedger final : public Ledger {
 public:
  BoundedLedger(std::unique_ptr<Ledger> inner, std::size_t max_entries);

  Expected<std::int64_t, LedgerError> record_call(HookCallRecord call) override;
  Expected<FeedbackWriteResult, LedgerError> record_feedback(
      const FeedbackRecord& feedback) override;
  Expected<CallPage, LedgerError> list_calls(const CallFilter& filter,
                                             const PageRequest& page) override {
    return inner_->list_calls(filter, page);
  }
  Expected<std::optional<StoredCall>, LedgerError> get_call(std::int64_t id) override {
    return inner_->get_call(id);
  }
  Expected<Summary, LedgerError> summarize(const SummaryFilter& filter) override {
    return inner_->summarize(filter);
  }
  Expected<std::optional<CardOffer>, LedgerError> find_card(std::string_view uuid) override {
    return inner_->find_card(uuid);
  }
  Expected<UnrecognisedCodeReport, LedgerError> unrecognised_codes(
      const UnrecognisedCodeFilter& filter) override {
    return inner_->unrecognised_codes(filter);
  }
  Expected<std::int64_t, LedgerError> purge_before(Timestamp cutoff) override;
  std::string description() const override;

  std::size_t max_entries() const { return max_entries_; }

 private:
  // Remembers one stored entry and purges the oldest when past the bound.
  void stored(Timestamp received_at);

  std::unique_ptr<Ledger> inner_;
  const std::size_t max_entries_;
  std::mutex mutex_;
  // Times received of the entries held, oldest on top.
  std::priority_queue<Timestamp, std::vector<Timestamp>, std::greater<>> held_;
};

}  // namespace auc::cards::ledger
