// The ledger's only writer: one thread that owns the read-write connection and commits queued
// writes in batches (group commit). A caller of run() blocks until the transaction holding its
// write has committed, so "returned successfully" means "durable", while concurrent callers share
// one transaction and one fsync. Writes that are already durable elsewhere (journaled hook calls)
// are submit()ted instead: nobody waits for them, and they are retried until they commit, never
// dropped. Submitted writes may linger (up to `linger`, or until `linger_jobs` of them or a
// hurried one, a run() or a flush() arrive) so that one transaction holds more calls: the pages a
// commit rewrites whatever it holds (b-tree interiors, indexes, the WAL frame headers) are then
// shared. Writes queued while a transaction commits always go into the next one. The queue is
// bounded: when it stays full, callers get kBusy instead of the process growing without limit.
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

#include "cards/ledger/latency_histogram.h"
#include "cards/ledger/ledger.h"
#include "cards/ledger/sqlite/background_priority.h"
#include "cards/ledger/sqlite/database.h"

namespace auc::cards::ledger::sqlite {

struct WriterOptions {
  std::size_t queue_capacity = 4096;
  std::size_t max_batch = 512;
  std::chrono::milliseconds wait_timeout{10000};  // queue full or commit slower than this: kBusy
  // How long submitted jobs may wait for company. None by default: calls that arrive while a
  // transaction commits still share the next one, so batches grow with the load, and a lone call
  // costs one short commit. Lingering (20 ms put 30-60 calls in each transaction at c=1) makes
  // the writer commit for milliseconds at a stretch, long enough to hold up the next call's
  // thread on a small machine: perf_check 5 resources c=1 p99 3.1 ms with a 20 ms linger,
  // 1.4 ms without, with the same throughput at c=16.
  std::chrono::milliseconds linger{0};
  std::size_t linger_jobs = 64;  // this many submitted jobs start a lingering batch at once
  // While few jobs wait, the writer runs at idle priority so that it takes no core from a call
  // (see background_priority.h); this many queued jobs, a waiting caller or a hurry bring its
  // normal priority back at once.
  bool yield_when_light = true;
  std::size_t restore_at_jobs = 16;
};

class GroupCommitWriter {
 public:
  // Runs on the writer thread inside the batch transaction (under its own savepoint, so one
  // failing job does not undo the others). Returns a job-defined number (e.g. a row id).
  using Job = std::function<Expected<std::int64_t, std::string>(Database&)>;

  // `async_committed` (optional) is called on the writer thread after each commit that included
  // submitted jobs, with the largest number those jobs returned.
  GroupCommitWriter(Database db, WriterOptions options,
                    std::function<void(std::int64_t)> async_committed = {});
  ~GroupCommitWriter();  // commits what is queued, then stops
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Blocks until the job's transaction committed (or failed, or the wait timed out).
  Expected<std::int64_t, LedgerError> run(Job job);
  // Queues the job without waiting for it (only while the queue is full, then kBusy). If the job
  // or its commit fails, the whole batch is rolled back and tried again until it commits, so a
  // submitted job must not be able to fail because of its own contents. `hurry`: start the batch
  // now instead of lingering (the submitter's own buffer is filling up).
  Expected<Ok, LedgerError> submit(Job job, bool hurry = false);
  // Returns once every job submitted before the call has committed (kBusy after wait_timeout).
  Expected<Ok, LedgerError> flush();

  // Runs `fn` with the writer's connection while no batch is in progress. For in-memory
  // ledgers, whose data only this connection can see.
  template <class Fn>
  auto with_connection(Fn&& fn) {
    std::lock_guard lock(db_mutex_);
    return fn(db_);
  }

  std::uint64_t commits() const;    // transactions committed so far (for tests and metrics)
  std::size_t queue_depth() const;  // jobs waiting for a batch
  const LatencyHistogram& commit_latency() const { return commit_latency_; }  // per batch
  // Whether the writer gives way to calls while the load is light (needs CAP_SYS_NICE).
  bool yields() const;
  bool busy_nice() const;  // whether it runs at kBusyNice while it works (background_priority.h)
  int thread_id() const;   // the writer thread's id (for tests), once it has started

 private:
  struct Item;
  Expected<Ok, LedgerError> enqueue(const std::shared_ptr<Item>& item,
                                    std::chrono::steady_clock::time_point deadline,
                                    std::unique_lock<std::mutex>& lock, bool wake);
  void loop();
  // Normal priority back when jobs pile up, someone waits, or a submitter hurries.
  void restore_priority_if_needed();
  // False when the batch must be tried again: a submitted job or the commit failed.
  bool process(std::deque<std::shared_ptr<Item>>& batch);

  Database db_;
  std::mutex db_mutex_;
  const WriterOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable space_free_;
  std::condition_variable batch_done_;
  std::deque<std::shared_ptr<Item>> queue_;
  const std::function<void(std::int64_t)> async_committed_;
  bool stopping_ = false;
  bool hurry_ = false;           // a submitter or flush() wants the lingering batch started
  std::size_t queued_runs_ = 0;  // queued jobs someone waits for: never linger over them
  std::uint64_t commits_ = 0;
  LatencyHistogram commit_latency_;      // BEGIN to COMMIT of each batch that committed
  std::uint64_t submitted_ = 0;          // submit() calls queued so far
  std::uint64_t async_committed_n_ = 0;  // of those, committed (always a prefix: FIFO)
  BackgroundPriority priority_;          // guarded by mutex_
  std::thread thread_;                   // last: starts after everything it uses exists
};

}  // namespace auc::cards::ledger::sqlite
