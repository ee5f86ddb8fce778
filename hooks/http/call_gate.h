// Admission for request handlers: at most N compute at once, and the others are let in strictly
// in arrival order. First come, first served matters: an unfair semaphore let some calls barge
// past others that then waited hundreds of milliseconds under load. A call holds its slot only
// while it computes: it gives the slot up before it waits on something else (a FHIR server, the
// ledger's commit), so few slots are enough to keep the cores busy, and a slow FHIR server or
// database cannot keep computing calls out. (A FHIR server's answers are parsed by the fetch's
// own threads while the call is away, bounded by --fhir-max-response-bytes and --fhir-max-pages
// rather than by the slots.)
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace auc::hooks {

class CallGate {
 public:
  explicit CallGate(std::size_t slots) : slots_(slots), free_(slots) {}
  CallGate(const CallGate&) = delete;
  CallGate& operator=(const CallGate&) = delete;

  // A call's claim on a slot, held from take() (or construction) to release() (or destruction).
  // Taking blocks, in arrival order, until a slot is free; a call that took its slot again after
  // a wait queues behind the calls already waiting.
  class Pass {
   public:
    enum class Start { kTaken, kNotTaken };
    explicit Pass(CallGate& gate, Start start = Start::kTaken) : gate_(gate) {
      if (start == Start::kTaken) take();
    }
    ~Pass() { release(); }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

    void take() {
      if (held_) return;
      gate_.enter();
      held_ = true;
    }
    // Hands the slot to the longest waiter; nothing if not held.
    void release() {
      if (!held_) return;
      held_ = false;
      gate_.leave();
    }
    bool held() const { return held_; }

   private:
    CallGate& gate_;
    bool held_ = false;
  };

  // What /metrics shows: the limit, the calls computing now and the calls queued for a slot.
  struct Load {
    std::size_t slots = 0;
    std::size_t in_use = 0;
    std::size_t waiting = 0;
  };
  Load load() const;

 private:
  struct Waiter {
    std::condition_variable wake;
    bool admitted = false;
  };
  void enter();
  void leave();

  mutable std::mutex mutex_;
  const std::size_t slots_;
  std::size_t free_;
  std::deque<Waiter*> queue_;  // each points to a waiter blocked in enter()
};

}  // namespace auc::hooks
