// The TLS server's certificate chain and private key, loaded from PEM files and checked the way
// an operator wants to hear about it: unreadable file, not a certificate, key that does not
// match, certificate expired or not yet valid - each a one-line error naming the file.
#pragma once

#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fhir/expected.h"
#include "hooks/auth/openssl_ptr.h"

namespace auc::hooks::tls {

struct X509StackDeleter {
  void operator()(STACK_OF(X509) * chain) const { sk_X509_pop_free(chain, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

struct ServerCredentials {
  X509Ptr certificate;
  X509StackPtr chain;  // intermediates that followed the leaf in the certificate file
  PkeyPtr key;
  std::int64_t not_after = 0;         // Unix seconds
  std::vector<std::string> warnings;  // key file permissions, expiry within 14 days
};

Expected<ServerCredentials, std::string> load_server_credentials(const std::string& cert_file,
                                                                 const std::string& key_file,
                                                                 std::int64_t now);

}  // namespace auc::hooks::tls
