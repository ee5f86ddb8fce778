#include "hooks/auth/json_web_key.h"

#include <boost/test/unit_test.hpp>

#include "hooks/auth/jws_signature.h"
#include "tests/auth/test_tokens.h"

using auc::hooks::parse_jwks;

BOOST_AUTO_TEST_SUITE(json_web_key)

BOOST_AUTO_TEST_CASE(imports_ec_and_rsa_keys_that_verify_their_signatures) {
  auto ec = auc::test::make_ec_key("P-384");
  auto rsa = auc::test::shared_rsa_key(2048);
  const auto jwks = parse_jwks(auc::test::jwks_json({{"ec-1", ec.get()}, {"rsa-1", rsa.get()}}));
  BOOST_TEST_REQUIRE(jwks.has_value(), (jwks ? "" : jwks.error()));
  BOOST_TEST(jwks->size() == 2u);
  using auc::hooks::JwsAlgorithm;
  const auto es = auc::hooks::jws_sign(JwsAlgorithm::kES384, ec.get(), "data");
  const auto rs = auc::hooks::jws_sign(JwsAlgorithm::kRS384, rsa.get(), "data");
  BOOST_TEST(auc::hooks::jws_verify(JwsAlgorithm::kES384, jwks->at("ec-1").key.get(), "data", *es));
  BOOST_TEST(
      auc::hooks::jws_verify(JwsAlgorithm::kRS384, jwks->at("rsa-1").key.get(), "data", *rs));
  BOOST_TEST(
      !auc::hooks::jws_verify(JwsAlgorithm::kRS384, jwks->at("ec-1").key.get(), "data", *rs));
}

BOOST_AUTO_TEST_CASE(reads_the_sandbox_jwks) {
  const auto jwks = parse_jwks(R"({"keys":[{"kty":"EC","use":"sig","crv":"P-384",
      "kid":"44823f3d-0b01-4a6c-a80e-b9d3e8a7226f",
      "x":"dw_JGR8nB2I6XveNxUOl2qk699ZPLM2nYI5STSdiEl9avAkrm3CkfYMbrrjr8laB",
      "y":"Sm3mLE-n1zYNla_aiE3cb3nZsL51RbC7ysw3q8aJLxGm-hx79RPMYpITDjp7kgzy","alg":"ES384"}]})");
  BOOST_TEST_REQUIRE(jwks.has_value());
  BOOST_TEST(jwks->count("44823f3d-0b01-4a6c-a80e-b9d3e8a7226f") == 1u);
  BOOST_TEST((jwks->begin()->second.alg == auc::hooks::JwsAlgorithm::kES384));
}

BOOST_AUTO_TEST_CASE(refuses_points_off_the_curve) {
  // The sandbox key with one coordinate changed: no longer a P-384 point.
  const auto jwks = parse_jwks(R"({"keys":[{"kty":"EC","crv":"P-384","kid":"k",
      "x":"dw_JGR8nB2I6XveNxUOl2qk699ZPLM2nYI5STSdiEl9avAkrm3CkfYMbrrjr8laB",
      "y":"Sm3mLE-n1zYNla_aiE3cb3nZsL51RbC7ysw3q8aJLxGm-hx79RPMYpITDjp7kgzz"}]})");
  BOOST_TEST(!jwks.has_value());
}

BOOST_AUTO_TEST_CASE(skips_unusable_entries_and_refuses_dangerous_sets) {
  auto ec = auc::test::make_ec_key("P-384");
  const std::string good = *auc::hooks::public_jwk_json(ec.get(), "good");
  // Symmetric, encryption-only, kid-less and none-pinned keys are skipped.
  const auto mixed =
      parse_jwks(R"({"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0"},)" + good + "]}");
  BOOST_TEST(!mixed.has_value());  // "k" is secret material: refused outright
  std::string enc = good;
  enc.replace(enc.find("\"use\":\"sig\""), 11, "\"use\":\"enc\"");
  BOOST_TEST(!parse_jwks("{\"keys\":[" + enc + "]}").has_value());  // nothing usable left
  const auto two = parse_jwks("{\"keys\":[" + enc + "," + good + "]}");
  BOOST_TEST_REQUIRE(two.has_value());
  BOOST_TEST(two->size() == 1u);
  BOOST_TEST(!parse_jwks("{\"keys\":[" + good + "," + good + "]}").has_value());  // duplicate kid
  std::string with_d = good;
  with_d.insert(1, R"("d":"AAAA",)");
  BOOST_TEST(!parse_jwks("{\"keys\":[" + with_d + "]}").has_value());
  BOOST_TEST(!parse_jwks(R"({"keys":{}})").has_value());
  BOOST_TEST(!parse_jwks("not json").has_value());
  BOOST_TEST(!parse_jwks(R"({"keys":[],"keys":[]})").has_value());
}

BOOST_AUTO_TEST_CASE(refuses_short_rsa_keys) {
  auto small = auc::test::shared_rsa_key(1024);
  BOOST_TEST(!parse_jwks(auc::test::jwks_json({{"small", small.get()}})).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
