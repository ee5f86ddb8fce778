// The ledger's only writer: one thread that owns the read-write connection and commits queued
// writes in batches (group commit). A caller blocks until the transaction holding its write has
// committed, so "returned successfully" means "durable", while concurrent callers share one
// transaction and one fsync. The queue is bounded: when it stays full, callers get kBusy
// instead of the process growing without limit.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "cards/ledger/ledger.h"
#include "cards/ledger/sqlite/database.h"

namespace auc::cards::ledger::sqlite {

struct WriterOptions {
  std::size_t queue_capacity = 4096;
  std::size_t max_batch = 512;
  std::chrono::milliseconds wait_timeout{10000};  // queue full or commit slower than this: kBusy
};

class GroupCommitWriter {
 public:
  // Runs on the writer thread inside the batch transaction (under its own savepoint, so one
  // failing job does not undo the others). Returns a job-defined number (e.g. a row id).
  using Job = std::function<Expected<std::int64_t, std::string>(Database&)>;

  GroupCommitWriter(Database db, WriterOptions options);
  ~GroupCommitWriter();  // commits what is queued, then stops
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Blocks until the job's transaction committed (or failed, or the wait timed out).
  Expected<std::int64_t, LedgerError> run(Job job);

  // Runs `fn` with the writer's connection while no batch is in progress. For in-memory
  // ledgers, whose data only this connection can see.
  template <class Fn>
  auto with_connection(Fn&& fn) {
    std::lock_guard lock(db_mutex_);
    return fn(db_);
  }

  std::uint64_t commits() const;  // transactions committed so far (for tests and metrics)

 private:
  struct Item;
  void loop();
  void process(std::deque<std::shared_ptr<Item>>& batch);

  Database db_;
  std::mutex db_mutex_;
  const WriterOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable space_free_;
  std::condition_variable batch_done_;
  std::deque<std::shared_ptr<Item>> queue_;
  bool stopping_ = false;
  std::uint64_t commits_ = 0;
  std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace auc::cards::ledger::sqlite
