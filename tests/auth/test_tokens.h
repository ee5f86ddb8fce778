// Test-time keys and tokens: keys are generated per run (nothing secret in the repo), and a
// token's header and claims are plain maps so each test can break exactly one thing.
// Header-only so the integration suite (tests/server) can use it too.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hooks/auth/base64url.h"
#include "hooks/auth/json_web_key.h"
#include "hooks/auth/jwt_signer.h"
#include "hooks/auth/openssl_ptr.h"

namespace auc::test {

inline hooks::PkeyPtr make_ec_key(const char* curve = "P-384") {
  return hooks::PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
}
inline hooks::PkeyPtr make_rsa_key(std::size_t bits = 2048) {
  return hooks::PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits));
}

// RSA key generation takes a noticeable fraction of a second; tests share one key per size
// (each call returns a new reference to the same key).
inline hooks::PkeyPtr shared_rsa_key(std::size_t bits = 2048) {
  static const hooks::PkeyPtr k2048 = make_rsa_key(2048);
  static const hooks::PkeyPtr k1024 = make_rsa_key(1024);
  EVP_PKEY* key = bits == 1024 ? k1024.get() : k2048.get();
  EVP_PKEY_up_ref(key);
  return hooks::PkeyPtr(key);
}

inline std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// JWKS text holding the public halves of `keys` (kid -> key).
inline std::string jwks_json(const std::vector<std::pair<std::string, EVP_PKEY*>>& keys) {
  std::string out = "{\"keys\":[";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += ",";
    out += hooks::public_jwk_json(keys[i].second, keys[i].first).value_or("null");
  }
  return out + "]}";
}

inline std::string public_key_pem(EVP_PKEY* key) {
  hooks::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PUBKEY(bio.get(), key);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

inline std::string private_key_pem(EVP_PKEY* key) {
  hooks::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

// Header and claims as name -> raw JSON value; std::map keeps the output deterministic.
using JsonFields = std::map<std::string, std::string>;

inline std::string to_json(const JsonFields& fields) {
  std::string out = "{";
  for (const auto& [name, value] : fields) {
    if (out.size() > 1) out += ",";
    out += json_quote(name) + ":" + value;
  }
  return out + "}";
}

struct TokenParts {
  JsonFields header;
  JsonFields claims;
};

// A token the authenticator should accept: typ JWT, kid, iss, aud, exp = now + 300, iat = now.
inline TokenParts valid_parts(std::string_view alg, std::string_view kid, std::string_view iss,
                              std::string_view aud, std::int64_t now, std::string_view jti) {
  TokenParts p;
  p.header = {{"alg", json_quote(alg)}, {"typ", json_quote("JWT")}, {"kid", json_quote(kid)}};
  p.claims = {{"iss", json_quote(iss)},
              {"aud", json_quote(aud)},
              {"exp", std::to_string(now + 300)},
              {"iat", std::to_string(now)},
              {"jti", json_quote(jti)}};
  return p;
}

inline std::string sign_token(const TokenParts& parts, hooks::JwsAlgorithm alg, EVP_PKEY* key) {
  auto token = hooks::sign_compact_jwt(to_json(parts.header), to_json(parts.claims), alg, key);
  return token ? *token : std::string("signing-failed");
}

// The classic algorithm-confusion forgery: HMAC keyed with the issuer's *public* key.
inline std::string hmac_token(const TokenParts& parts, std::string_view secret) {
  const std::string input = hooks::base64url_encode(to_json(parts.header)) + "." +
                            hooks::base64url_encode(to_json(parts.claims));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha384(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return input + "." +
         hooks::base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

inline std::string unsigned_token(const TokenParts& parts) {
  return hooks::base64url_encode(to_json(parts.header)) + "." +
         hooks::base64url_encode(to_json(parts.claims)) + ".";
}

}  // namespace auc::test
