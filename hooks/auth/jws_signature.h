// JWS signatures with OpenSSL 3 EVP: ECDSA (JOSE carries raw R||S, OpenSSL wants DER) and
// RSA PKCS#1 v1.5. The key must fit the algorithm (curve, RSA size) or nothing verifies.
#pragma once

#include <openssl/evp.h>

#include <optional>
#include <string>
#include <string_view>

#include "hooks/auth/jws_algorithm.h"

namespace auc::hooks {

// EC keys on the algorithm's curve (P-256 / P-384); RSA keys of at least 2048 bits.
bool key_fits_algorithm(EVP_PKEY* key, JwsAlgorithm alg);

bool jws_verify(JwsAlgorithm alg, EVP_PKEY* public_key, std::string_view signing_input,
                std::string_view signature);

// For minting development and test tokens; nullopt if the key does not fit or signing fails.
std::optional<std::string> jws_sign(JwsAlgorithm alg, EVP_PKEY* private_key,
                                    std::string_view signing_input);

// The algorithm a private/public key naturally signs with (P-256 -> ES256, P-384 -> ES384,
// RSA -> RS384), for the dev token tool.
std::optional<JwsAlgorithm> default_algorithm_for_key(EVP_PKEY* key);

}  // namespace auc::hooks
