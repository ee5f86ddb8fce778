#include "hooks/http/buffer_pool.h"

#include <utility>

namespace auc::hooks {

BufferPool::Lease BufferPool::acquire() {
  std::string buffer;
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      buffer = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  return Lease(this, std::move(buffer));
}

std::size_t BufferPool::idle() const {
  const std::lock_guard lock(mutex_);
  return idle_.size();
}

void BufferPool::give_back(std::string buffer) {
  if (buffer.capacity() > limits_.max_kept_capacity) return;  // freed here, outside the lock
  const std::lock_guard lock(mutex_);
  if (idle_.size() < limits_.max_idle) idle_.push_back(std::move(buffer));
}

}  // namespace auc::hooks
