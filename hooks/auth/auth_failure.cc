// The log vocabulary for refused calls: stable names operators can alert on.
#include "hooks/auth/authenticator.h"

namespace auc::hooks {

std::string_view auth_failure_category(AuthFailure f) {
  switch (f) {
    case AuthFailure::kMissingToken:
      return "missing_token";
    case AuthFailure::kMalformedToken:
      return "malformed_token";
    case AuthFailure::kAlgorithm:
      return "algorithm";
    case AuthFailure::kHeader:
      return "header";
    case AuthFailure::kUntrustedIssuer:
      return "untrusted_issuer";
    case AuthFailure::kUntrustedKeyUrl:
      return "untrusted_key_url";
    case AuthFailure::kUnknownKey:
      return "unknown_key";
    case AuthFailure::kBadSignature:
      return "bad_signature";
    case AuthFailure::kAudience:
      return "audience";
    case AuthFailure::kExpired:
      return "expired";
    case AuthFailure::kNotYetValid:
      return "not_yet_valid";
    case AuthFailure::kReplayed:
      return "replayed";
    case AuthFailure::kKeysUnavailable:
      return "keys_unavailable";
  }
  return "unknown";
}

}  // namespace auc::hooks
