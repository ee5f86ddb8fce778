// A token made the way the CDS Hooks Sandbox makes them (ES384 with its public test key, its
// kid, iss and jku, aud = the service URL) passes only when the sandbox trust file is named.
#include <boost/test/unit_test.hpp>

#include "hooks/auth/dev_token.h"
#include "hooks/auth/jwt_authenticator.h"
#include "hooks/auth/private_key_file.h"
#include "tests/auth/test_tokens.h"
#include "tests/support/server_process.h"

namespace {

constexpr const char* kSandboxTrust = AUC_SOURCE_DIR "/certs/trust/cds-hooks-sandbox.json";
constexpr const char* kAudience = "https://cds.example.org/cds-services/vcf-imaging";

std::string sandbox_like_token(std::int64_t now) {
  auto key = auc::hooks::load_private_key_pem(AUC_FIXTURES_DIR
                                              "/auth/sandbox.cds-hooks.org.PUBLIC-TEST-KEY.pem");
  BOOST_TEST_REQUIRE(key.has_value(), (key ? "" : key.error()));
  auc::hooks::DevTokenRequest req;
  req.kid = "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f";
  req.issuer = "https://sandbox.cds-hooks.org";
  req.jku = "https://sandbox.cds-hooks.org/.well-known/jwks.json";
  req.audience = kAudience;
  req.ttl_seconds = 300;  // the sandbox's exp = iat + 300
  auto token = auc::hooks::mint_dev_token(req, key->get(), now);
  BOOST_TEST_REQUIRE(token.has_value());
  return *token;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sandbox_trust)

BOOST_AUTO_TEST_CASE(accepted_when_the_sandbox_trust_file_is_named) {
  const std::int64_t now = 1'750'000'000;
  auc::hooks::JwtConfig config;
  config.trust = {kSandboxTrust};
  auto auth = auc::hooks::make_jwt_authenticator(config, [now] { return now; });
  BOOST_TEST_REQUIRE(auth.has_value(), (auth ? "" : auth.error()));
  const auto who = (*auth)->authenticate("Bearer " + sandbox_like_token(now), kAudience);
  BOOST_TEST_REQUIRE(who.has_value(), (who ? "" : auth_failure_category(who.error())));
  BOOST_TEST(who->issuer == "https://sandbox.cds-hooks.org");
}

BOOST_AUTO_TEST_CASE(refused_when_only_another_issuer_is_trusted) {
  const std::int64_t now = 1'750'000'000;
  auc::test::TempDir dir;
  auto other = auc::test::make_ec_key("P-384");
  auc::test::write_file(dir.file("ehr.json"), "{\"issuer\":\"https://ehr.example.org\",\"jwks\":" +
                                                  auc::test::jwks_json({{"k", other.get()}}) + "}");
  auc::hooks::JwtConfig config;
  config.trust = {dir.file("ehr.json")};
  auto auth = auc::hooks::make_jwt_authenticator(config, [now] { return now; });
  BOOST_TEST_REQUIRE(auth.has_value());
  const auto who = (*auth)->authenticate("Bearer " + sandbox_like_token(now), kAudience);
  BOOST_TEST_REQUIRE(!who.has_value());
  BOOST_TEST(auth_failure_category(who.error()) == "untrusted_issuer");
}

BOOST_AUTO_TEST_CASE(the_trust_directory_does_not_enable_it_implicitly) {
  auc::hooks::JwtConfig config;
  config.trust = {AUC_SOURCE_DIR "/certs/trust"};
  const auto auth = auc::hooks::make_jwt_authenticator(config, [] { return std::int64_t{0}; });
  BOOST_TEST_REQUIRE(!auth.has_value());
  BOOST_TEST(auth.error().find("load_only_when_named") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
