// Every rule of CDS Hooks JWT validation, one broken at a time, with keys made for this run.
#include "hooks/auth/jwt_authenticator.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <set>
#include <thread>

#include "fhir/checked_json.h"
#include "tests/auth/auth_fixture.h"

using auc::hooks::JwsAlgorithm;
using auc::test::AuthFixture;
using auc::test::json_quote;

BOOST_AUTO_TEST_SUITE(jwt_authenticator)

BOOST_AUTO_TEST_CASE(accepts_valid_es384_and_rs384_tokens) {
  AuthFixture f;
  const auto es = f.check(f.es_token(f.es_parts()));
  BOOST_TEST_REQUIRE(es.has_value());
  BOOST_TEST(es->issuer == AuthFixture::kIssuer);
  BOOST_TEST(es->tenant.empty());
  BOOST_TEST(f.outcome(f.rs_token(f.rs_parts())) == "accepted");
}

BOOST_AUTO_TEST_CASE(accepts_audience_arrays_allowlisted_jku_and_any_scheme_case) {
  AuthFixture f;
  auto p = f.es_parts();
  p.claims["aud"] = "[\"https://other.example\"," + json_quote(AuthFixture::kAudience) + "]";
  BOOST_TEST(f.outcome(f.es_token(p)) == "accepted");
  p = f.es_parts();
  p.header["jku"] = json_quote(AuthFixture::kJku);
  BOOST_TEST(f.outcome(f.es_token(p)) == "accepted");
  const auto lower =
      f.auth->authenticate("bearer " + f.es_token(f.es_parts()), AuthFixture::kAudience);
  BOOST_TEST(lower.has_value());
}

BOOST_AUTO_TEST_CASE(refuses_missing_or_non_bearer_credentials) {
  AuthFixture f;
  BOOST_TEST(auth_failure_category(f.auth->authenticate("", AuthFixture::kAudience).error()) ==
             "missing_token");
  BOOST_TEST(auth_failure_category(
                 f.auth->authenticate("Basic dXNlcjpwYXNz", AuthFixture::kAudience).error()) ==
             "missing_token");
  BOOST_TEST(
      auth_failure_category(f.auth->authenticate("Bearer ", AuthFixture::kAudience).error()) ==
      "missing_token");
}

BOOST_AUTO_TEST_CASE(refuses_algorithms_outside_the_allowlist) {
  AuthFixture f;
  auto p = f.es_parts();
  p.header["alg"] = json_quote("ES256");  // valid P-256 signature, but ES256 is not configured
  p.header["kid"] = json_quote("es256-1");
  BOOST_TEST(f.outcome(auc::test::sign_token(p, JwsAlgorithm::kES256, f.es256.get())) ==
             "algorithm");
  p = f.es_parts();
  p.header["alg"] = json_quote("PS384");
  BOOST_TEST(f.outcome(f.es_token(p)) == "algorithm");
  p = f.es_parts();
  p.header.erase("alg");
  BOOST_TEST(f.outcome(f.es_token(p)) == "algorithm");
  // RS384 named in the header but the kid is an EC key: refused, never "verified" somehow.
  p = f.es_parts();
  p.header["alg"] = json_quote("RS384");
  BOOST_TEST(f.outcome(f.rs_token(p)) == "algorithm");
}

BOOST_AUTO_TEST_CASE(es256_is_accepted_only_when_configured) {
  AuthFixture f;
  f.config.algorithms = {"ES384", "RS384", "ES256"};
  f.rebuild();
  auto p = auc::test::valid_parts("ES256", "es256-1", AuthFixture::kIssuer, AuthFixture::kAudience,
                                  f.now, "es256-jti");
  BOOST_TEST(f.outcome(auc::test::sign_token(p, JwsAlgorithm::kES256, f.es256.get())) ==
             "accepted");
}

BOOST_AUTO_TEST_CASE(refuses_alg_none) {
  AuthFixture f;
  for (const char* none : {"none", "None", "NONE"}) {
    auto p = f.es_parts();
    p.header["alg"] = json_quote(none);
    BOOST_TEST(f.outcome(auc::test::unsigned_token(p)) == "algorithm");
  }
}

