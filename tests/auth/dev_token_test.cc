#include "hooks/auth/dev_token.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "hooks/auth/base64url.h"
#include "hooks/auth/jwt_authenticator.h"
#include "tests/auth/test_tokens.h"
#include "tests/support/server_process.h"

namespace {

std::vector<std::string> split(const std::string& token) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot; (dot = token.find('.', start)) != std::string::npos; start = dot + 1) {
    parts.push_back(token.substr(start, dot - start));
  }
  parts.push_back(token.substr(start));
  return parts;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dev_token)

BOOST_AUTO_TEST_CASE(command_mints_a_token_the_matching_trust_file_accepts) {
  auc::test::TempDir dir;
  auto key = auc::test::make_ec_key("P-384");
  auc::test::write_file(dir.file("dev.pem"), auc::test::private_key_pem(key.get()));
  ::chmod(dir.file("dev.pem").c_str(), 0600);
  auc::test::write_file(
      dir.file("dev.json"),
      R"({"issuer":"https://dev","jwks":)" + auc::test::jwks_json({{"dev-1", key.get()}}) + "}");
  std::ostringstream out, err;
  const int rc = auc::hooks::mint_token_command(
      {"--key", dir.file("dev.pem"), "--kid", "dev-1", "--iss", "https://dev", "--aud",
       "https://svc/cds-services", "--ttl", "120", "--tenant", "t-1"},
      out, err);
  BOOST_TEST_REQUIRE(rc == 0, err.str());
  BOOST_TEST(err.str().empty());
  std::string token = out.str();
  BOOST_TEST_REQUIRE(token.back() == '\n');
  token.pop_back();
  const auto parts = split(token);
  BOOST_TEST_REQUIRE(parts.size() == 3u);
  const std::string header = auc::hooks::base64url_decode(parts[0]).value_or("");
  const std::string claims = auc::hooks::base64url_decode(parts[1]).value_or("");
  BOOST_TEST(header.find("\"alg\":\"ES384\"") != std::string::npos);
  BOOST_TEST(claims.find("\"tenant\":\"t-1\"") != std::string::npos);

  auc::hooks::JwtConfig config;
  config.trust = {dir.file("dev.json")};
  auto auth = auc::hooks::make_jwt_authenticator(config);
  BOOST_TEST_REQUIRE(auth.has_value());
  const auto who = (*auth)->authenticate("Bearer " + token, "https://svc/cds-services");
  BOOST_TEST_REQUIRE(who.has_value(), (who ? "" : auth_failure_category(who.error())));
  BOOST_TEST(who->tenant == "t-1");
}

BOOST_AUTO_TEST_CASE(every_token_gets_a_fresh_jti) {
  auto key = auc::test::shared_rsa_key(2048);
  auc::hooks::DevTokenRequest req;
  req.kid = "k";
  req.issuer = "https://dev";
  req.audience = "https://svc/x";
  const auto a = auc::hooks::mint_dev_token(req, key.get(), 100);
  const auto b = auc::hooks::mint_dev_token(req, key.get(), 100);
  BOOST_TEST_REQUIRE((a.has_value() && b.has_value()));
  BOOST_TEST(*a != *b);
  BOOST_TEST(auc::hooks::base64url_decode(split(*a)[0])->find("RS384") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(command_reports_bad_usage_and_loose_key_permissions) {
  auc::test::TempDir dir;
  std::ostringstream out, err;
  BOOST_TEST(auc::hooks::mint_token_command({"--kid", "k"}, out, err) == 2);
  BOOST_TEST(err.str().find("required") != std::string::npos);
  err.str("");
  BOOST_TEST(auc::hooks::mint_token_command({"--bogus", "x"}, out, err) == 2);
  BOOST_TEST(err.str().find("unknown option") != std::string::npos);

  auto key = auc::test::make_ec_key("P-384");
  auc::test::write_file(dir.file("loose.pem"), auc::test::private_key_pem(key.get()));
  ::chmod(dir.file("loose.pem").c_str(), 0644);
  err.str("");
  BOOST_TEST(auc::hooks::mint_token_command(
                 {"--key", dir.file("loose.pem"), "--kid", "k", "--iss", "i", "--aud", "a"}, out,
                 err) == 0);
  BOOST_TEST(err.str().find("chmod 600") != std::string::npos, err.str());
  err.str("");
  auc::test::write_file(dir.file("junk.pem"), "not a key");
  BOOST_TEST(auc::hooks::mint_token_command(
                 {"--key", dir.file("junk.pem"), "--kid", "k", "--iss", "i", "--aud", "a"}, out,
                 err) == 2);
  BOOST_TEST(err.str().find("not an unencrypted PEM private key") != std::string::npos, err.str());
}

BOOST_AUTO_TEST_SUITE_END()
