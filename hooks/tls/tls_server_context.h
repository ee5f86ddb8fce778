// TLS policy for the listener and certificate reload without dropping it.
//
// The server owns the SSL_CTX (HttpServer::create with a TLS setup function) and calls
// configure() on it once. Certificates are not baked into that context:
// configure() installs SSL_CTX_set_cert_cb, and every handshake takes the credentials current
// at that moment. reload() (on SIGHUP) loads and checks the new files and swaps them under a
// mutex, so in-flight connections keep their old certificate, new ones get the new one, and
// the listening socket is never touched. Re-calling SSL_CTX_use_certificate_* on the live
// context instead would race with handshakes in other threads. A failed reload keeps the old
// credentials. The client CA (--tls-client-ca) is read once at start.
#pragma once

#include <openssl/ssl.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fhir/expected.h"
#include "hooks/config/config.h"
#include "hooks/tls/server_credentials.h"

namespace auc::hooks::tls {

// TLS 1.2 suites: ECDHE with AEAD only (forward secrecy, no CBC, no RSA key exchange).
inline constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";
inline constexpr const char* kTls13Suites =
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

class TlsServerContext {
 public:
  // Loads and checks cert, key and client CA; errors are one line naming the file.
  static Expected<std::shared_ptr<TlsServerContext>, std::string> create(const TlsConfig& config);

  // Applies the policy to the server's SSL_CTX. `this` must outlive that context (keep the
  // shared_ptr next to the server). Returns false if OpenSSL refuses a setting.
  bool configure(SSL_CTX& ctx);

  // Re-reads --tls-cert and --tls-key. On error the previous credentials stay in use.
  Expected<Ok, std::string> reload();

  // Non-fatal findings of the last successful load (key permissions, near expiry).
  std::vector<std::string> warnings() const;
  std::int64_t certificate_not_after() const;

 private:
  TlsServerContext(TlsConfig config, int min_version, std::shared_ptr<const ServerCredentials> c);
  static int on_certificate_request(SSL* ssl, void* self);
  std::shared_ptr<const ServerCredentials> current() const;

  const TlsConfig config_;
  const int min_version_;
  mutable std::mutex mu_;
  std::shared_ptr<const ServerCredentials> credentials_;
};

}  // namespace auc::hooks::tls