BOOST_AUTO_TEST_CASE(refuses_hmac_signed_with_the_public_key) {
  AuthFixture f;
  auto p = f.es_parts();
  p.header["alg"] = json_quote("HS384");
  // The forgery an implementation falls for if it lets the token pick the algorithm.
  BOOST_TEST(f.outcome(auc::test::hmac_token(p, auc::test::public_key_pem(f.es384.get()))) ==
             "algorithm");
  p.header["kid"] = json_quote("rs-1");
  BOOST_TEST(f.outcome(auc::test::hmac_token(p, auc::test::public_key_pem(f.rs384.get()))) ==
             "algorithm");
  BOOST_TEST(f.outcome(auc::test::hmac_token(
                 p, *auc::hooks::public_jwk_json(f.rs384.get(), "rs-1"))) == "algorithm");
}

BOOST_AUTO_TEST_CASE(refuses_bad_headers) {
  AuthFixture f;
  auto p = f.es_parts();
  p.header.erase("kid");
  BOOST_TEST(f.outcome(f.es_token(p)) == "header");
  p = f.es_parts();
  p.header["kid"] = json_quote("");
  BOOST_TEST(f.outcome(f.es_token(p)) == "header");
  p = f.es_parts();
  p.header.erase("typ");
  BOOST_TEST(f.outcome(f.es_token(p)) == "header");
  p = f.es_parts();
  p.header["typ"] = json_quote("at+jwt");
  BOOST_TEST(f.outcome(f.es_token(p)) == "header");
  p = f.es_parts();
  p.header["crit"] = "[\"exp\"]";
  BOOST_TEST(f.outcome(f.es_token(p)) == "header");
}

BOOST_AUTO_TEST_CASE(refuses_unknown_kid_and_foreign_signatures) {
  AuthFixture f;
  auto p = f.es_parts();
  p.header["kid"] = json_quote("rotated-away");
  BOOST_TEST(f.outcome(f.es_token(p)) == "unknown_key");
  // Right kid, but signed by an attacker's key.
  auto attacker = auc::test::make_ec_key("P-384");
  BOOST_TEST(f.outcome(auc::test::sign_token(f.es_parts(), JwsAlgorithm::kES384, attacker.get())) ==
             "bad_signature");
}

BOOST_AUTO_TEST_CASE(refuses_untrusted_issuer_and_jku) {
  AuthFixture f;
  auto p = f.es_parts();
  p.claims["iss"] = json_quote("https://evil.example.org/fhir");
  BOOST_TEST(f.outcome(f.es_token(p)) == "untrusted_issuer");
  p = f.es_parts();
  p.claims["iss"] = json_quote("https://ehr.example.org/fhir/");  // trailing slash: another issuer
  BOOST_TEST(f.outcome(f.es_token(p)) == "untrusted_issuer");
  p = f.es_parts();
  p.claims.erase("iss");
  BOOST_TEST(f.outcome(f.es_token(p)) == "untrusted_issuer");
  p = f.es_parts();
  p.header["jku"] = json_quote("https://evil.example.org/jwks.json");
  BOOST_TEST(f.outcome(f.es_token(p)) == "untrusted_key_url");
  p.header["jku"] = "42";
  BOOST_TEST(f.outcome(f.es_token(p)) == "untrusted_key_url");
}

BOOST_AUTO_TEST_CASE(audience_must_be_the_called_url) {
  AuthFixture f;
  BOOST_TEST(f.outcome(f.es_token(f.es_parts()), "https://cds.example.org/cds-services/other") ==
             "audience");
  auto p = f.es_parts();
  p.claims["aud"] = json_quote(std::string(AuthFixture::kAudience) + "/");
  BOOST_TEST(f.outcome(f.es_token(p)) == "audience");
  p = f.es_parts();
  p.claims["aud"] = "[\"https://cds.example.org\"]";
  BOOST_TEST(f.outcome(f.es_token(p)) == "audience");
  p = f.es_parts();
  p.claims.erase("aud");
  BOOST_TEST(f.outcome(f.es_token(p)) == "audience");
}

BOOST_AUTO_TEST_CASE(expiry_with_clock_skew) {
  AuthFixture f;
  auto p = f.es_parts();
  p.claims["iat"] = std::to_string(f.now - 400);
  p.claims["exp"] = std::to_string(f.now - 61);
  BOOST_TEST(f.outcome(f.es_token(p)) == "expired");
  p = f.es_parts();
  p.claims["iat"] = std::to_string(f.now - 300);
  p.claims["exp"] = std::to_string(f.now - 59);  // within the default 60 s skew
  BOOST_TEST(f.outcome(f.es_token(p)) == "accepted");
  p = f.es_parts();
  p.claims.erase("exp");
  BOOST_TEST(f.outcome(f.es_token(p)) == "expired");
  p = f.es_parts();
  p.claims["exp"] = json_quote(std::to_string(f.now + 100));  // a string is not a NumericDate
  BOOST_TEST(f.outcome(f.es_token(p)) == "expired");
}

