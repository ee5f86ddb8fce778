// The CDS Hooks specification's own example token (ES384, expired in 2015) verifies with its
// JWKS when the clock is pinned before its expiry, and any single-character change breaks it.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/test/unit_test.hpp>

#include "hooks/auth/jwt_authenticator.h"
#include "tests/auth/test_tokens.h"
#include "tests/support/server_process.h"

namespace {

struct SpecExample {
  std::string token;
  std::string audience;
  std::int64_t exp = 0;
  auc::test::TempDir dir;
  std::string trust_file;

  SpecExample() {
    rapidjson::Document doc;
    const std::string text = auc::test::read_file(AUC_FIXTURES_DIR "/auth/spec-example-jwt.json");
    doc.Parse(text.c_str());
    BOOST_TEST_REQUIRE((!doc.HasParseError() && doc.IsObject()));
    token = doc["token"].GetString();
    audience = doc["payload"]["aud"].GetString();
    exp = doc["payload"]["exp"].GetInt64();
    rapidjson::StringBuffer jwks;
    rapidjson::Writer<rapidjson::StringBuffer> w(jwks);
    doc["jwks"].Accept(w);
    trust_file = dir.file("spec.json");
    auc::test::write_file(trust_file, std::string("{\"issuer\":") +
                                          auc::test::json_quote(doc["payload"]["iss"].GetString()) +
                                          ",\"allowed_jku\":[" +
                                          auc::test::json_quote(doc["header"]["jku"].GetString()) +
                                          "],\"jwks\":" + jwks.GetString() + "}");
  }

  std::unique_ptr<auc::hooks::Authenticator> authenticator(std::int64_t now) const {
    auc::hooks::JwtConfig config;
    config.trust = {trust_file};
    config.max_lifetime_seconds = 200'000'000;  // the example lives from 2011 to 2015
    auto made = auc::hooks::make_jwt_authenticator(config, [now] { return now; });
    BOOST_TEST_REQUIRE(made.has_value(), (made ? "" : made.error()));
    return std::move(*made);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(spec_example)

BOOST_AUTO_TEST_CASE(verifies_before_expiry_with_its_jwks) {
  SpecExample ex;
  auto auth = ex.authenticator(ex.exp - 3600);
  const auto who = auth->authenticate("Bearer " + ex.token, ex.audience);
  BOOST_TEST_REQUIRE(who.has_value(), (who ? "" : auth_failure_category(who.error())));
  BOOST_TEST(who->issuer == "https://fhir-ehr.example.com/");
  BOOST_TEST(who->tenant == "2ddd6c3a-8e9a-44c6-a305-52111ad302a2");
}

BOOST_AUTO_TEST_CASE(is_expired_with_the_real_clock_and_after_exp) {
  SpecExample ex;
  const auto late = ex.authenticator(ex.exp + 61)->authenticate("Bearer " + ex.token, ex.audience);
  BOOST_TEST_REQUIRE(!late.has_value());
  BOOST_TEST(auth_failure_category(late.error()) == "expired");
}

BOOST_AUTO_TEST_CASE(fails_after_changing_any_single_character) {
  SpecExample ex;
  auto auth = ex.authenticator(ex.exp - 3600);
  BOOST_TEST_REQUIRE(auth->authenticate("Bearer " + ex.token, ex.audience).has_value());
  // The genuine token is now in the replay cache, so a change that still verified would show
  // up as "replayed": each mutation must fail for a reason of its own.
  int failures = 0;
  for (std::size_t i = 0; i < ex.token.size(); ++i) {
    std::string mutated = ex.token;
    const char c = mutated[i];
    mutated[i] = c == '.' ? 'A' : (c == 'A' ? 'B' : 'A');
    const auto r = auth->authenticate("Bearer " + mutated, ex.audience);
    BOOST_TEST_REQUIRE(!r.has_value(), "accepted with position " << i << " changed");
    BOOST_TEST(auth_failure_category(r.error()) != "replayed", "position " << i);
    ++failures;
  }
  BOOST_TEST(failures == static_cast<int>(ex.token.size()));
}

BOOST_AUTO_TEST_SUITE_END()
