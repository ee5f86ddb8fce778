// The PostgreSQL store: several instances share one database. One writer thread per instance
// commits the calls and feedback that arrive together in one transaction (group commit) with
// synchronous_commit on, and a caller returns only after that commit: an acknowledged call is
// in PostgreSQL, so losing the instance loses nothing.
//
// Ids in commit order: a batch takes a transaction-scoped advisory lock before it draws hook
// call ids from the sequence and holds it through COMMIT, so across all instances ids are drawn
// and made visible in the same order. An auditor who has seen id N can never later find a newly
// committed id below N: paging backwards from a cursor neither skips nor repeats a row. The
// lock makes commits of different instances take turns; each commit holds many calls.
//
// A call is stored once per (service, hookInstance): a retry of a call whose answer was lost
// returns the id already stored. When the database cannot be reached (restart, network), the
// batch fails with kUnavailable (the caller answers 503) and the next batch reconnects.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cards/ledger/call_store.h"
#include "cards/ledger/latency_histogram.h"
#include "cards/ledger/postgres/pg_connection.h"
#include "cards/ledger/unrecognised_code_tally.h"

namespace auc::cards::ledger::postgres {

struct PgStoreOptions {
  std::string conninfo;  // postgresql://host:port/db (no password: see describe_conninfo)
  std::size_t queue_capacity = 4096;
  std::size_t max_batch = 256;
  // Queue full or commit slower: kBusy. Also the writer session's statement_timeout.
  std::chrono::milliseconds wait_timeout{10000};
};

class PgStore final : public CallStore {
 public:
  // Connects, and migrates the schema under the migration lock.
  static Expected<std::unique_ptr<PgStore>, std::string> open(PgStoreOptions options);
  ~PgStore() override;  // commits what is queued, then stops

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
  // Calls and feedback waiting for the writer or in the batch it is committing.
  std::int64_t queue_depth() const override;
  const LatencyHistogram* commit_latency() const override { return &commit_latency_; }

  std::uint64_t commits() const;  // transactions committed so far (for tests and metrics)
  // Round trips the writer made to the server so far: one per batch when nothing fails.
  std::uint64_t writer_round_trips() const;

 private:
  // Runs on the writer thread inside the batch transaction; returns a job-defined number.
  using Job = std::function<Expected<std::int64_t, std::string>(Connection&)>;
  struct Item;

  PgStore(PgStoreOptions options, std::string where, Connection writer);
  Expected<std::int64_t, LedgerError> run(Job job);
  Expected<std::int64_t, LedgerError> run(std::shared_ptr<Item> item);
  void loop();
  // Runs `items` in one transaction sent as one pipeline (one round trip) when every item has a
  // statement, else as commit_batch; false (nothing committed) when any step failed.
  bool commit_pipelined(const std::vector<std::shared_ptr<Item>>& items);
  // Runs `items` in one transaction a statement at a time; false (nothing committed) when any
  // step failed.
  bool commit_batch(const std::vector<std::shared_ptr<Item>>& items);
  // What both commit paths share: failing every item of a batch (returns false), the writer
  // connection (reconnected when the server went away; null, with every item failed, when it
  // cannot be reached), the batch's unrecognised codes, and counting a commit.
  static bool fail_batch(const std::vector<std::shared_ptr<Item>>& items, const std::string& why);
  // After a failed commit of `items`: whether one job's values failed it (a data or integrity
  // error, such as a retried call's unique violation), so that committing the items another
  // way may store the others.
  bool blamed_on_a_job(const std::vector<std::shared_ptr<Item>>& items);
  Connection* batch_writer(const std::vector<std::shared_ptr<Item>>& items);
  static UnrecognisedCodeTally codes_of(const std::vector<std::shared_ptr<Item>>& items);
  void count_commit(std::chrono::steady_clock::time_point began);
  // Runs `query` on a pooled reader connection, reopened when the server went away.
  template <class Out, class Query>
  Expected<Out, LedgerError> read(Query&& query);

  const PgStoreOptions options_;
  const std::string where_;  // host, port and database, for the description

  std::optional<Connection> writer_;  // only the writer thread touches it
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable done_;
  std::condition_variable space_free_;
  std::deque<std::shared_ptr<Item>> queue_;
  bool stopping_ = false;
  std::size_t in_flight_ = 0;  // jobs of the batch being committed
  std::uint64_t commits_ = 0;
  std::atomic<std::uint64_t> writer_round_trips_{0};
  LatencyHistogram commit_latency_;  // BEGIN to COMMIT of each batch that committed

  std::mutex readers_mutex_;
  std::vector<Connection> idle_readers_;
  std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace auc::cards::ledger::postgres
