#include "hooks/http/call_gate.h"

namespace auc::hooks {

void CallGate::enter() {
  std::unique_lock lock(mutex_);
  if (free_ > 0 && queue_.empty()) {
    --free_;
    return;
  }
  Waiter me;
  queue_.push_back(&me);
  me.wake.wait(lock, [&me] { return me.admitted; });
}

void CallGate::leave() {
  const std::lock_guard lock(mutex_);
  if (queue_.empty()) {
    ++free_;
    return;
  }
  // The slot passes straight to the longest waiter, so a newcomer cannot take it first.
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->admitted = true;
  next->wake.notify_one();
}

CallGate::Load CallGate::load() const {
  const std::lock_guard lock(mutex_);
  // A slot handed to a waiter counts as in use from the hand-over, before the waiter runs.
  return Load{slots_, slots_ - free_, queue_.size()};
}

}  // namespace auc::hooks
