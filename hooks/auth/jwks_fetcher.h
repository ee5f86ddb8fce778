// Fetches an issuer's JWKS document over HTTPS. Only allowlisted URLs ever reach it (the
// caller checks the trust configuration first); tests substitute their own fetcher.
#pragma once

#include <memory>
#include <string>

#include "fhir/expected.h"

namespace auc::hooks {

class JwksFetcher {
 public:
  virtual ~JwksFetcher() = default;
  // The body of a 200 response, or why there is none. `ca_file` "" means the system CAs.
  virtual Expected<std::string, std::string> fetch(const std::string& url,
                                                   const std::string& ca_file) = 0;
};

// cpp-httplib SSLClient with certificate and host-name verification, short timeouts, no
// redirects, and a 256 KiB cap on the body.
std::shared_ptr<JwksFetcher> make_https_jwks_fetcher();

}  // namespace auc::hooks
