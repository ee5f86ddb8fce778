// The SQLite store: WAL mode, synchronous=FULL (or NORMAL when asked to be durable only through
// process crashes), schema migrated at open, one group-commit writer thread, pooled read-only
// connections for auditors. A file store acknowledges a hook call once it is in the call journal
// (call_journal.h), with the same durability; the writer inserts it off the caller's time.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cards/ledger/call_store.h"
#include "cards/ledger/sqlite/call_journal.h"
#include "cards/ledger/sqlite/database.h"
#include "cards/ledger/sqlite/group_commit_writer.h"

namespace auc::cards::ledger::sqlite {

// WAL pages written between automatic checkpoints (SQLite's default is 1,000).
inline constexpr int kCheckpointPages = 100;

struct SqliteStoreOptions {
  std::string path;                        // ":memory:" for a private in-memory store
  bool durable_through_power_loss = true;  // see LedgerOptions
  WriterOptions writer;
  JournalOptions journal;  // `sync` follows durable_through_power_loss
};

class SqliteStore final : public CallStore {
 public:
  static Expected<std::unique_ptr<SqliteStore>, std::string> open(SqliteStoreOptions options);
  ~SqliteStore() override;

  Expected<std::int64_t, LedgerError> add_call(CallRow row) override;
  Expected<bool, LedgerError> add_feedback(const FeedbackRecord& feedback,
                                           const std::string& dedupe_key) override;
  Expected<std::vector<StoredCall>, LedgerError> find_calls(const CallFilter& filter,
                                                            std::optional<std::int64_t> before_id,
                                                            int count) override;
  Expected<std::optional<StoredCall>, LedgerError> find_call(std::int64_t id) override;
  Expected<std::optional<CardOffer>, LedgerError> find_card(std::string_view uuid) override;
  Expected<Summary, LedgerError> count(const SummaryFilter& filter) override;
  Expected<UnrecognisedCodeReport, LedgerError> unrecognised_codes(
      const UnrecognisedCodeFilter& filter) override;
  Expected<std::int64_t, LedgerError> purge_before(Timestamp cutoff) override;
  std::string description() const override;
  std::int64_t queue_depth() const override {
    return static_cast<std::int64_t>(writer_->queue_depth());
  }
  const LatencyHistogram* commit_latency() const override { return &writer_->commit_latency(); }

  std::uint64_t commits() const { return writer_->commits(); }
  bool writer_yields() const { return writer_->yields(); }  // see background_priority.h

 private:
  SqliteStore(SqliteStoreOptions options, std::unique_ptr<CallJournal> journal,
              std::unique_ptr<GroupCommitWriter> writer);
  bool in_memory() const { return options_.path == ":memory:"; }

  // Runs `query` on a read connection: a pooled read-only one for files, the writer's own for
  // in-memory stores.
  template <class Result, class Query>
  Expected<Result, LedgerError> read(Query&& query);

  const SqliteStoreOptions options_;
  std::unique_ptr<CallJournal> journal_;  // before the writer, whose commits report to it
  std::unique_ptr<GroupCommitWriter> writer_;
  std::mutex readers_mutex_;
  std::vector<Database> idle_readers_;
};

}  // namespace auc::cards::ledger::sqlite
