#include "hooks/audit/audit_credential.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include <fstream>
#include <iterator>

namespace auc::hooks::audit {
namespace {

std::array<unsigned char, 32> sha256(std::string_view text) {
  std::array<unsigned char, 32> digest{};
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return digest;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

}  // namespace

AuditCredential::~AuditCredential() {
  OPENSSL_cleanse(token_digest_.data(), token_digest_.size());
}

Expected<std::unique_ptr<AuditCredential>, std::string> AuditCredential::from_token(
    std::string_view token) {
  token = trim(token);
  if (token.size() < kMinTokenBytes) {
    return Unexpected("--audit-token-file: the token must be at least " +
                      std::to_string(kMinTokenBytes) + " characters (e.g. openssl rand -hex 32)");
  }
  std::unique_ptr<AuditCredential> c(new AuditCredential());
  c->has_token_ = true;
  c->token_digest_ = sha256(token);
  return c;
}

Expected<std::unique_ptr<AuditCredential>, std::string> AuditCredential::load(
    const AuditApiConfig& config) {
  if (config.token_file.empty() && config.client_ca_file.empty()) {
    return std::unique_ptr<AuditCredential>();
  }
  std::unique_ptr<AuditCredential> c(new AuditCredential());
  if (!config.token_file.empty()) {
    std::ifstream in(config.token_file, std::ios::binary);
    if (!in) return Unexpected("--audit-token-file: cannot read " + config.token_file);
    std::string token((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto loaded = from_token(token);
    OPENSSL_cleanse(token.data(), token.size());
    if (!loaded) return Unexpected(loaded.error());
    c = std::move(loaded).value();
  }
  if (!config.client_ca_file.empty()) {
    c->client_ca_.reset(X509_STORE_new());
    if (!c->client_ca_ ||
        X509_STORE_load_file(c->client_ca_.get(), config.client_ca_file.c_str()) != 1) {
      return Unexpected("--audit-client-ca: cannot load CA certificates from " +
                        config.client_ca_file);
    }
  }
  return c;
}

bool AuditCredential::accepts(const httplib::Request& req) const {
  if (has_token_ && token_matches(req.get_header_value("Authorization"))) return true;
  return client_ca_ && client_certificate_verifies(req);
}

bool AuditCredential::token_matches(std::string_view authorization) const {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {  // the scheme is case-insensitive
    if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
        std::tolower(static_cast<unsigned char>(kScheme[i]))) {
      return false;
    }
  }
  // Comparing digests keeps the comparison constant-time and independent of the token length.
  const auto presented = sha256(trim(authorization.substr(kScheme.size())));
  return CRYPTO_memcmp(presented.data(), token_digest_.data(), presented.size()) == 0;
}

// Verified against the auditor CA here, not only by the listener's handshake: the main listener
// may accept EHR client certificates from another CA, and those must not open the ledger.
bool AuditCredential::client_certificate_verifies(const httplib::Request& req) const {
  if (req.ssl == nullptr) return false;
  X509* peer = SSL_get0_peer_certificate(req.ssl);
  if (peer == nullptr) return false;
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(req.ssl);
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  if (ctx == nullptr) return false;
  bool ok = X509_STORE_CTX_init(ctx, client_ca_.get(), peer, chain) == 1 &&
            X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT) == 1 &&
            X509_verify_cert(ctx) == 1;
  X509_STORE_CTX_free(ctx);
  return ok;
}

}  // namespace auc::hooks::audit
