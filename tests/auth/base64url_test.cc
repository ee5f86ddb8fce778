#include "hooks/auth/base64url.h"

#include <boost/test/unit_test.hpp>

using auc::hooks::base64url_decode;
using auc::hooks::base64url_encode;

BOOST_AUTO_TEST_SUITE(base64url)

BOOST_AUTO_TEST_CASE(round_trips_every_length_without_padding) {
  std::string bytes;
  for (int n = 0; n < 40; ++n) {
    const std::string text = base64url_encode(bytes);
    BOOST_TEST(text.find('=') == std::string::npos);
    BOOST_TEST(text.find('+') == std::string::npos);
    BOOST_TEST(text.find('/') == std::string::npos);
    const auto back = base64url_decode(text);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(*back == bytes);
    bytes += static_cast<char>(0xF8 + n % 8);  // high bits exercise '-' and '_'
  }
}

BOOST_AUTO_TEST_CASE(matches_rfc4648_vectors) {
  BOOST_TEST(base64url_encode("foobar") == "Zm9vYmFy");
  BOOST_TEST(base64url_encode("fo") == "Zm8");
  BOOST_TEST(base64url_encode("\xfb\xff") == "-_8");
  BOOST_TEST(base64url_decode("-_8").value_or("") == "\xfb\xff");
}

BOOST_AUTO_TEST_CASE(rejects_padding_foreign_alphabet_and_impossible_lengths) {
  BOOST_TEST(!base64url_decode("Zm8=").has_value());
  BOOST_TEST(!base64url_decode("+/8").has_value());
  BOOST_TEST(!base64url_decode("Zm9v YmFy").has_value());
  BOOST_TEST(!base64url_decode("Zm9vY").has_value());  // 6 bits cannot end a byte
  BOOST_TEST(!base64url_decode(std::string("Zm\0v", 4)).has_value());
}

BOOST_AUTO_TEST_CASE(rejects_non_canonical_trailing_bits) {
  // "Zm8" encodes "fo"; "Zm9" has the same two bytes plus stray low bits.
  BOOST_TEST(base64url_decode("Zm8").has_value());
  BOOST_TEST(!base64url_decode("Zm9").has_value());
  BOOST_TEST(!base64url_decode("-_9").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
