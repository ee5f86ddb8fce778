// Reusable byte buffers for the per-request work that needs one (the request body, the parsed
// document's arena). A request takes a buffer and gives it back when it is done, so a steady load
// reuses the same few warm buffers instead of allocating and faulting in fresh ones per call, and
// the memory kept is bounded by the pool's limits, not by the number of worker threads.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace auc::hooks {

class BufferPool {
 public:
  struct Limits {
    std::size_t max_idle = 16;                // buffers kept between requests
    std::size_t max_kept_capacity = 1 << 20;  // bigger buffers are freed, not kept
  };

  // A buffer on loan; returned to the pool when destroyed. It comes with unspecified contents
  // and size (whatever its last user left; clear() or resize() it) and its capacity kept.
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), buffer_(std::move(other.buffer_)) {
      other.pool_ = nullptr;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->give_back(std::move(buffer_));
    }

    std::string& buffer() { return buffer_; }

   private:
    friend class BufferPool;
    Lease(BufferPool* pool, std::string buffer) : pool_(pool), buffer_(std::move(buffer)) {}
    BufferPool* pool_;
    std::string buffer_;
  };

  BufferPool() : BufferPool(Limits{}) {}
  explicit BufferPool(Limits limits) : limits_(limits) { idle_.reserve(limits_.max_idle); }
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;

  // The most recently returned buffer (warmest in cache) when one is idle, else a new one.
  Lease acquire();

  std::size_t idle() const;

 private:
  void give_back(std::string buffer);

  const Limits limits_;
  mutable std::mutex mutex_;
  std::vector<std::string> idle_;
};

}  // namespace auc::hooks
