// The SQLite ledger: WAL mode, synchronous=FULL (or NORMAL when asked to be durable only through
// process crashes), schema migrated at open, one group-commit writer thread, pooled read-only
// connections for auditors. A file ledger acknowledges a hook call once it is in the call journal
// (call_journal.h), with the same durability; the writer inserts it off the caller's time.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cards/ledger/ledger.h"
#include "cards/ledger/pseudonymiser.h"
#include "cards/ledger/retention_purger.h"
#include "cards/ledger/sqlite/call_journal.h"
#include "cards/ledger/sqlite/database.h"
#include "cards/ledger/sqlite/group_commit_writer.h"

namespace auc::cards::ledger::sqlite {

struct SqliteLedgerOptions {
  std::string path;  // ":memory:" for a private in-memory ledger
  bool store_raw_ids = false;
  bool durable_through_power_loss = true;  // see LedgerOptions
  WriterOptions writer;
  JournalOptions journal;  // `sync` follows durable_through_power_loss
};

class SqliteLedger final : public Ledger {
 public:
  static Expected<std::unique_ptr<SqliteLedger>, std::string> open(SqliteLedgerOptions options,
                                                                   Pseudonymiser pseudonymiser);
  ~SqliteLedger() override;

  Expected<std::int64_t, LedgerError> record_call(HookCallRecord call) override;
  Expected<FeedbackWriteResult, LedgerError> record_feedback(
      const FeedbackRecord& feedback) override;
  Expected<CallPage, LedgerError> list_calls(const CallFilter& filter,
                                             const PageRequest& page) override;
  Expected<std::optional<StoredCall>, LedgerError> get_call(std::int64_t id) override;
  Expected<Summary, LedgerError> summarize(const SummaryFilter& filter) override;
  Expected<std::int64_t, LedgerError> purge_before(Timestamp cutoff) override;
  std::string description() const override;

  // Starts the background purge; rows older than `max_age` go every `interval`.
  void start_retention(std::chrono::hours max_age, std::chrono::milliseconds interval);
  std::uint64_t commits() const { return writer_->commits(); }

 private:
  SqliteLedger(SqliteLedgerOptions options, Pseudonymiser pseudonymiser,
               std::unique_ptr<CallJournal> journal, std::unique_ptr<GroupCommitWriter> writer);
  // Pseudonyms, and raw ids replaced in everything stored (unless raw ids are allowed).
  void scrub(CallRow& row) const;
  bool in_memory() const { return options_.path == ":memory:"; }

  // Runs `query` on a read connection: a pooled read-only one for files, the writer's own for
  // in-memory ledgers.
  template <class Result, class Query>
  Expected<Result, LedgerError> read(Query&& query);

  const SqliteLedgerOptions options_;
  const Pseudonymiser pseudonymiser_;
  std::unique_ptr<CallJournal> journal_;  // before the writer, whose commits report to it
  std::unique_ptr<GroupCommitWriter> writer_;
  std::mutex readers_mutex_;
  std::vector<Database> idle_readers_;
  std::unique_ptr<RetentionPurger> purger_;  // last: stops before the writer goes
};

}  // namespace auc::cards::ledger::sqlite
