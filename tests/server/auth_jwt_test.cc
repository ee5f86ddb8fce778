// CDS Hooks JWT authentication against the real binary: every broken token is a bare 401 whose
// reason reaches the log (never the token), and the server keeps serving valid callers.
#include <httplib.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "hooks/auth/dev_token.h"
#include "hooks/auth/jwt_authenticator.h"
#include "hooks/auth/private_key_file.h"
#include "tests/auth/test_tokens.h"
#include "tests/support/server_process.h"

namespace {

using auc::hooks::JwsAlgorithm;
using auc::test::json_quote;
using auc::test::ServerProcess;
using auc::test::TempDir;
using auc::test::TokenParts;

constexpr const char* kBase = "https://cds.example.org";
constexpr const char* kIssuer = "https://ehr.example.org/fhir";
constexpr const char* kJku = "https://ehr.example.org/jwks.json";
constexpr const char* kSandboxTrust = AUC_SOURCE_DIR "/certs/trust/cds-hooks-sandbox.json";

std::unique_ptr<ServerProcess> start_with_trust(const std::vector<std::string>& trust_files) {
  std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--plain-http", "--public-base-url",
                                   kBase};
  for (const auto& t : trust_files) {
    args.push_back("--trust");
    args.push_back(t);
  }
  std::string failure;
  auto server = ServerProcess::start(args, {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  return server;
}

httplib::Result get_with(ServerProcess& server, const std::string& path, const std::string& token) {
  httplib::Client client("127.0.0.1", server.port());
  return client.Get(path.c_str(), {{"Authorization", "Bearer " + token}});
}

int status_of(const httplib::Result& res) {
  return res ? res->status : -1;
}

struct Issuer {
  TempDir dir;
  auc::hooks::PkeyPtr es384 = auc::test::make_ec_key("P-384");
  auc::hooks::PkeyPtr rs384 = auc::test::shared_rsa_key(2048);
  auc::hooks::PkeyPtr es256 = auc::test::make_ec_key("P-256");
  std::int64_t now = std::time(nullptr);
  int counter = 0;

  std::string trust_file() {
    const std::string path = dir.file("ehr.json");
    auc::test::write_file(
        path, std::string("{\"issuer\":") + json_quote(kIssuer) + ",\"allowed_jku\":[" +
                  json_quote(kJku) + "],\"jwks\":" +
                  auc::test::jwks_json(
                      {{"es-1", es384.get()}, {"rs-1", rs384.get()}, {"es256-1", es256.get()}}) +
                  "}");
    return path;
  }
  TokenParts parts(const char* alg = "ES384", const char* kid = "es-1",
                   const std::string& path = "/cds-services") {
    return auc::test::valid_parts(alg, kid, kIssuer, std::string(kBase) + path, now,
                                  "it-" + std::to_string(++counter));
  }
  std::string es(const TokenParts& p) {
    return auc::test::sign_token(p, JwsAlgorithm::kES384, es384.get());
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(auth_jwt)

BOOST_AUTO_TEST_CASE(bad_tokens_get_a_bare_401_and_the_server_keeps_serving) {
  Issuer ehr;
  auto server = start_with_trust({ehr.trust_file()});

  std::vector<std::pair<std::string, std::string>> bad;  // expected log reason, token
  auto p = ehr.parts();
  p.header["alg"] = json_quote("ES256");
  p.header["kid"] = json_quote("es256-1");
  bad.emplace_back("algorithm", auc::test::sign_token(p, JwsAlgorithm::kES256, ehr.es256.get()));
  p = ehr.parts();
  p.header["alg"] = json_quote("none");
  bad.emplace_back("algorithm", auc::test::unsigned_token(p));
  p = ehr.parts();
  p.header["alg"] = json_quote("HS384");
  bad.emplace_back("algorithm",
                   auc::test::hmac_token(p, auc::test::public_key_pem(ehr.es384.get())));
  p = ehr.parts();
  p.header.erase("kid");
  bad.emplace_back("header", ehr.es(p));
  p = ehr.parts();
  p.header["kid"] = json_quote("no-such-key");
  bad.emplace_back("unknown_key", ehr.es(p));
  p = ehr.parts();
  p.claims["iss"] = json_quote("https://evil.example.org");
  bad.emplace_back("untrusted_issuer", ehr.es(p));
  p = ehr.parts();
  p.header["jku"] = json_quote("https://evil.example.org/jwks.json");
  bad.emplace_back("untrusted_key_url", ehr.es(p));
  p = ehr.parts("ES384", "es-1", "/cds-services/another-service");
  bad.emplace_back("audience", ehr.es(p));
  p = ehr.parts();
  p.claims["iat"] = std::to_string(ehr.now - 600);
  p.claims["exp"] = std::to_string(ehr.now - 300);
  bad.emplace_back("expired", ehr.es(p));
  p = ehr.parts();
  p.claims["iat"] = std::to_string(ehr.now + 600);
  p.claims["exp"] = std::to_string(ehr.now + 900);
  bad.emplace_back("not_yet_valid", ehr.es(p));
  const std::string replayed = ehr.es(ehr.parts());
  BOOST_TEST(status_of(get_with(*server, "/cds-services", replayed)) == 200);
  bad.emplace_back("replayed", replayed);
  p = ehr.parts();
  const std::string genuine = ehr.es(p);
  const auto dot1 = genuine.find('.');
  const auto dot2 = genuine.find('.', dot1 + 1);
  // Tampered payload: the genuine header and signature around other (fresh) claims.
  bad.emplace_back("bad_signature",
                   genuine.substr(0, dot1 + 1) +
                       auc::hooks::base64url_encode(auc::test::to_json(ehr.parts().claims)) +
                       genuine.substr(dot2));
  bad.emplace_back("bad_signature", genuine.substr(0, genuine.size() - 8));
  bad.emplace_back("malformed_token", genuine.substr(0, dot2));
  bad.emplace_back("malformed_token", "%%%garbage.***.base64");
  p = ehr.parts();
  p.claims["pad"] = json_quote(std::string(5300, 'x'));  // ~7.5 KiB: over the token cap
  bad.emplace_back("malformed_token", ehr.es(p));

  for (const auto& [reason, token] : bad) {
    const auto res = get_with(*server, "/cds-services", token);
    BOOST_TEST_REQUIRE(static_cast<bool>(res), reason);
    BOOST_TEST(res->status == 401, reason);
    BOOST_TEST(res->get_header_value("WWW-Authenticate") == "Bearer", reason);
    // A generic body: nothing about why, nothing echoed back.
    BOOST_TEST(res->body.find(reason) == std::string::npos, reason << ": " << res->body);
    BOOST_TEST(res->body.find(token.substr(0, 20)) == std::string::npos, reason);
  }
  BOOST_TEST(status_of(get_with(*server, "/cds-services", "")) == 401);
  httplib::Client bare("127.0.0.1", server->port());
  BOOST_TEST(status_of(bare.Get("/cds-services")) == 401);
  // Far beyond the HTTP header limit: refused by the parser, still a clean 4xx.
  const int huge = status_of(get_with(*server, "/cds-services", std::string(20000, 'A')));
  BOOST_TEST((huge >= 400 && huge < 500), huge);

  // Still serving, and valid ES384 and RS384 callers get through.
  BOOST_TEST(server->running());
  BOOST_TEST(status_of(get_with(*server, "/cds-services", ehr.es(ehr.parts()))) == 200);
  BOOST_TEST(status_of(get_with(*server, "/cds-services",
                                auc::test::sign_token(ehr.parts("RS384", "rs-1"),
                                                      JwsAlgorithm::kRS384, ehr.rs384.get()))) ==
             200);

  const std::string log = server->log();
  for (const auto& [reason, token] : bad) {
    BOOST_TEST(log.find("\"reason\":\"" + reason + "\"") != std::string::npos, reason);
    const auto last_dot = token.rfind('.');
    const std::string tail = token.substr(last_dot == std::string::npos ? 0 : last_dot + 1);
    if (tail.size() >= 16)
      BOOST_TEST(log.find(tail) == std::string::npos, "token in log: " << reason);
    BOOST_TEST(log.find(token.substr(0, 40)) == std::string::npos, "token in log: " << reason);
  }
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(every_cds_hooks_route_needs_a_token_for_its_own_url) {
  Issuer ehr;
  auto server = start_with_trust({ehr.trust_file()});
  const auto discovery = get_with(*server, "/cds-services", ehr.es(ehr.parts()));
  BOOST_TEST_REQUIRE(status_of(discovery) == 200);
  rapidjson::Document doc;
  doc.Parse(discovery->body.c_str());
  BOOST_TEST_REQUIRE((doc.IsObject() && doc.HasMember("services") && doc["services"].Size() > 0));
  const std::string service = std::string("/cds-services/") + doc["services"][0]["id"].GetString();
  const std::string body =
      auc::test::read_file(AUC_FIXTURES_DIR "/requests/sandbox-first-call.json");
  const std::string feedback = R"({"feedback":[]})";

  httplib::Client client("127.0.0.1", server->port());
  auto post = [&](const std::string& path, const std::string& token, const std::string& payload) {
    return status_of(client.Post(path.c_str(), {{"Authorization", "Bearer " + token}}, payload,
                                 "application/json"));
  };
  // No token, a token for another URL (discovery), an expired one: 401 on both POST routes.
  for (const std::string& path : {service, service + "/feedback"}) {
    const std::string& payload = path == service ? body : feedback;
    BOOST_TEST(status_of(client.Post(path.c_str(), payload, "application/json")) == 401, path);
    BOOST_TEST(post(path, ehr.es(ehr.parts()), payload) == 401, path);
    auto expired = ehr.parts("ES384", "es-1", path);
    expired.claims["iat"] = std::to_string(ehr.now - 900);
    expired.claims["exp"] = std::to_string(ehr.now - 600);
    BOOST_TEST(post(path, ehr.es(expired), payload) == 401, path);
    BOOST_TEST(post(path, ehr.es(ehr.parts("ES384", "es-1", path)), payload) != 401, path);
  }
  BOOST_TEST(post(service, ehr.es(ehr.parts("ES384", "es-1", service)), body) == 200);
  BOOST_TEST(server->log().find("\"reason\":\"audience\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sandbox_tokens_pass_only_with_the_sandbox_trust_file) {
  auto key = auc::hooks::load_private_key_pem(AUC_FIXTURES_DIR
                                              "/auth/sandbox.cds-hooks.org.PUBLIC-TEST-KEY.pem");
  BOOST_TEST_REQUIRE(key.has_value());
  auto mint = [&] {
    // What the sandbox sends: ES384, its kid, iss and jku, exp = iat + 300, aud = the URL.
    auc::hooks::DevTokenRequest req;
    req.kid = "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f";
    req.issuer = "https://sandbox.cds-hooks.org";
    req.jku = "https://sandbox.cds-hooks.org/.well-known/jwks.json";
    req.audience = std::string(kBase) + "/cds-services";
    return *auc::hooks::mint_dev_token(req, key->get(), std::time(nullptr));
  };
  {
    auto server = start_with_trust({kSandboxTrust});
    BOOST_TEST(status_of(get_with(*server, "/cds-services", mint())) == 200);
  }
  Issuer other;
  auto server = start_with_trust({other.trust_file()});
  BOOST_TEST(status_of(get_with(*server, "/cds-services", mint())) == 401);
  BOOST_TEST(server->log().find("\"reason\":\"untrusted_issuer\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(mint_token_with_the_dev_key_works_only_with_the_dev_trust_file) {
  TempDir dir;
  const std::string script = std::string(AUC_SOURCE_DIR) + "/certs/make-dev-jwt-key.sh";
  const std::string dev = dir.file("dev");
  BOOST_TEST_REQUIRE(std::system((script + " " + dev + " >/dev/null").c_str()) == 0);
  struct stat st {};
  BOOST_TEST_REQUIRE(::stat((dev + "/dev-jwt-key.pem").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 077) == 0u);  // the private key is the owner's alone
  // dev.json names ../dev/dev-jwt-jwks.json: mirror the certs/ layout in the temp dir.
  std::filesystem::create_directories(dir.file("trust"));
  std::filesystem::copy_file(std::string(AUC_SOURCE_DIR) + "/certs/trust/dev.json",
                             dir.file("trust/dev.json"));

  const auto minted = auc::test::run_server_binary(
      {"mint-token", "--key", dev + "/dev-jwt-key.pem", "--kid", "auc-hooks-dev-1", "--iss",
       "https://dev.auc-hooks.invalid", "--aud", std::string(kBase) + "/cds-services"});
  BOOST_TEST_REQUIRE(minted.exit_code == 0, minted.stderr_text);
  std::string token = minted.stdout_text;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();

  {
    auto server = start_with_trust({dir.file("trust/dev.json")});
    BOOST_TEST(status_of(get_with(*server, "/cds-services", token)) == 200);
  }
  auto server = start_with_trust({kSandboxTrust});
  BOOST_TEST(status_of(get_with(*server, "/cds-services", token)) == 401);
}

BOOST_AUTO_TEST_SUITE_END()
