#include "hooks/runtime/heap_trimmer.h"

#include "hooks/runtime/malloc_arenas.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace auc::hooks {

HeapTrimmer::HeapTrimmer(std::chrono::milliseconds interval)
    : interval_(interval), thread_([this] { loop(); }) {}

HeapTrimmer::~HeapTrimmer() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

unsigned long HeapTrimmer::trims() const {
  const std::lock_guard lock(mutex_);
  return trims_;
}

void HeapTrimmer::loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
#if defined(__GLIBC__)
    // Other C libraries, and jemalloc (its background thread), return memory on their own terms.
    if (!jemalloc_in_use()) malloc_trim(0);
#endif
    lock.lock();
    ++trims_;
  }
}

}  // namespace auc::hooks
