#include "hooks/auth/replay_cache.h"

#include <boost/test/unit_test.hpp>

using auc::hooks::ReplayCache;

BOOST_AUTO_TEST_SUITE(replay_cache)

BOOST_AUTO_TEST_CASE(second_use_is_a_replay_until_the_token_expires) {
  ReplayCache cache(100);
  BOOST_TEST(cache.first_use("iss", "a", 1000, 900));
  BOOST_TEST(!cache.first_use("iss", "a", 1000, 950));
  BOOST_TEST(cache.first_use("other-iss", "a", 1000, 950));  // jti is per issuer
  BOOST_TEST(cache.first_use("iss", "b", 1000, 950));
  // After expiry the entry is gone (the token itself is refused by exp by then).
  BOOST_TEST(cache.first_use("iss", "a", 2000, 1001));
}

BOOST_AUTO_TEST_CASE(issuer_and_jti_cannot_collide_by_concatenation) {
  ReplayCache cache(100);
  BOOST_TEST(cache.first_use("ab", "c", 1000, 0));
  BOOST_TEST(cache.first_use("a", "bc", 1000, 0));
}

BOOST_AUTO_TEST_CASE(memory_is_bounded_dropping_the_soonest_expiring_first) {
  ReplayCache cache(3);
  BOOST_TEST(cache.first_use("i", "late", 5000, 0));
  BOOST_TEST(cache.first_use("i", "soon", 1000, 0));
  BOOST_TEST(cache.first_use("i", "mid", 3000, 0));
  BOOST_TEST(cache.first_use("i", "new", 4000, 0));
  BOOST_TEST(cache.size() == 3u);
  BOOST_TEST(!cache.first_use("i", "late", 5000, 0));
  BOOST_TEST(!cache.first_use("i", "mid", 3000, 0));
  BOOST_TEST(cache.first_use("i", "soon", 1000, 0));  // it was the one dropped
}

BOOST_AUTO_TEST_SUITE_END()
