// Random ids: every draw is fresh, across the thread's block boundary, above the block size and
// on another thread; the uuids built from them are version 4 and never repeat.
#include "cards/random_bytes.h"

#include <array>
#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cards/uuid_source.h"

namespace {

std::string draw(std::size_t size) {
  std::string out(size, '\0');
  BOOST_REQUIRE(auc::cards::random_bytes(reinterpret_cast<unsigned char*>(out.data()), size));
  return out;
}

// 17 bytes of zeros from a working CSPRNG: about 2^-136.
bool all_zero(const std::string& bytes) {
  return bytes.find_first_not_of('\0') == bytes.npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(random_ids)

BOOST_AUTO_TEST_CASE(draws_never_repeat_across_many_blocks) {
  // 17 does not divide the block, so draws straddle refills.
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string bytes = draw(17);
    BOOST_TEST(!all_zero(bytes));
    BOOST_TEST(seen.insert(bytes).second);
  }
}

BOOST_AUTO_TEST_CASE(a_draw_larger_than_a_block_is_filled) {
  const std::string big = draw(4096);
  // Each 16-byte slice is random: none zero, none repeated.
  std::set<std::string> slices;
  for (std::size_t at = 0; at < big.size(); at += 16) {
    const std::string slice = big.substr(at, 16);
    BOOST_TEST(!all_zero(slice));
    BOOST_TEST(slices.insert(slice).second);
  }
}

BOOST_AUTO_TEST_CASE(threads_draw_different_bytes) {
  std::array<std::string, 4> first;
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < first.size(); ++i) {
    threads.emplace_back([&first, i] {
      first[i].assign(32, '\0');
      auc::cards::random_bytes(reinterpret_cast<unsigned char*>(first[i].data()), 32);
    });
  }
  for (auto& t : threads) t.join();
  const std::set<std::string> distinct(first.begin(), first.end());
  BOOST_TEST(distinct.size() == first.size());
  for (const auto& bytes : first) BOOST_TEST(!all_zero(bytes));
}

BOOST_AUTO_TEST_CASE(card_uuids_are_version_4_and_unique) {
  auc::cards::RandomUuidSource uuids;
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) {
    const std::string id = uuids.next();
    BOOST_REQUIRE_EQUAL(id.size(), 36u);
    BOOST_TEST(id[14] == '4');
    BOOST_TEST(std::string("89ab").find(id[19]) != std::string::npos);
    BOOST_TEST(seen.insert(id).second);
  }
}

BOOST_AUTO_TEST_SUITE_END()
