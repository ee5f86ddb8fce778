// The audit ledger: every answered hook call and every feedback report, queryable by auditors.
//
// Durability contract: record_call and record_feedback return only after the row is committed
// to stable storage (or with an error). The hook handler sends its 200 only after that, so a
// 200 means the ledger has the call, even if the process dies the next instant.
// All methods are thread-safe and never throw.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cards/ledger/latency_histogram.h"
#include "cards/ledger/query.h"
#include "cards/ledger/records.h"
#include "fhir/expected.h"

namespace auc::cards::ledger {

struct LedgerError {
  enum class Kind : std::uint8_t {
    kUnavailable,  // storage failed (disk full, I/O error) or the ledger is shutting down
    kBusy,         // the write queue stayed full, or the commit did not finish in time
    kInvalid,      // the request itself is wrong (bad cursor, bad record)
  };
  Kind kind = Kind::kUnavailable;
  std::string message;  // safe to log: never contains identifiers or record contents
};

struct FeedbackWriteResult {
  bool duplicate = false;  // an identical report was already recorded; nothing was added
};

class Ledger {
 public:
  virtual ~Ledger() = default;

  // Durable when it returns. Returns the call's ledger sequence number. Taken by value: the record
  // (kilobytes of cards and facts JSON) is moved through to the writer, not copied.
  virtual Expected<std::int64_t, LedgerError> record_call(HookCallRecord call) = 0;
  // Durable when it returns. Identical reports (same service, card, outcome, suggestions,
  // reason, comment and outcome timestamp) are stored once. The comment is stored scrubbed of
  // the patient and user ids of the card's call (comment_scrubber.h).
  virtual Expected<FeedbackWriteResult, LedgerError> record_feedback(
      const FeedbackRecord& feedback) = 0;

  virtual Expected<CallPage, LedgerError> list_calls(const CallFilter& filter,
                                                     const PageRequest& page) = 0;
  // nullopt when no call has that sequence number (or it was purged).
  virtual Expected<std::optional<StoredCall>, LedgerError> get_call(std::int64_t id) = 0;
  virtual Expected<Summary, LedgerError> summarize(const SummaryFilter& filter) = 0;
  // The card with this uuid as the ledger recorded it; nullopt when no recorded call returned
  // it (never returned, or purged).
  virtual Expected<std::optional<CardOffer>, LedgerError> find_card(std::string_view uuid) = 0;

  // The codes recorded calls held that the service could not map, merged per kind, system, code
  // and service over every instance sharing the store.
  virtual Expected<UnrecognisedCodeReport, LedgerError> unrecognised_codes(
      const UnrecognisedCodeFilter& filter) = 0;

  // Deletes calls and feedback received before `cutoff` (and unrecognised codes last seen before
  // it); returns how many rows went.
  // The background purge calls this; it is public so operators and tests can run it.
  virtual Expected<std::int64_t, LedgerError> purge_before(Timestamp cutoff) = 0;

  // One line for the startup log: storage, durability mode, pseudonym key id (never the key).
  virtual std::string description() const = 0;

  // For metrics. Writes queued for the storage but not yet committed (0 when it has no queue).
  virtual std::int64_t queue_depth() const { return 0; }
  // How long the storage's commits take; null when it does not measure them.
  virtual const LatencyHistogram* commit_latency() const { return nullptr; }
};

}  // namespace auc::cards::ledger
