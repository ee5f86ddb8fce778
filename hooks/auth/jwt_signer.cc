#include "hooks/auth/jwt_signer.h"

#include "hooks/auth/base64url.h"
#include "hooks/auth/jws_signature.h"

namespace auc::hooks {

Expected<std::string, std::string> sign_compact_jwt(std::string_view header_json,
                                                    std::string_view payload_json, JwsAlgorithm alg,
                                                    EVP_PKEY* private_key) {
  std::string token = base64url_encode(header_json) + "." + base64url_encode(payload_json);
  const auto signature = jws_sign(alg, private_key, token);
  if (!signature) {
    return Unexpected("the key cannot sign " + std::string(jws_algorithm_name(alg)) +
                      " (wrong type or curve, or RSA under 2048 bits)");
  }
  token += '.';
  token += base64url_encode(*signature);
  return token;
}

}  // namespace auc::hooks
