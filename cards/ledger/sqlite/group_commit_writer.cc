#include "cards/ledger/sqlite/group_commit_writer.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace auc::cards::ledger::sqlite {
namespace {

// How long the writer waits before trying a failed batch of submitted jobs again (a full disk,
// an I/O error): long enough not to spin, short enough that the queue drains soon after.
constexpr std::chrono::milliseconds kRetryPause{100};

}  // namespace

struct GroupCommitWriter::Item {
  Job job;
  bool submitted = false;  // nobody waits; retried until it commits
  bool done = false;
  std::optional<Expected<std::int64_t, LedgerError>> result;
};

GroupCommitWriter::GroupCommitWriter(Database db, WriterOptions options,
                                     std::function<void(std::int64_t)> async_committed)
    : db_(std::move(db)),
      options_(options),
      async_committed_(std::move(async_committed)),
      priority_(options.yield_when_light),
      thread_([this] { loop(); }) {}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    priority_.restore();  // what is queued commits at full speed
  }
  work_ready_.notify_all();
  space_free_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t GroupCommitWriter::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

bool GroupCommitWriter::yields() const {
  std::lock_guard lock(mutex_);
  return priority_.enabled();
}

bool GroupCommitWriter::busy_nice() const {
  std::lock_guard lock(mutex_);
  return priority_.busy_nice();
}

int GroupCommitWriter::thread_id() const {
  std::lock_guard lock(mutex_);
  return priority_.thread_id();
}

void GroupCommitWriter::restore_priority_if_needed() {
  if (priority_.yielding() &&
      (queue_.size() >= options_.restore_at_jobs || queued_runs_ > 0 || hurry_ || stopping_)) {
    priority_.restore();
  }
}

std::size_t GroupCommitWriter::queue_depth() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

Expected<Ok, LedgerError> GroupCommitWriter::enqueue(const std::shared_ptr<Item>& item,
                                                     std::chrono::steady_clock::time_point deadline,
                                                     std::unique_lock<std::mutex>& lock,
                                                     bool wake) {
  if (!space_free_.wait_until(
          lock, deadline, [&] { return stopping_ || queue_.size() < options_.queue_capacity; })) {
    return Unexpected(LedgerError{LedgerError::Kind::kBusy, "ledger write queue is full"});
  }
  if (stopping_) {
    return Unexpected(LedgerError{LedgerError::Kind::kUnavailable, "ledger is shutting down"});
  }
  // A lingering writer is woken only when the batch should start; an idle one by the first job.
  wake = wake || queue_.empty() || queue_.size() + 1 >= options_.linger_jobs;
  queue_.push_back(item);
  if (!item->submitted) ++queued_runs_;
  restore_priority_if_needed();
  if (wake) work_ready_.notify_one();
  return Ok{};
}

Expected<std::int64_t, LedgerError> GroupCommitWriter::run(Job job) {
  auto item = std::make_shared<Item>();
  item->job = std::move(job);
  const auto deadline = std::chrono::steady_clock::now() + options_.wait_timeout;
  std::unique_lock lock(mutex_);
  if (auto queued = enqueue(item, deadline, lock, true); !queued) {
    return Unexpected(queued.error());
  }
  // The item is shared with the queue, so giving up here leaves nothing dangling; the write may
  // still commit later, which is harmless: the caller only promises "success => durable".
  if (!batch_done_.wait_until(lock, deadline, [&] { return item->done; })) {
    return Unexpected(
        LedgerError{LedgerError::Kind::kBusy, "ledger commit did not finish in time"});
  }
  return std::move(*item->result);
}

Expected<Ok, LedgerError> GroupCommitWriter::submit(Job job, bool hurry) {
  auto item = std::make_shared<Item>();
  item->job = std::move(job);
  item->submitted = true;
  const auto deadline = std::chrono::steady_clock::now() + options_.wait_timeout;
  std::unique_lock lock(mutex_);
  if (hurry) hurry_ = true;
  if (auto queued = enqueue(item, deadline, lock, hurry); !queued) return queued;
  ++submitted_;
  return Ok{};
}

Expected<Ok, LedgerError> GroupCommitWriter::flush() {
  const auto deadline = std::chrono::steady_clock::now() + options_.wait_timeout;
  std::unique_lock lock(mutex_);
  const std::uint64_t target = submitted_;
  if (async_committed_n_ < target) {
    hurry_ = true;  // whoever flushes is waiting: no lingering
    restore_priority_if_needed();
    work_ready_.notify_one();
  }
  if (!batch_done_.wait_until(lock, deadline, [&] { return async_committed_n_ >= target; })) {
    return Unexpected(
        LedgerError{LedgerError::Kind::kBusy, "ledger writes did not commit in time"});
  }
  return Ok{};
}

