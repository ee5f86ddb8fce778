// The ledger writer gives way to calls while few writes wait, and takes its normal priority back
// as soon as writes pile up or someone waits for one. Where the process may not return a thread
// from idle priority, the writer never leaves normal priority.
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <future>
#include <thread>

#include "cards/ledger/sqlite/background_priority.h"
#include "cards/ledger/sqlite/group_commit_writer.h"
#include "cards/ledger/sqlite/sqlite_store.h"
#include "ledger_fixture.h"

namespace auc::cards::ledger::sqlite {
namespace {

using namespace std::chrono_literals;

GroupCommitWriter::Job counting_job() {
  return [](Database&) -> Expected<std::int64_t, std::string> { return 1; };
}

// A job that holds the writer inside its batch until `release` is set.
GroupCommitWriter::Job blocking_job(std::promise<void>& started, std::shared_future<void> release) {
  return [&started, release](Database&) -> Expected<std::int64_t, std::string> {
    started.set_value();
    release.wait_for(30s);
    return 1;
  };
}

int writer_tid(const GroupCommitWriter& writer) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (writer.thread_id() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  return writer.thread_id();
}

// The policy the thread reaches within a few seconds, or the one it is stuck at.
int policy_reached(int tid, int wanted) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  int policy = sched_getscheduler(tid);
  while (policy != wanted && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
    policy = sched_getscheduler(tid);
  }
  return policy;
}

// Whether a thread of this process may set kBusyNice: tried on a throwaway thread.
bool may_raise_nice() {
  bool raised = false;
  std::thread probe([&raised] {
    raised = setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kBusyNice) == 0;
  });
  probe.join();
  return raised;
}

int nice_of(int tid) {
  return getpriority(PRIO_PROCESS, static_cast<id_t>(tid));
}

Database memory_database() {
  auto db = Database::open(":memory:", Database::Mode::kReadWrite);
  BOOST_REQUIRE(db.has_value());
  return std::move(db).value();
}

BOOST_AUTO_TEST_CASE(writer_gives_way_while_idle_and_takes_its_share_back_when_writes_queue) {
  WriterOptions options;
  options.restore_at_jobs = 16;
  GroupCommitWriter writer(memory_database(), options);
  const int tid = writer_tid(writer);
  BOOST_REQUIRE(tid != 0);
  if (!BackgroundPriority::can_yield()) {
    BOOST_TEST_MESSAGE("no CAP_SYS_NICE: the writer must stay at normal priority");
    BOOST_TEST(!writer.yields());
    BOOST_TEST(writer.submit(counting_job()).has_value());
    BOOST_TEST(writer.flush().has_value());
    BOOST_TEST(sched_getscheduler(tid) == SCHED_OTHER);
    return;
  }
  BOOST_TEST(writer.yields());
  BOOST_TEST(policy_reached(tid, SCHED_IDLE) == SCHED_IDLE);

  std::promise<void> started;
  std::promise<void> release;
  BOOST_REQUIRE(writer.submit(blocking_job(started, release.get_future().share())).has_value());
  BOOST_REQUIRE(started.get_future().wait_for(10s) == std::future_status::ready);
  // A handful queued behind a running batch is still light load.
  for (int i = 0; i < 15; ++i) BOOST_REQUIRE(writer.submit(counting_job()).has_value());
  BOOST_TEST(sched_getscheduler(tid) == SCHED_IDLE);
  // The sixteenth brings normal priority back at once, while the writer is still busy, with the
  // larger share it was given at start where the process may give it.
  BOOST_REQUIRE(writer.submit(counting_job()).has_value());
  BOOST_TEST(sched_getscheduler(tid) == SCHED_OTHER);
  const bool may_raise = may_raise_nice();
  BOOST_TEST(writer.busy_nice() == may_raise);
  BOOST_TEST(nice_of(tid) == (may_raise ? kBusyNice : 0));

  release.set_value();
  BOOST_TEST(writer.flush().has_value());
  // Everything committed: the writer gives way again.
  BOOST_TEST(policy_reached(tid, SCHED_IDLE) == SCHED_IDLE);
}

BOOST_AUTO_TEST_CASE(a_caller_waiting_for_its_write_brings_normal_priority_back) {
  GroupCommitWriter writer(memory_database(), WriterOptions{});
  const int tid = writer_tid(writer);
  BOOST_REQUIRE(tid != 0);
  if (!writer.yields()) {
    BOOST_TEST(sched_getscheduler(tid) == SCHED_OTHER);
    return;
  }
  BOOST_TEST(policy_reached(tid, SCHED_IDLE) == SCHED_IDLE);
  std::promise<void> started;
  std::promise<void> release;
  BOOST_REQUIRE(writer.submit(blocking_job(started, release.get_future().share())).has_value());
  BOOST_REQUIRE(started.get_future().wait_for(10s) == std::future_status::ready);
  BOOST_TEST(sched_getscheduler(tid) == SCHED_IDLE);
  auto waiting = std::async(std::launch::async, [&] { return writer.run(counting_job()); });
  BOOST_TEST(policy_reached(tid, SCHED_OTHER) == SCHED_OTHER);
  release.set_value();
  BOOST_TEST(waiting.get().has_value());
}

BOOST_AUTO_TEST_CASE(a_writer_told_not_to_yield_keeps_normal_priority) {
  WriterOptions options;
  options.yield_when_light = false;
  GroupCommitWriter writer(memory_database(), options);
  const int tid = writer_tid(writer);
  BOOST_REQUIRE(tid != 0);
  BOOST_TEST(!writer.yields());
  BOOST_TEST(writer.submit(counting_job()).has_value());
  BOOST_TEST(writer.flush().has_value());
  std::this_thread::sleep_for(20ms);
  BOOST_TEST(sched_getscheduler(tid) == SCHED_OTHER);
  BOOST_TEST(!writer.busy_nice());
  BOOST_TEST(nice_of(tid) == 0);
}

// A file ledger's writer yields where it can come back; an in-memory ledger's never does, since
// its queries share the writer's connection and would wait for a writer at idle priority.
BOOST_AUTO_TEST_CASE(file_ledgers_yield_where_possible_and_in_memory_ledgers_never) {
  const testing::TempDir dir;
  SqliteStoreOptions file;
  file.path = (dir.path() / "ledger.sqlite").string();
  auto on_disk = SqliteStore::open(std::move(file));
  BOOST_REQUIRE(on_disk.has_value());
  BOOST_TEST((*on_disk)->writer_yields() == BackgroundPriority::can_yield());
  SqliteStoreOptions memory;
  memory.path = ":memory:";
  auto in_memory = SqliteStore::open(std::move(memory));
  BOOST_REQUIRE(in_memory.has_value());
  BOOST_TEST(!(*in_memory)->writer_yields());
}

}  // namespace
}  // namespace auc::cards::ledger::sqlite
