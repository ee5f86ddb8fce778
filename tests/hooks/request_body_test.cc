// The request-body plumbing: pooled buffers (reuse, bounds) and in-place JSON parsing.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "hooks/http/buffer_pool.h"
#include "hooks/services/json_body.h"

using namespace auc::hooks;

BOOST_AUTO_TEST_SUITE(buffer_pool)

BOOST_AUTO_TEST_CASE(a_returned_buffer_is_reused_with_its_capacity) {
  BufferPool pool({.max_idle = 4, .max_kept_capacity = 1 << 20});
  const char* first_storage = nullptr;
  {
    auto lease = pool.acquire();
    lease.buffer().assign(100'000, 'x');
    first_storage = lease.buffer().data();
  }
  BOOST_TEST(pool.idle() == 1u);
  auto again = pool.acquire();
  BOOST_TEST(pool.idle() == 0u);
  BOOST_TEST(again.buffer().capacity() >= 100'000u);
  BOOST_TEST(static_cast<const void*>(again.buffer().data()) ==
             static_cast<const void*>(first_storage));
}

BOOST_AUTO_TEST_CASE(buffers_over_the_capacity_bound_are_freed_not_kept) {
  BufferPool pool({.max_idle = 4, .max_kept_capacity = 4096});
  {
    auto big = pool.acquire();
    big.buffer().assign(10'000, 'x');
    auto small = pool.acquire();
    small.buffer().assign(100, 'y');
  }
  BOOST_TEST(pool.idle() == 1u);
  BOOST_TEST(pool.acquire().buffer().capacity() <= 4096u);
}

BOOST_AUTO_TEST_CASE(at_most_max_idle_buffers_are_kept) {
  BufferPool pool({.max_idle = 3, .max_kept_capacity = 1 << 20});
  {
    std::vector<BufferPool::Lease> leases;
    for (int i = 0; i < 10; ++i) leases.push_back(pool.acquire());
  }
  BOOST_TEST(pool.idle() == 3u);
}

BOOST_AUTO_TEST_CASE(a_moved_lease_returns_its_buffer_once) {
  BufferPool pool({.max_idle = 4, .max_kept_capacity = 1 << 20});
  {
    auto a = pool.acquire();
    a.buffer() = "payload";
    BufferPool::Lease b(std::move(a));
    BOOST_TEST(b.buffer() == "payload");
  }
  BOOST_TEST(pool.idle() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json_body)

BOOST_AUTO_TEST_CASE(parses_in_place_with_escapes_decoded) {
  std::string text = R"({"a":"x\"y\u00e9\/z","n":[1,2.5,true,null],"o":{"k":"v"}})";
  JsonBody body;
  BOOST_TEST_REQUIRE(!body.parse(text));
  const auto& doc = body.doc();
  BOOST_TEST(std::string(doc["a"].GetString(), doc["a"].GetStringLength()) == "x\"y\xc3\xa9/z");
  // In place: the decoded string lives inside the request's own buffer.
  BOOST_TEST(
      (doc["a"].GetString() >= text.data() && doc["a"].GetString() < text.data() + text.size()));
  BOOST_TEST(doc["n"].Size() == 4u);
  BOOST_TEST(doc["n"][1].GetDouble() == 2.5);
  BOOST_TEST(std::string(doc["o"]["k"].GetString()) == "v");
}

BOOST_AUTO_TEST_CASE(a_string_with_an_escaped_nul_keeps_its_length) {
  std::string text = R"({"a":"x\u0000y"})";
  JsonBody body;
  BOOST_TEST_REQUIRE(!body.parse(text));
  BOOST_TEST(body.doc()["a"].GetStringLength() == 3u);
}

BOOST_AUTO_TEST_CASE(a_raw_nul_byte_is_refused_with_its_offset) {
  // The in-place parser would stop at the NUL and accept {"a":1}.
  std::string text = std::string(R"({"a":1})") + '\0' + "garbage";
  JsonBody body;
  const auto problem = body.parse(text);
  BOOST_TEST_REQUIRE(problem.has_value());
  const std::string& error = problem->message;
  BOOST_TEST(error.find("byte 7") != std::string::npos, error);
  BOOST_TEST(error.find("NUL") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(malformed_json_names_the_byte_and_the_problem) {
  std::string text = R"({"a":1 "b":2})";
  JsonBody body;
  const auto problem = body.parse(text);
  BOOST_TEST_REQUIRE(problem.has_value());
  const std::string& error = problem->message;
  BOOST_TEST(error.find("malformed JSON at byte 7") != std::string::npos, error);
  BOOST_TEST(error.find("comma") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(empty_and_trailing_content_are_errors) {
  for (std::string text : {std::string(), std::string("{} {}"), std::string("  ")}) {
    JsonBody body;
    BOOST_TEST(body.parse(text).has_value(), "accepted '" << text << "'");
  }
}

BOOST_AUTO_TEST_CASE(a_body_larger_than_the_arena_parses_completely) {
  std::string text = "[";
  for (int i = 0; i < 40'000; ++i) text += (i ? ",{\"k\":" : "{\"k\":") + std::to_string(i) + "}";
  text += "]";
  JsonBody body;
  BOOST_TEST_REQUIRE(!body.parse(text));
  BOOST_TEST(body.doc().Size() == 40'000u);
  BOOST_TEST(body.doc()[39'999]["k"].GetInt() == 39'999);
}

BOOST_AUTO_TEST_SUITE_END()
