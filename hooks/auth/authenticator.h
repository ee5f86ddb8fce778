// How the server asks "is this CDS Hooks call from an EHR we trust?".
// The JWT implementation lives beside this file; the server only sees this interface.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fhir/expected.h"

namespace auc::hooks {

// Who called, as far as the ledger and logs need to know (never the token itself).
struct EhrIdentity {
  std::string issuer;
  std::string tenant;  // "" when the token carries none
};

// Why a call was refused. Only the category is logged; the client gets a bare 401.
enum class AuthFailure : std::uint8_t {
  kMissingToken,     // no Authorization header, or not "Bearer <token>"
  kMalformedToken,   // not three base64url parts, bad JSON, too large
  kAlgorithm,        // alg none, HMAC, or not allowed
  kHeader,           // typ or kid missing/wrong
  kUntrustedIssuer,  // iss not allowlisted, or tenant not allowed
  kUntrustedKeyUrl,  // jku not allowlisted for the issuer
  kUnknownKey,       // kid not in the issuer's JWKS (after a refresh)
  kBadSignature,
  kAudience,         // aud does not name the called URL
  kExpired,          // exp missing or passed
  kNotYetValid,      // iat in the future (beyond clock skew) or lifetime too long
  kReplayed,         // jti seen before
  kKeysUnavailable,  // the issuer's JWKS could not be fetched
};
std::string_view auth_failure_category(AuthFailure f);  // stable snake_case, for logs

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // `authorization` is the raw Authorization header value ("" when absent); `audience` is the
  // URL the EHR called, built from --public-base-url and the request path.
  virtual Expected<EhrIdentity, AuthFailure> authenticate(std::string_view authorization,
                                                          std::string_view audience) = 0;
};

}  // namespace auc::hooks
