// Admission for request handlers: at most N run at once, and the others are let in strictly in
// arrival order. First come, first served matters: an unfair semaphore let some calls barge past
// others that then waited hundreds of milliseconds under load.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace auc::hooks {

class CallGate {
 public:
  explicit CallGate(std::size_t slots) : free_(slots) {}
  CallGate(const CallGate&) = delete;
  CallGate& operator=(const CallGate&) = delete;

  // Holds a slot for its lifetime; blocks in arrival order until one is free.
  class Pass {
   public:
    explicit Pass(CallGate& gate) : gate_(gate) { gate_.enter(); }
    ~Pass() { gate_.leave(); }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    CallGate& gate_;
  };

  std::size_t waiting() const;

 private:
  struct Waiter {
    std::condition_variable wake;
    bool admitted = false;
  };
  void enter();
  void leave();

  mutable std::mutex mutex_;
  std::size_t free_;
  std::deque<Waiter*> queue_;  // each points to a waiter blocked in enter()
};

}  // namespace auc::hooks
