#include "hooks/http/worker_pool.h"

namespace auc::hooks {
namespace {

thread_local std::chrono::steady_clock::time_point t_job_queued_at;

}  // namespace

std::chrono::steady_clock::time_point WorkerPool::current_job_queued_at() {
  return t_job_queued_at;
}

WorkerPool::WorkerPool(std::size_t threads) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  shutdown();
}

void WorkerPool::enqueue(std::function<void()> job) {
  {
    const std::lock_guard lock(mutex_);
    jobs_.push_back(Job{std::move(job), std::chrono::steady_clock::now()});
    waiting_.store(jobs_.size(), std::memory_order_relaxed);
  }
  ready_.notify_one();
}

void WorkerPool::shutdown() {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerPool::work() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      // Queued connections are still served on shutdown: their clients are owed an answer.
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      waiting_.store(jobs_.size(), std::memory_order_relaxed);
    }
    t_job_queued_at = job.queued_at;
    job.run();
  }
}

}  // namespace auc::hooks
