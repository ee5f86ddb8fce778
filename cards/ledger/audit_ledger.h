// The ledger over a store: the same behaviour whatever keeps the rows. Before a call leaves it,
// patient and user ids become keyed pseudonyms and are scrubbed from every stored document
// (unless raw ids are allowed); feedback gets the key that stores identical reports once; the
// auditor queries' cursors, page sizes and summary totals are computed here, so SQLite and
// PostgreSQL answer auditors identically.
#pragma once

#include <memory>
#include <string>

#include "cards/ledger/call_store.h"
#include "cards/ledger/ledger.h"
#include "cards/ledger/pseudonymiser.h"
#include "cards/ledger/retention_purger.h"

namespace auc::cards::ledger {

class AuditLedger final : public Ledger {
 public:
  AuditLedger(std::unique_ptr<CallStore> store, Pseudonymiser pseudonymiser, bool store_raw_ids);
  ~AuditLedger() override;

  Expected<std::int64_t, LedgerError> record_call(HookCallRecord call) override;
  Expected<FeedbackWriteResult, LedgerError> record_feedback(
      const FeedbackRecord& feedback) override;
  Expected<CallPage, LedgerError> list_calls(const CallFilter& filter,
                                             const PageRequest& page) override;
  Expected<std::optional<StoredCall>, LedgerError> get_call(std::int64_t id) override;
  Expected<Summary, LedgerError> summarize(const SummaryFilter& filter) override;
  Expected<std::optional<CardOffer>, LedgerError> find_card(std::string_view uuid) override {
    return store_->find_card(uuid);
  }
  Expected<UnrecognisedCodeReport, LedgerError> unrecognised_codes(
      const UnrecognisedCodeFilter& filter) override {
    return store_->unrecognised_codes(filter);
  }
  Expected<std::int64_t, LedgerError> purge_before(Timestamp cutoff) override;
  std::string description() const override;
  std::int64_t queue_depth() const override { return store_->queue_depth(); }
  const LatencyHistogram* commit_latency() const override { return store_->commit_latency(); }

  // Starts the background purge; rows older than `max_age` go every `interval`.
  void start_retention(std::chrono::hours max_age, std::chrono::milliseconds interval,
                       PurgeReport report = {});

 private:
  // Pseudonyms, and raw ids replaced in everything stored (unless raw ids are allowed).
  void scrub(CallRow& row) const;

  const std::unique_ptr<CallStore> store_;
  const Pseudonymiser pseudonymiser_;
  const bool store_raw_ids_;
  std::unique_ptr<RetentionPurger> purger_;  // last: stops before the store goes
};

// Identical reports (same service, card, outcome, suggestions, reason, comment and outcome
// timestamp) have the same key.
std::string feedback_key(const FeedbackRecord& feedback);

}  // namespace auc::cards::ledger