BOOST_AUTO_TEST_CASE(issued_in_the_future_or_living_too_long) {
  AuthFixture f;
  auto p = f.es_parts();
  p.claims["iat"] = std::to_string(f.now + 120);
  p.claims["exp"] = std::to_string(f.now + 400);
  BOOST_TEST(f.outcome(f.es_token(p)) == "not_yet_valid");
  p = f.es_parts();
  p.claims["iat"] = std::to_string(f.now + 30);  // within skew
  BOOST_TEST(f.outcome(f.es_token(p)) == "accepted");
  p = f.es_parts();
  p.claims["exp"] = std::to_string(f.now + 7200);  // exp - iat above --jwt-max-lifetime 3600
  BOOST_TEST(f.outcome(f.es_token(p)) == "not_yet_valid");
  p = f.es_parts();
  p.claims.erase("iat");
  BOOST_TEST(f.outcome(f.es_token(p)) == "not_yet_valid");
  p = f.es_parts();
  p.claims["nbf"] = std::to_string(f.now + 200);
  BOOST_TEST(f.outcome(f.es_token(p)) == "not_yet_valid");
}

BOOST_AUTO_TEST_CASE(refuses_replayed_jti) {
  AuthFixture f;
  const std::string token = f.es_token(f.es_parts());
  BOOST_TEST(f.outcome(token) == "accepted");
  BOOST_TEST(f.outcome(token) == "replayed");
  f.now += 30;
  BOOST_TEST(f.outcome(token) == "replayed");
  auto p = f.es_parts();
  p.claims.erase("jti");
  BOOST_TEST(f.outcome(f.es_token(p)) == "malformed_token");
}

BOOST_AUTO_TEST_CASE(refuses_tampered_truncated_and_garbage_tokens) {
  AuthFixture f;
  auto p = f.es_parts();
  const std::string token = f.es_token(p);
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);
  // Tampered payload: same header and signature, claims naming another audience.
  p.claims["aud"] = json_quote("https://cds.example.org/cds-services/other");
  const std::string other_payload = auc::hooks::base64url_encode(auc::test::to_json(p.claims));
  const std::string tampered = token.substr(0, dot1 + 1) + other_payload + token.substr(dot2);
  BOOST_TEST(f.outcome(tampered, "https://cds.example.org/cds-services/other") == "bad_signature");
  BOOST_TEST(f.outcome(token.substr(0, token.size() - 4)) == "bad_signature");
  BOOST_TEST(f.outcome(token.substr(0, dot2)) == "malformed_token");
  BOOST_TEST(f.outcome(token.substr(0, dot1 + 10)) == "malformed_token");
  BOOST_TEST(f.outcome("!!!.@@@.###") == "malformed_token");
  BOOST_TEST(f.outcome("a.b.c.d") == "malformed_token");
  BOOST_TEST(f.outcome(auc::hooks::base64url_encode("[1,2]") + ".e30.AAAA") == "malformed_token");
  BOOST_TEST(f.outcome(token + "=") == "malformed_token");
  BOOST_TEST(f.outcome(token) == "accepted");  // the genuine one still works
}

BOOST_AUTO_TEST_CASE(refuses_huge_tokens_before_decoding) {
  AuthFixture f;
  auto p = f.es_parts();
  p.claims["pad"] = json_quote(std::string(4500, 'x'));  // about 6.4 KiB encoded: still fine
  BOOST_TEST(f.outcome(f.es_token(p)) == "accepted");
  p = f.es_parts();
  p.claims["pad"] = json_quote(std::string(6000, 'x'));  // a little over the cap once encoded
  BOOST_TEST(f.outcome(f.es_token(p)) == "malformed_token");
  BOOST_TEST(f.outcome(std::string(auc::hooks::kMaxAuthorizationBytes, 'A')) == "malformed_token");
}

