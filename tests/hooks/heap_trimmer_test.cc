// The heap trimmer runs on its interval and stops at once when destroyed.
#include "hooks/runtime/heap_trimmer.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

using auc::hooks::HeapTrimmer;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(heap_trimmer)

BOOST_AUTO_TEST_CASE(trims_on_its_interval) {
  HeapTrimmer trimmer(5ms);
  for (int i = 0; i < 2000 && trimmer.trims() < 3; ++i) std::this_thread::sleep_for(1ms);
  BOOST_TEST(trimmer.trims() >= 3u);
}

BOOST_AUTO_TEST_CASE(stops_mid_interval_without_trimming) {
  const auto start = std::chrono::steady_clock::now();
  {
    HeapTrimmer trimmer(1h);
    BOOST_TEST(trimmer.trims() == 0u);
  }
  // A sleeping loop would hold shutdown for the whole hour.
  BOOST_TEST((std::chrono::steady_clock::now() - start < 30s));
}

BOOST_AUTO_TEST_SUITE_END()