void GroupCommitWriter::loop() {
  {
    std::lock_guard lock(mutex_);
    priority_.attach();
  }
  // Below this many queued jobs the load is light enough for the writer to give way.
  const std::size_t light = std::max<std::size_t>(1, options_.restore_at_jobs / 4);
  std::deque<std::shared_ptr<Item>> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (batch.empty() && queue_.size() < light && queued_runs_ == 0 && !hurry_ && !stopping_) {
        priority_.yield();
      }
      if (batch.empty()) {
        work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and everything queued has been committed
        // Only submitted (already durable) jobs: let more join this transaction.
        if (options_.linger.count() > 0) {
          work_ready_.wait_for(lock, options_.linger, [&] {
            return stopping_ || hurry_ || queued_runs_ > 0 || queue_.size() >= options_.linger_jobs;
          });
        }
      }
      hurry_ = false;
      // Everything that queued up while the previous batch was being fsynced goes in one
      // transaction: that is the group commit.
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        if (!queue_.front()->submitted) --queued_runs_;
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    space_free_.notify_all();
    if (!process(batch)) {
      // Submitted jobs are durable elsewhere and must reach the database: keep the batch and try
      // again, unless the process is stopping (then they stay where they are durable).
      std::unique_lock lock(mutex_);
      if (!work_ready_.wait_for(lock, kRetryPause, [&] { return stopping_; })) continue;
      for (auto& item : batch) {
        item->result.emplace(Unexpected(
            LedgerError{LedgerError::Kind::kUnavailable, "ledger stopped before the write"}));
        item->done = true;
      }
      lock.unlock();
      batch_done_.notify_all();
      return;
    }
    std::uint64_t submitted = 0;
    std::optional<std::int64_t> largest;
    for (const auto& item : batch) {
      if (!item->submitted) continue;
      ++submitted;
      if (item->result && *item->result)
        largest = std::max(largest.value_or(**item->result), **item->result);
    }
    if (largest && async_committed_) async_committed_(*largest);
    {
      std::lock_guard lock(mutex_);
      for (auto& item : batch) item->done = true;
      async_committed_n_ += submitted;
    }
    batch_done_.notify_all();
    batch.clear();
  }
}

bool GroupCommitWriter::process(std::deque<std::shared_ptr<Item>>& batch) {
  std::lock_guard db_lock(db_mutex_);
  const bool any_submitted =
      std::any_of(batch.begin(), batch.end(), [](const auto& item) { return item->submitted; });
  auto fail_all = [&](const std::string& why) {
    if (any_submitted) return false;
    for (auto& item : batch) {
      item->result.emplace(
          Unexpected(LedgerError{LedgerError::Kind::kUnavailable, "ledger write failed: " + why}));
    }
    return true;
  };
  const auto started = std::chrono::steady_clock::now();
  auto tx = Transaction::begin(db_, "BEGIN IMMEDIATE");
  if (!tx) return fail_all(tx.error());
  for (auto& item : batch) {
    // A failing submitted job rolls the whole batch back, so it needs no savepoint of its own;
    // leaving it out spares SQLite copying every page the job touches into a sub-journal.
    if (item->submitted) {
      auto outcome = item->job(db_);
      if (!outcome) return false;  // the transaction rolls back; the whole batch is tried again
      item->result.emplace(*outcome);
      continue;
    }
    if (auto sp = db_.exec_cached("SAVEPOINT item"); !sp) return fail_all(sp.error());
    auto outcome = item->job(db_);
    if (outcome) {
      item->result.emplace(*outcome);
    } else {
      db_.exec("ROLLBACK TO item");
      item->result.emplace(Unexpected(LedgerError{LedgerError::Kind::kInvalid, outcome.error()}));
    }
    if (auto rel = db_.exec_cached("RELEASE item"); !rel) return fail_all(rel.error());
  }
  // With synchronous=FULL the WAL is fsynced here, before any caller is released.
  if (auto committed = tx->commit(); !committed) return fail_all(committed.error());
  commit_latency_.observe(std::chrono::steady_clock::now() - started);
  std::lock_guard lock(mutex_);
  ++commits_;
  return true;
}

}  // namespace auc::cards::ledger::sqlite
