// The auditor API's own credential: a bearer token from --audit-token-file and/or client
// certificates issued by --audit-client-ca. Deliberately unrelated to the EHR's JWT trust: an
// EHR token (or an EHR's client certificate) never opens the ledger.
#pragma once

#include <httplib.h>
#include <openssl/x509.h>

#include <array>
#include <memory>
#include <string>

#include "fhir/expected.h"
#include "hooks/config/config.h"

namespace auc::hooks::audit {

class AuditCredential {
 public:
  static constexpr std::size_t kMinTokenBytes = 32;

  // Error when a configured file is unreadable, the token too short, or the CA unparsable.
  // Returns nullptr (no error) when neither is configured: the auditor API is then disabled.
  static Expected<std::unique_ptr<AuditCredential>, std::string> load(const AuditApiConfig& config);
  // For tests and for callers holding the token already.
  static Expected<std::unique_ptr<AuditCredential>, std::string> from_token(std::string_view token);
  ~AuditCredential();

  bool accepts(const httplib::Request& req) const;

 private:
  AuditCredential() = default;
  bool token_matches(std::string_view authorization) const;
  bool client_certificate_verifies(const httplib::Request& req) const;

  bool has_token_ = false;
  std::array<unsigned char, 32> token_digest_{};  // SHA-256: compared in constant time
  struct StoreFree {
    void operator()(X509_STORE* s) const { X509_STORE_free(s); }
  };
  std::unique_ptr<X509_STORE, StoreFree> client_ca_;
};

}  // namespace auc::hooks::audit
