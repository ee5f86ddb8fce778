// The admission gate: never more than N inside, and waiters let in in arrival order.
#include "hooks/http/call_gate.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using auc::hooks::CallGate;

namespace {

void wait_until(const std::function<bool()>& done) {
  for (int i = 0; i < 5000 && !done(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(call_gate)

BOOST_AUTO_TEST_CASE(never_more_than_the_slots_inside) {
  CallGate gate(3);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        const CallGate::Pass pass(gate);
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(most.load() <= 3);
  BOOST_TEST(most.load() >= 2);  // the gate does let several in at once
  BOOST_TEST(gate.load().waiting == 0u);
}

BOOST_AUTO_TEST_CASE(waiters_enter_in_arrival_order) {
  CallGate gate(1);
  std::optional<CallGate::Pass> holder;
  holder.emplace(gate);
  std::mutex order_mutex;
  std::vector<int> order;
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      const CallGate::Pass pass(gate);
      const std::lock_guard lock(order_mutex);
      order.push_back(t);
    });
    // The next thread starts only once this one is queued, so arrival order is 0, 1, 2...
    wait_until([&] { return gate.load().waiting == static_cast<std::size_t>(t + 1); });
    BOOST_TEST_REQUIRE(gate.load().waiting == static_cast<std::size_t>(t + 1));
  }
  holder.reset();
  for (auto& t : threads) t.join();
  BOOST_TEST(order == (std::vector<int>{0, 1, 2, 3, 4, 5}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_free_slot_is_taken_without_waiting) {
  CallGate gate(2);
  {
    const CallGate::Pass a(gate);
    const CallGate::Pass b(gate);
    BOOST_TEST(gate.load().waiting == 0u);
  }
  const CallGate::Pass again(gate);
  BOOST_TEST(gate.load().waiting == 0u);
}

BOOST_AUTO_TEST_CASE(a_released_slot_goes_to_the_first_waiter_and_is_taken_again_behind_it) {
  CallGate gate(1);
  CallGate::Pass first(gate);
  std::mutex order_mutex;
  std::vector<std::string> order;
  auto enter = [&](std::string name, std::optional<CallGate::Pass>& pass) {
    pass.emplace(gate);
    const std::lock_guard lock(order_mutex);
    order.push_back(std::move(name));
  };
  std::optional<CallGate::Pass> second_pass;
  std::optional<CallGate::Pass> third_pass;
  std::thread second([&] { enter("second", second_pass); });
  wait_until([&] { return gate.load().waiting == 1u; });
  BOOST_TEST_REQUIRE(gate.load().waiting == 1u);
  first.release();  // the slot goes to the waiter, not back to the gate
  BOOST_TEST(!first.held());
  second.join();
  first.release();  // a second release gives nothing back: still one slot, held by `second`
  std::thread third([&] { enter("third", third_pass); });
  wait_until([&] { return gate.load().waiting == 1u; });
  BOOST_TEST_REQUIRE(gate.load().waiting == 1u);
  std::thread retake([&] {
    first.take();
    const std::lock_guard lock(order_mutex);
    order.push_back("first again");
  });
  wait_until([&] { return gate.load().waiting == 2u; });
  BOOST_TEST_REQUIRE(gate.load().waiting == 2u);
  second_pass.reset();
  third.join();
  third_pass.reset();
  retake.join();
  BOOST_TEST(first.held());
  BOOST_TEST(order == (std::vector<std::string>{"second", "third", "first again"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_pass_made_without_its_slot_takes_none_until_asked) {
  CallGate gate(1);
  CallGate::Pass later(gate, CallGate::Pass::Start::kNotTaken);
  BOOST_TEST(!later.held());
  std::atomic<bool> entered{false};
  std::thread other([&] {
    const CallGate::Pass now(gate);
    entered.store(true);
  });
  wait_until([&] { return entered.load(); });
  BOOST_TEST(entered.load());  // the one slot was free
  later.release();             // unblocks `other` if `later` had taken the slot after all
  other.join();
  later.take();
  BOOST_TEST(later.held());
}

// /metrics reads these: a slot counts as in use from the moment it is taken or handed to a
// waiter, and a waiter counts until it is let in.
BOOST_AUTO_TEST_CASE(load_counts_slots_in_use_and_calls_waiting) {
  CallGate gate(2);
  auto load = gate.load();
  BOOST_TEST(load.slots == 2u);
  BOOST_TEST(load.in_use == 0u);
  BOOST_TEST(load.waiting == 0u);
  CallGate::Pass first(gate);
  CallGate::Pass second(gate, CallGate::Pass::Start::kNotTaken);
  BOOST_TEST(gate.load().in_use == 1u);
  second.take();
  BOOST_TEST(gate.load().in_use == 2u);
  std::atomic<bool> third_in{false};
  std::thread third([&] {
    const CallGate::Pass pass(gate);
    third_in.store(true);
  });
  wait_until([&] { return gate.load().waiting == 1u; });
  load = gate.load();
  BOOST_TEST(load.in_use == 2u);
  BOOST_TEST(load.waiting == 1u);
  first.release();
  third.join();
  BOOST_TEST(third_in.load());
  load = gate.load();
  BOOST_TEST(load.in_use == 1u);  // second still holds its slot; third's went back
  BOOST_TEST(load.waiting == 0u);
  second.release();
  BOOST_TEST(gate.load().in_use == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
