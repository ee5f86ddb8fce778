// `auc-hooks mint-token`: signs a CDS Hooks JWT with a local key, for curl and tests. The
// service trusts such a token only if a --trust file names the key (certs/trust/dev.json
// for the key certs/make-dev-jwt-key.sh generates), so the tool grants nothing by itself.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "fhir/expected.h"
#include "hooks/auth/jws_algorithm.h"
#include "hooks/auth/openssl_ptr.h"

namespace auc::hooks {

struct DevTokenRequest {
  std::string kid;
  std::string issuer;
  std::string audience;  // the exact service URL the token is for
  std::string jku;       // optional header
  std::string tenant;    // optional claim
  int ttl_seconds = 300;
  std::optional<JwsAlgorithm> alg;  // default: from the key (P-384 -> ES384, RSA -> RS384)
};

// A fresh jti (random UUID) every call.
Expected<std::string, std::string> mint_dev_token(const DevTokenRequest& request,
                                                  EVP_PKEY* private_key, std::int64_t now);

// The subcommand: `args` are the words after "mint-token"
// (--key FILE --kid K --iss I --aud URL [--ttl S] [--jku URL] [--tenant T] [--alg A]).
// Prints the token and a newline to `out`; returns the process exit code (0, or 2 with a
// message on `err`).
int mint_token_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace auc::hooks
