// A JwtAuthenticator over a temporary trust file with freshly generated ES384 and RS384 keys and
// a clock the test controls.
#pragma once

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "hooks/auth/jwt_authenticator.h"
#include "tests/auth/test_tokens.h"
#include "tests/support/server_process.h"

namespace auc::test {

struct AuthFixture {
  static constexpr const char* kIssuer = "https://ehr.example.org/fhir";
  static constexpr const char* kAudience = "https://cds.example.org/cds-services/vcf-imaging";
  static constexpr const char* kJku = "https://ehr.example.org/jwks.json";

  TempDir dir;
  hooks::PkeyPtr es384 = make_ec_key("P-384");
  hooks::PkeyPtr rs384 = shared_rsa_key(2048);
  hooks::PkeyPtr es256 = make_ec_key("P-256");
  std::int64_t now = 1'700'000'000;
  hooks::JwtConfig config;
  std::unique_ptr<hooks::Authenticator> auth;
  int jti_counter = 0;

  // `extra` is spliced into the trust file object (e.g. R"("tenants":["t1"],)").
  explicit AuthFixture(const std::string& extra = "") {
    const std::string trust = dir.file("ehr.json");
    write_file(
        trust,
        "{" + extra + "\"issuer\":" + json_quote(kIssuer) + ",\"allowed_jku\":[" +
            json_quote(kJku) + "],\"jwks\":" +
            jwks_json({{"es-1", es384.get()}, {"rs-1", rs384.get()}, {"es256-1", es256.get()}}) +
            "}");
    config.trust = {trust};
    rebuild();
  }

  void rebuild() {
    auto made = hooks::make_jwt_authenticator(config, [this] { return now; });
    BOOST_TEST_REQUIRE(made.has_value(), (made ? "" : made.error()));
    auth = std::move(*made);
  }

  std::string next_jti() { return "jti-" + std::to_string(++jti_counter); }
  TokenParts es_parts() {
    return valid_parts("ES384", "es-1", kIssuer, kAudience, now, next_jti());
  }
  TokenParts rs_parts() {
    return valid_parts("RS384", "rs-1", kIssuer, kAudience, now, next_jti());
  }
  std::string es_token(const TokenParts& p) {
    return sign_token(p, hooks::JwsAlgorithm::kES384, es384.get());
  }
  std::string rs_token(const TokenParts& p) {
    return sign_token(p, hooks::JwsAlgorithm::kRS384, rs384.get());
  }

  Expected<hooks::EhrIdentity, hooks::AuthFailure> check(const std::string& token,
                                                         const std::string& aud = kAudience) {
    return auth->authenticate("Bearer " + token, aud);
  }
  // The failure category, or "accepted".
  std::string outcome(const std::string& token, const std::string& aud = kAudience) {
    const auto r = check(token, aud);
    return r ? "accepted" : std::string(hooks::auth_failure_category(r.error()));
  }
};

}  // namespace auc::test
