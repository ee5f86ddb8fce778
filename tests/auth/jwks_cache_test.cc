// Remote JWKS: fetched on first use, cached for the TTL, refetched for an unseen kid (key
// rotation) but at most once per minimum interval, kept when a refresh fails.
#include "hooks/auth/jwks_cache.h"

#include <boost/test/unit_test.hpp>

#include "hooks/auth/jwt_authenticator.h"
#include "tests/auth/test_tokens.h"
#include "tests/support/server_process.h"

namespace {

using auc::hooks::KeyLookupError;
using auc::hooks::RemoteJwks;

struct FakeFetcher : auc::hooks::JwksFetcher {
  std::string body;
  bool fail = false;
  int calls = 0;
  std::string last_url;
  auc::Expected<std::string, std::string> fetch(const std::string& url,
                                                const std::string&) override {
    ++calls;
    last_url = url;
    if (fail) return auc::Unexpected(std::string("connection refused"));
    return body;
  }
};

struct CacheFixture {
  std::shared_ptr<FakeFetcher> fetcher = std::make_shared<FakeFetcher>();
  std::int64_t now = 1000;
  std::vector<std::string> warnings;
  auc::hooks::JwksCache cache{fetcher, [this] { return now; },
                              [this](std::string_view w) { warnings.emplace_back(w); }};
  RemoteJwks source{"https://ehr.example/jwks", "", 3600, 60};
  auc::hooks::PkeyPtr k1 = auc::test::make_ec_key("P-384");
  auc::hooks::PkeyPtr k2 = auc::test::make_ec_key("P-384");
};

}  // namespace

BOOST_AUTO_TEST_SUITE(jwks_cache)

BOOST_AUTO_TEST_CASE(fetches_once_and_serves_from_cache) {
  CacheFixture f;
  f.fetcher->body = auc::test::jwks_json({{"k1", f.k1.get()}});
  BOOST_TEST(f.cache.find(f.source, "k1").has_value());
  BOOST_TEST(f.cache.find(f.source, "k1").has_value());
  BOOST_TEST(f.fetcher->calls == 1);
  BOOST_TEST(f.fetcher->last_url == "https://ehr.example/jwks");
  f.now += 3600;  // TTL over
  BOOST_TEST(f.cache.find(f.source, "k1").has_value());
  BOOST_TEST(f.fetcher->calls == 2);
}

BOOST_AUTO_TEST_CASE(unknown_kids_refetch_at_most_once_per_interval) {
  CacheFixture f;
  f.fetcher->body = auc::test::jwks_json({{"k1", f.k1.get()}});
  BOOST_TEST(f.cache.find(f.source, "k1").has_value());
  // A flood of made-up kids costs the issuer at most one request per interval (here none:
  // the set was fetched a moment ago).
  for (int i = 0; i < 100; ++i) {
    const auto r = f.cache.find(f.source, "bogus-" + std::to_string(i));
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error() == KeyLookupError::kUnknownKey));
  }
  BOOST_TEST(f.fetcher->calls == 1);
  f.now += 61;
  for (int i = 0; i < 100; ++i) BOOST_TEST(!f.cache.find(f.source, "bogus").has_value());
  BOOST_TEST(f.fetcher->calls == 2);
  // The issuer rotates to k2; after the interval the new kid is found.
  f.fetcher->body = auc::test::jwks_json({{"k2", f.k2.get()}});
  f.now += 61;
  BOOST_TEST(f.cache.find(f.source, "k2").has_value());
  BOOST_TEST(f.fetcher->calls == 3);
}

BOOST_AUTO_TEST_CASE(keeps_old_keys_when_a_refresh_fails_and_reports_it) {
  CacheFixture f;
  f.fetcher->body = auc::test::jwks_json({{"k1", f.k1.get()}});
  BOOST_TEST(f.cache.find(f.source, "k1").has_value());
  f.fetcher->fail = true;
  f.now += 4000;
  BOOST_TEST(f.cache.find(f.source, "k1").has_value());
  BOOST_TEST_REQUIRE(f.warnings.size() == 1u);
  BOOST_TEST(f.warnings[0].find("connection refused") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unavailable_until_a_first_fetch_succeeds) {
  CacheFixture f;
  f.fetcher->fail = true;
  auto r = f.cache.find(f.source, "k1");
  BOOST_TEST_REQUIRE(!r.has_value());
  BOOST_TEST((r.error() == KeyLookupError::kUnavailable));
  r = f.cache.find(f.source, "k1");  // within the interval: no second request
  BOOST_TEST(f.fetcher->calls == 1);
  f.fetcher->fail = false;
  f.fetcher->body = "{\"keys\":[]}";  // a useless document is not cached either
  f.now += 61;
  BOOST_TEST(!f.cache.find(f.source, "k1").has_value());
  BOOST_TEST(f.warnings.size() == 2u);
}

BOOST_AUTO_TEST_CASE(authenticator_fetches_only_allowlisted_urls) {
  auc::test::TempDir dir;
  auto key = auc::test::make_ec_key("P-384");
  auto fetcher = std::make_shared<FakeFetcher>();
  fetcher->body = auc::test::jwks_json({{"k1", key.get()}});
  auc::test::write_file(dir.file("t.json"),
                        R"({"issuer":"https://ehr","jwks_url":"https://ehr/keys",)"
                        R"("allowed_jku":["https://ehr/other-keys"]})");
  auc::hooks::JwtConfig config;
  config.trust = {dir.file("t.json")};
  auc::hooks::JwtAuthenticatorOptions options;
  const std::int64_t now = 5000;
  options.clock = [now] { return now; };
  options.fetcher = fetcher;
  auto auth = auc::hooks::make_jwt_authenticator(config, options);
  BOOST_TEST_REQUIRE(auth.has_value());
  auto parts = auc::test::valid_parts("ES384", "k1", "https://ehr", "https://svc/x", now, "j1");
  auto token = auc::test::sign_token(parts, auc::hooks::JwsAlgorithm::kES384, key.get());
  BOOST_TEST((*auth)->authenticate("Bearer " + token, "https://svc/x").has_value());
  BOOST_TEST(fetcher->last_url == "https://ehr/keys");
  parts.claims["jti"] = "\"j2\"";
  parts.header["jku"] = "\"https://ehr/other-keys\"";
  token = auc::test::sign_token(parts, auc::hooks::JwsAlgorithm::kES384, key.get());
  BOOST_TEST((*auth)->authenticate("Bearer " + token, "https://svc/x").has_value());
  BOOST_TEST(fetcher->last_url == "https://ehr/other-keys");
  parts.header["jku"] = "\"https://attacker/keys\"";
  token = auc::test::sign_token(parts, auc::hooks::JwsAlgorithm::kES384, key.get());
  BOOST_TEST(!(*auth)->authenticate("Bearer " + token, "https://svc/x").has_value());
  BOOST_TEST(fetcher->calls == 2);  // the attacker's URL was never requested
}

BOOST_AUTO_TEST_SUITE_END()
