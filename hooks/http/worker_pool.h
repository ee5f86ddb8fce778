// The workers that serve connections, one connection per worker at a time, first come first
// served. It tells connections whether others are waiting for a worker, so that an idle or
// crawling connection can give its worker up instead of starving a new client.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace auc::hooks {

class WorkerPool : public httplib::TaskQueue {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool() override;

  void enqueue(std::function<void()> job) override;
  void shutdown() override;

  // Connections accepted but not yet given a worker.
  std::size_t waiting() const { return waiting_.load(std::memory_order_relaxed); }
  // When the job running on this thread was queued: for a connection, when it was accepted, so
  // time spent waiting for a worker counts as time it was idle.
  static std::chrono::steady_clock::time_point current_job_queued_at();

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable ready_;
  struct Job {
    std::function<void()> run;
    std::chrono::steady_clock::time_point queued_at;
  };
  std::deque<Job> jobs_;
  std::atomic<std::size_t> waiting_{0};
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace auc::hooks
