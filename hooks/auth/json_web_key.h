// JSON Web Key Sets (RFC 7517) of public signing keys: EC P-256/P-384 and RSA >= 2048 bits,
// imported into OpenSSL keys and indexed by kid.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "fhir/expected.h"
#include "hooks/auth/jws_algorithm.h"
#include "hooks/auth/openssl_ptr.h"

namespace auc::hooks {

struct JsonWebKey {
  SharedPkey key;
  std::optional<JwsAlgorithm> alg;  // the JWK's own "alg", when it pins one
};

using KeySet = std::unordered_map<std::string, JsonWebKey>;  // by kid

// Keys without kid, with "use" other than "sig", or of other types are skipped; a key carrying
// private material, a duplicate kid, a malformed key or a set with no usable key is an error.
Expected<KeySet, std::string> parse_jwks(std::string_view json);
// The same for a "keys" document already parsed (a trust file's inline "jwks").
Expected<KeySet, std::string> parse_jwks_value(const rapidjson::Value& jwks);

// The public half of `key` as one JWK object, for tests and the dev key tooling.
std::optional<std::string> public_jwk_json(EVP_PKEY* key, std::string_view kid);

}  // namespace auc::hooks
