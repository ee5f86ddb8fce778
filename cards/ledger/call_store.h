// What the ledger needs from where it keeps calls. The ledger (audit_ledger.h) does everything
// that must not depend on the database: pseudonyms and scrubbing before a row leaves it, the
// feedback de-duplication key, cursors and page sizes, and the summary totals. A store only
// writes durably and answers the queries; SQLite (embedded, the default) and PostgreSQL
// (shared by several instances) implement it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cards/ledger/call_row.h"
#include "cards/ledger/ledger.h"

namespace auc::cards::ledger {

class CallStore {
 public:
  virtual ~CallStore() = default;

  // Durable when it returns. Returns the id the store gave the call: ids grow in the order calls
  // become visible to auditors, so a page boundary never skips or repeats a call.
  virtual Expected<std::int64_t, LedgerError> add_call(CallRow row) = 0;
  // Durable when it returns. Stores the report unless one with the same key is stored already;
  // true when it was added.
  virtual Expected<bool, LedgerError> add_feedback(const FeedbackRecord& feedback,
                                                   const std::string& dedupe_key) = 0;

  // Calls matching `filter` with an id below `before_id` (all when nullopt), newest first, at
  // most `count`, each with its orders, cards and feedback.
  virtual Expected<std::vector<StoredCall>, LedgerError> find_calls(
      const CallFilter& filter, std::optional<std::int64_t> before_id, int count) = 0;
  virtual Expected<std::optional<StoredCall>, LedgerError> find_call(std::int64_t id) = 0;
  // The card with this uuid as a stored call returned it (card_offer.h reads the offer from the
  // call's cards JSON), with that call's service, EHR and pseudonyms; nullopt when none did.
  virtual Expected<std::optional<CardOffer>, LedgerError> find_card(std::string_view uuid) = 0;
  // calls, failed_calls, by_variant and by_suggested_study; the ledger derives the totals.
  virtual Expected<Summary, LedgerError> count(const SummaryFilter& filter) = 0;
  // Most seen first, at most kMaxUnrecognisedCodes.
  virtual Expected<UnrecognisedCodeReport, LedgerError> unrecognised_codes(
      const UnrecognisedCodeFilter& filter) = 0;
  virtual Expected<std::int64_t, LedgerError> purge_before(Timestamp cutoff) = 0;

  // Storage, durability, schema version.
  virtual std::string description() const = 0;

  // For metrics (see Ledger): writes not yet committed, and how long commits take.
  virtual std::int64_t queue_depth() const { return 0; }
  virtual const LatencyHistogram* commit_latency() const { return nullptr; }
};

}  // namespace auc::cards::ledger