BOOST_AUTO_TEST_CASE(refuses_duplicate_claims_and_deep_nesting) {
  AuthFixture f;
  // Two "aud" members: parsers disagree on which wins, so neither does.
  const std::string header = auc::test::to_json(f.es_parts().header);
  const std::string claims = auc::test::to_json(f.es_parts().claims);
  const std::string dup = claims.substr(0, claims.size() - 1) + ",\"aud\":\"https://evil\"}";
  auto signed_dup = auc::hooks::sign_compact_jwt(header, dup, JwsAlgorithm::kES384, f.es384.get());
  BOOST_TEST(f.outcome(*signed_dup) == "malformed_token");
  // Nesting is bounded like every JSON the service reads (fhir::kMaxJsonDepth levels).
  const auto nested = [](std::size_t levels) {
    return std::string(levels, '[') + std::string(levels, ']');
  };
  auto p = f.es_parts();
  p.claims["x"] = nested(auc::fhir::kMaxJsonDepth - 1);  // the claims object is the first level
  BOOST_TEST(f.outcome(f.es_token(p)) == "accepted");
  p.claims["x"] = nested(auc::fhir::kMaxJsonDepth);
  BOOST_TEST(f.outcome(f.es_token(p)) == "malformed_token");
}

BOOST_AUTO_TEST_CASE(tenant_allowlist) {
  AuthFixture f(R"("tenants":["tenant-a"],)");
  auto p = f.es_parts();
  p.claims["tenant"] = json_quote("tenant-a");
  const auto ok = f.check(f.es_token(p));
  BOOST_TEST_REQUIRE(ok.has_value());
  BOOST_TEST(ok->tenant == "tenant-a");
  p = f.es_parts();
  p.claims["tenant"] = json_quote("tenant-b");
  BOOST_TEST(f.outcome(f.es_token(p)) == "untrusted_issuer");
  BOOST_TEST(f.outcome(f.es_token(f.es_parts())) == "untrusted_issuer");  // no tenant at all
}

BOOST_AUTO_TEST_CASE(factory_refuses_weak_or_incomplete_configuration) {
  AuthFixture f;
  auto cfg = f.config;
  cfg.algorithms = {"ES384", "HS384"};
  auto r = auc::hooks::make_jwt_authenticator(cfg, [] { return std::int64_t{0}; });
  BOOST_TEST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().find("HS384") != std::string::npos);
  cfg = f.config;
  cfg.algorithms = {"none"};
  BOOST_TEST(!auc::hooks::make_jwt_authenticator(cfg, [] { return std::int64_t{0}; }).has_value());
  cfg = f.config;
  cfg.trust.clear();
  r = auc::hooks::make_jwt_authenticator(cfg, [] { return std::int64_t{0}; });
  BOOST_TEST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().find("--trust") != std::string::npos);
  cfg = f.config;
  cfg.trust = {f.dir.file("missing.json")};
  r = auc::hooks::make_jwt_authenticator(cfg, [] { return std::int64_t{0}; });
  BOOST_TEST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().find("missing.json") != std::string::npos);
  cfg = f.config;
  cfg.replay_cache_entries = 0;
  BOOST_TEST(!auc::hooks::make_jwt_authenticator(cfg, [] { return std::int64_t{0}; }).has_value());
}

BOOST_AUTO_TEST_CASE(concurrent_callers_each_get_their_own_answer) {
  AuthFixture f;
  // Tokens made up front: one valid and one replay of it per slot, checked from four threads.
  std::vector<std::string> tokens;
  for (int i = 0; i < 50; ++i) tokens.push_back(f.es_token(f.es_parts()));
  std::atomic<int> accepted{0}, replayed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (const auto& token : tokens) {
        const auto r = f.check(token);
        if (r) {
          ++accepted;
        } else if (r.error() == auc::hooks::AuthFailure::kReplayed) {
          ++replayed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(accepted.load() == 50);  // each token exactly once, whichever thread won
  BOOST_TEST(replayed.load() == 150);
}

BOOST_AUTO_TEST_CASE(categories_are_distinct_snake_case) {
  std::set<std::string_view> seen;
  for (int i = 0; i <= static_cast<int>(auc::hooks::AuthFailure::kKeysUnavailable); ++i) {
    const auto name = auth_failure_category(static_cast<auc::hooks::AuthFailure>(i));
    BOOST_TEST(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos);
    BOOST_TEST(seen.insert(name).second, name);
  }
}

BOOST_AUTO_TEST_SUITE_END()
