#include "hooks/tls/tls_server_context.h"

#include <openssl/err.h>

#include <chrono>
#include <fstream>

namespace auc::hooks::tls {
namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Expected<std::shared_ptr<const ServerCredentials>, std::string> load(const TlsConfig& config) {
  auto creds = load_server_credentials(config.cert_file, config.key_file, unix_now());
  if (!creds) return Unexpected(creds.error());
  return std::make_shared<const ServerCredentials>(std::move(*creds));
}

}  // namespace

TlsServerContext::TlsServerContext(TlsConfig config, int min_version,
                                   std::shared_ptr<const ServerCredentials> c)
    : config_(std::move(config)), min_version_(min_version), credentials_(std::move(c)) {}

Expected<std::shared_ptr<TlsServerContext>, std::string> TlsServerContext::create(
    const TlsConfig& config) {
  int min_version = 0;
  if (config.min_version == "1.2") {
    min_version = TLS1_2_VERSION;
  } else if (config.min_version == "1.3") {
    min_version = TLS1_3_VERSION;
  } else {
    return Unexpected("--tls-min-version must be 1.2 or 1.3, not \"" + config.min_version + "\"");
  }
  if (!config.client_ca_file.empty()) {
    std::ifstream probe(config.client_ca_file);
    if (!probe) return Unexpected("--tls-client-ca " + config.client_ca_file + ": cannot read");
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(config.client_ca_file.c_str());
    const bool has_ca = names != nullptr && sk_X509_NAME_num(names) > 0;
    if (names != nullptr) sk_X509_NAME_pop_free(names, X509_NAME_free);
    ERR_clear_error();
    if (!has_ca) {
      return Unexpected("--tls-client-ca " + config.client_ca_file + ": no PEM CA certificate");
    }
  }
  auto creds = load(config);
  if (!creds) return Unexpected(creds.error());
  return std::shared_ptr<TlsServerContext>(
      new TlsServerContext(config, min_version, std::move(*creds)));
}

std::shared_ptr<const ServerCredentials> TlsServerContext::current() const {
  std::lock_guard lock(mu_);
  return credentials_;
}

int TlsServerContext::on_certificate_request(SSL* ssl, void* self) {
  const auto creds = static_cast<TlsServerContext*>(self)->current();
  // The SSL takes its own references, so a reload right after this cannot free them.
  return SSL_use_cert_and_key(ssl, creds->certificate.get(), creds->key.get(), creds->chain.get(),
                              1) == 1
             ? 1
             : 0;
}

bool TlsServerContext::configure(SSL_CTX& ctx) {
  if (SSL_CTX_set_min_proto_version(&ctx, min_version_) != 1 ||
      SSL_CTX_set_cipher_list(&ctx, kTls12Ciphers) != 1 ||
      SSL_CTX_set_ciphersuites(&ctx, kTls13Suites) != 1) {
    ERR_clear_error();
    return false;
  }
  SSL_CTX_set_options(
      &ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  const auto creds = current();
  // Also set on the context itself, so anything inspecting it sees the real certificate.
  if (SSL_CTX_use_cert_and_key(&ctx, creds->certificate.get(), creds->key.get(), creds->chain.get(),
                               1) != 1) {
    ERR_clear_error();
    return false;
  }
  SSL_CTX_set_cert_cb(&ctx, &TlsServerContext::on_certificate_request, this);
  if (!config_.client_ca_file.empty()) {
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(config_.client_ca_file.c_str());
    if (names == nullptr ||
        SSL_CTX_load_verify_locations(&ctx, config_.client_ca_file.c_str(), nullptr) != 1) {
      if (names != nullptr) sk_X509_NAME_pop_free(names, X509_NAME_free);
      ERR_clear_error();
      return false;
    }
    SSL_CTX_set_client_CA_list(&ctx, names);  // takes ownership
    SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    // With peer verification and no session id context, OpenSSL aborts every resumption
    // attempt (TLS 1.2 and 1.3) with an internal_error alert instead of a full handshake, so
    // curl with several URLs, browsers and JVMs fail from their second connection on. Sessions
    // and tickets never leave this SSL_CTX, so one fixed context is enough.
    static constexpr unsigned char kSessionContext[] = "auc-hooks client-certificate";
    static_assert(sizeof kSessionContext - 1 <= SSL_MAX_SID_CTX_LENGTH);
    if (SSL_CTX_set_session_id_context(&ctx, kSessionContext, sizeof kSessionContext - 1) != 1) {
      ERR_clear_error();
      return false;
    }
  }
  return true;
}

Expected<Ok, std::string> TlsServerContext::reload() {
  auto creds = load(config_);
  if (!creds) return Unexpected(creds.error());
  std::lock_guard lock(mu_);
  credentials_ = std::move(*creds);
  return Ok{};
}

std::vector<std::string> TlsServerContext::warnings() const {
  return current()->warnings;
}

std::int64_t TlsServerContext::certificate_not_after() const {
  return current()->not_after;
}

}  // namespace auc::hooks::tls
