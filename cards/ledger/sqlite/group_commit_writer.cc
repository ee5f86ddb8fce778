#include "cards/ledger/sqlite/group_commit_writer.h"

#include <optional>
#include <utility>

namespace auc::cards::ledger::sqlite {

struct GroupCommitWriter::Item {
  Job job;
  bool done = false;
  std::optional<Expected<std::int64_t, LedgerError>> result;
};

GroupCommitWriter::GroupCommitWriter(Database db, WriterOptions options)
    : db_(std::move(db)), options_(options), thread_([this] { loop(); }) {}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  space_free_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t GroupCommitWriter::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

Expected<std::int64_t, LedgerError> GroupCommitWriter::run(Job job) {
  auto item = std::make_shared<Item>();
  item->job = std::move(job);
  const auto deadline = std::chrono::steady_clock::now() + options_.wait_timeout;
  std::unique_lock lock(mutex_);
  if (!space_free_.wait_until(
          lock, deadline, [&] { return stopping_ || queue_.size() < options_.queue_capacity; })) {
    return Unexpected(LedgerError{LedgerError::Kind::kBusy, "ledger write queue is full"});
  }
  if (stopping_) {
    return Unexpected(LedgerError{LedgerError::Kind::kUnavailable, "ledger is shutting down"});
  }
  queue_.push_back(item);
  work_ready_.notify_one();
  // The item is shared with the queue, so giving up here leaves nothing dangling; the write may
  // still commit later, which is harmless: the caller only promises "success => durable".
  if (!batch_done_.wait_until(lock, deadline, [&] { return item->done; })) {
    return Unexpected(
        LedgerError{LedgerError::Kind::kBusy, "ledger commit did not finish in time"});
  }
  return std::move(*item->result);
}

void GroupCommitWriter::loop() {
  std::deque<std::shared_ptr<Item>> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been committed
      // Everything that queued up while the previous batch was being fsynced goes in one
      // transaction: that is the group commit.
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    space_free_.notify_all();
    process(batch);
    {
      std::lock_guard lock(mutex_);
      for (auto& item : batch) item->done = true;
    }
    batch_done_.notify_all();
    batch.clear();
  }
}

void GroupCommitWriter::process(std::deque<std::shared_ptr<Item>>& batch) {
  std::lock_guard db_lock(db_mutex_);
  auto fail_all = [&](const std::string& why) {
    for (auto& item : batch) {
      item->result.emplace(
          Unexpected(LedgerError{LedgerError::Kind::kUnavailable, "ledger write failed: " + why}));
    }
  };
  auto tx = Transaction::begin(db_, "BEGIN IMMEDIATE");
  if (!tx) return fail_all(tx.error());
  for (auto& item : batch) {
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
  std::lock_guard lock(mutex_);
  ++commits_;
}

}  // namespace auc::cards::ledger::sqlite
