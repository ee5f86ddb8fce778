#include "hooks/auth/issuer_trust.h"

#include <boost/test/unit_test.hpp>

#include "tests/auth/test_tokens.h"
#include "tests/support/server_process.h"

using auc::hooks::load_issuer_trust;
using auc::test::TempDir;
using auc::test::write_file;

namespace {

std::string jwks() {
  static const auto key = auc::test::make_ec_key("P-384");
  return auc::test::jwks_json({{"k1", key.get()}});
}

std::string load_error(const std::vector<std::string>& paths) {
  auto r = load_issuer_trust(paths);
  return r ? std::string("loaded") : r.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(issuer_trust)

BOOST_AUTO_TEST_CASE(loads_inline_file_and_url_sources) {
  TempDir dir;
  write_file(dir.file("keys.jwks"), jwks());
  write_file(dir.file("a.json"), R"({"issuer":"https://a","jwks_file":"keys.jwks"})");
  write_file(dir.file("b.json"), R"({"issuer":"https://b","jwks":)" + jwks() + "}");
  write_file(dir.file("c.json"),
             R"({"issuer":"https://c","jwks_url":"https://c/jwks","tenants":["t"],)"
             R"("jwks_cache_seconds":600,"jwks_min_refresh_seconds":5})");
  const auto all = load_issuer_trust({dir.path()});
  BOOST_TEST_REQUIRE(all.has_value(), (all ? "" : all.error()));
  BOOST_TEST_REQUIRE(all->size() == 3u);
  BOOST_TEST((*all)[0].issuer == "https://a");  // directory order is sorted
  BOOST_TEST((*all)[0].local_keys->count("k1") == 1u);
  BOOST_TEST((*all)[1].local_keys.has_value());
  BOOST_TEST(!(*all)[2].local_keys.has_value());
  BOOST_TEST((*all)[2].jwks_url == "https://c/jwks");
  BOOST_TEST((*all)[2].jwks_cache_seconds == 600);
  BOOST_TEST((*all)[2].jwks_min_refresh_seconds == 5);
  BOOST_TEST((*all)[2].tenants.size() == 1u);
}

BOOST_AUTO_TEST_CASE(named_only_files_are_skipped_by_directories) {
  TempDir dir;
  write_file(dir.file("open.json"), R"({"issuer":"https://open","jwks":)" + jwks() + "}");
  write_file(dir.file("named.json"),
             R"({"issuer":"https://named","load_only_when_named":true,"jwks":)" + jwks() + "}");
  const auto from_dir = load_issuer_trust({dir.path()});
  BOOST_TEST_REQUIRE(from_dir.has_value());
  BOOST_TEST(from_dir->size() == 1u);
  BOOST_TEST(from_dir->front().issuer == "https://open");
  const auto named = load_issuer_trust({dir.path(), dir.file("named.json")});
  BOOST_TEST_REQUIRE(named.has_value());
  BOOST_TEST(named->size() == 2u);
}

BOOST_AUTO_TEST_CASE(errors_name_the_file_and_the_problem) {
  TempDir dir;
  auto expect = [&](const std::string& content, const std::string& needle) {
    write_file(dir.file("t.json"), content);
    const std::string err = load_error({dir.file("t.json")});
    BOOST_TEST(err.find("t.json") != std::string::npos, err);
    BOOST_TEST(err.find(needle) != std::string::npos, err);
  };
  expect("not json", "JSON");
  expect(R"({"jwks":)" + jwks() + "}", "issuer");
  expect(R"({"issuer":"x","tenant":["typo"],"jwks":)" + jwks() + "}", "unknown field \"tenant\"");
  expect(R"({"issuer":"x"})", "needs keys");
  expect(R"({"issuer":"x","jwks_url":"http://plain/jwks"})", "https");
  expect(R"({"issuer":"x","allowed_jku":["http://plain/jwks"]})", "https");
  expect(R"({"issuer":"x","jwks_file":"absent.jwks"})", "absent.jwks");
  expect(R"({"issuer":"x","jwks":{"keys":[]}})", "no usable");
  expect(R"({"issuer":"x","jwks":)" + jwks() + R"(,"jwks_url":"https://x/j"})", "exclude");
  expect(R"({"issuer":"x","jwks_url":"https://x/j","jwks_cache_seconds":1})", "jwks_cache_seconds");
  BOOST_TEST(load_error({dir.file("nope.json")}).find("nope.json") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_issuer_may_be_configured_once) {
  TempDir dir;
  write_file(dir.file("a.json"), R"({"issuer":"https://same","jwks":)" + jwks() + "}");
  write_file(dir.file("b.json"), R"({"issuer":"https://same","jwks":)" + jwks() + "}");
  BOOST_TEST(load_error({dir.path()}).find("configured twice") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(empty_directory_is_an_error) {
  TempDir dir;
  BOOST_TEST(load_error({dir.path()}).find("enables no issuer") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
