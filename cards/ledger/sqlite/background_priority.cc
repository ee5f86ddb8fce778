#include "cards/ledger/sqlite/background_priority.h"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <thread>

namespace auc::cards::ledger::sqlite {
namespace {

bool set_policy(int tid, int policy) {
  sched_param param{};
  return sched_setscheduler(tid, policy, &param) == 0;
}

}  // namespace

bool BackgroundPriority::can_yield() {
  static const bool possible = [] {
    bool back = false;
    // Its own thread: should the way back be closed, only this thread stays at idle priority.
    std::thread probe([&back] {
      const int tid = static_cast<int>(gettid());
      back = set_policy(tid, SCHED_IDLE) && set_policy(tid, SCHED_OTHER);
    });
    probe.join();
    return back;
  }();
  return possible;
}

BackgroundPriority::BackgroundPriority(bool enabled) : enabled_(enabled && can_yield()) {}

void BackgroundPriority::attach() {
  tid_ = static_cast<int>(gettid());
  // Only where the writer's priority is managed at all (yielding asked for, and the way back
  // open). The nice value outlasts the switches to idle priority and back.
  if (enabled_) busy_nice_ = setpriority(PRIO_PROCESS, static_cast<id_t>(tid_), kBusyNice) == 0;
}

void BackgroundPriority::yield() {
  if (!enabled_ || yielding_ || tid_ == 0) return;
  yielding_ = set_policy(tid_, SCHED_IDLE);
}

void BackgroundPriority::restore() {
  if (!yielding_) return;
  if (set_policy(tid_, SCHED_OTHER)) {
    yielding_ = false;
    return;
  }
  // Refused although the probe passed (the process lost the capability): nothing more can be
  // done for this thread, and it must not be sent to idle priority again by anyone.
  enabled_ = false;
}

}  // namespace auc::cards::ledger::sqlite
