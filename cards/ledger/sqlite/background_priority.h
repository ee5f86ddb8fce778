// Lets the ledger's writer thread give way to calls. When calls arrive one at a time each commit
// rewrites the tables' tail pages, so committing a call costs more CPU than assessing it, and on
// a small machine the writer then takes a core from the next call (perf_check, 5 resources, c=1:
// p99 1.5 ms). At idle priority (SCHED_IDLE) it runs only on a core nothing else wants. Once work
// queues up it must have its fair share back at once, or the journal fills and calls wait.
// Linux lets an unprivileged thread drop to idle priority but not come back (that takes
// CAP_SYS_NICE, or an RLIMIT_NICE of at least 20), so the writer yields only where the way back
// is open; elsewhere it keeps normal priority.
// While it works, where the process may, it runs at nice -10 rather than 0. Every call passes
// through this one thread, and under full load it competes with all the workers: with an equal
// share (16 busy workers on 2 cores) most batch commits took 10-50 ms while calls kept
// arriving, and 1.4-2.9% of calls waited over 10 ms in the ledger write (5 resources, c=16;
// 0.2-0.5% at nice -10). Its CPU is bounded by the calls it serves, so the larger share cannot
// starve them.
#pragma once

namespace auc::cards::ledger::sqlite {

// The writer's nice value while it works (not yielding), where the process may set it.
inline constexpr int kBusyNice = -10;

class BackgroundPriority {
 public:
  // Whether a thread of this process can return from idle to normal priority: tried once, on a
  // throwaway thread.
  static bool can_yield();

  // `enabled` false, or can_yield() false: yield() does nothing.
  explicit BackgroundPriority(bool enabled);

  // Binds to the calling thread, and gives it kBusyNice if it may; yield() and restore() then
  // act on it from any thread. The caller serialises the three (the writer calls them under its
  // lock).
  void attach();
  void yield();    // to idle priority
  void restore();  // back to normal priority
  bool yielding() const { return yielding_; }
  bool enabled() const { return enabled_; }
  bool busy_nice() const { return busy_nice_; }  // kBusyNice was set at attach()
  int thread_id() const { return tid_; }

 private:
  bool enabled_;
  int tid_ = 0;
  bool yielding_ = false;
  bool busy_nice_ = false;
};

}  // namespace auc::cards::ledger::sqlite
