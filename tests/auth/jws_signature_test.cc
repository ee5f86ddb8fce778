#include "hooks/auth/jws_signature.h"

#include <boost/test/unit_test.hpp>

#include "tests/auth/test_tokens.h"

namespace {

using auc::hooks::jws_sign;
using auc::hooks::jws_verify;
using auc::hooks::JwsAlgorithm;
using auc::hooks::key_fits_algorithm;

constexpr std::string_view kInput = "eyJhbGciOiJFUzM4NCJ9.eyJpc3MiOiJ4In0";

}  // namespace

BOOST_AUTO_TEST_SUITE(jws_signature)

BOOST_AUTO_TEST_CASE(ecdsa_signatures_are_raw_fixed_width_and_verify) {
  for (const auto& [curve, alg, width] : {std::tuple{"P-384", JwsAlgorithm::kES384, 96u},
                                          std::tuple{"P-256", JwsAlgorithm::kES256, 64u}}) {
    auto key = auc::test::make_ec_key(curve);
    BOOST_TEST_REQUIRE(key != nullptr);
    // Several signatures: DER length varies with leading zeros, raw width must not.
    for (int i = 0; i < 8; ++i) {
      const auto sig = jws_sign(alg, key.get(), kInput);
      BOOST_TEST_REQUIRE(sig.has_value());
      BOOST_TEST(sig->size() == width);
      BOOST_TEST(jws_verify(alg, key.get(), kInput, *sig));
      BOOST_TEST(!jws_verify(alg, key.get(), std::string(kInput) + "x", *sig));
    }
  }
}

BOOST_AUTO_TEST_CASE(ecdsa_rejects_der_encoded_and_wrong_width_signatures) {
  auto key = auc::test::make_ec_key("P-384");
  auto sig = jws_sign(JwsAlgorithm::kES384, key.get(), kInput);
  BOOST_TEST_REQUIRE(sig.has_value());
  BOOST_TEST(!jws_verify(JwsAlgorithm::kES384, key.get(), kInput, sig->substr(0, 95)));
  BOOST_TEST(!jws_verify(JwsAlgorithm::kES384, key.get(), kInput, *sig + '\0'));
  BOOST_TEST(!jws_verify(JwsAlgorithm::kES384, key.get(), kInput, std::string(96, '\0')));
  std::string flipped = *sig;
  flipped[50] = static_cast<char>(flipped[50] ^ 1);
  BOOST_TEST(!jws_verify(JwsAlgorithm::kES384, key.get(), kInput, flipped));
}

BOOST_AUTO_TEST_CASE(rsa_pkcs1_sha384_and_sha256) {
  auto key = auc::test::shared_rsa_key(2048);
  for (auto alg : {JwsAlgorithm::kRS384, JwsAlgorithm::kRS256}) {
    const auto sig = jws_sign(alg, key.get(), kInput);
    BOOST_TEST_REQUIRE(sig.has_value());
    BOOST_TEST(sig->size() == 256u);
    BOOST_TEST(jws_verify(alg, key.get(), kInput, *sig));
  }
  const auto sig384 = jws_sign(JwsAlgorithm::kRS384, key.get(), kInput);
  BOOST_TEST(!jws_verify(JwsAlgorithm::kRS256, key.get(), kInput, *sig384));
}

BOOST_AUTO_TEST_CASE(keys_must_fit_the_algorithm) {
  auto p384 = auc::test::make_ec_key("P-384");
  auto p256 = auc::test::make_ec_key("P-256");
  auto rsa = auc::test::shared_rsa_key(2048);
  auto small_rsa = auc::test::shared_rsa_key(1024);
  BOOST_TEST(key_fits_algorithm(p384.get(), JwsAlgorithm::kES384));
  BOOST_TEST(!key_fits_algorithm(p256.get(), JwsAlgorithm::kES384));
  BOOST_TEST(!key_fits_algorithm(p384.get(), JwsAlgorithm::kES256));
  BOOST_TEST(!key_fits_algorithm(rsa.get(), JwsAlgorithm::kES384));
  BOOST_TEST(!key_fits_algorithm(p384.get(), JwsAlgorithm::kRS384));
  BOOST_TEST(key_fits_algorithm(rsa.get(), JwsAlgorithm::kRS384));
  BOOST_TEST(!key_fits_algorithm(small_rsa.get(), JwsAlgorithm::kRS384));
  // An ES384 signature from a P-256 key is refused before any maths happens.
  BOOST_TEST(!jws_sign(JwsAlgorithm::kES384, p256.get(), kInput).has_value());
}

BOOST_AUTO_TEST_CASE(only_asymmetric_algorithms_parse) {
  using auc::hooks::parse_jws_algorithm;
  BOOST_TEST(parse_jws_algorithm("ES384").has_value());
  BOOST_TEST(parse_jws_algorithm("RS384").has_value());
  for (const char* bad :
       {"none", "None", "HS256", "HS384", "HS512", "PS384", "es384", "", "EdDSA"}) {
    BOOST_TEST(!parse_jws_algorithm(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
