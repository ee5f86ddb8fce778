// Signing compact JWTs: the dev token tool and the tests mint tokens with it. The service
// itself never signs anything.
#pragma once

#include <string>
#include <string_view>

#include "fhir/expected.h"
#include "hooks/auth/jws_algorithm.h"
#include "hooks/auth/openssl_ptr.h"

namespace auc::hooks {

// base64url(header).base64url(payload).base64url(signature); the JSON is signed as given.
Expected<std::string, std::string> sign_compact_jwt(std::string_view header_json,
                                                    std::string_view payload_json, JwsAlgorithm alg,
                                                    EVP_PKEY* private_key);

}  // namespace auc::hooks
