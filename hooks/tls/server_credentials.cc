#include "hooks/tls/server_credentials.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <ctime>

#include "hooks/auth/issuer_trust.h"
#include "hooks/auth/private_key_file.h"

namespace auc::hooks::tls {
namespace {

constexpr std::size_t kMaxPemBytes = 1 << 20;

std::optional<std::int64_t> to_unix(const ASN1_TIME* t) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace

Expected<ServerCredentials, std::string> load_server_credentials(const std::string& cert_file,
                                                                 const std::string& key_file,
                                                                 std::int64_t now) {
  if (cert_file.empty() || key_file.empty()) {
    return Unexpected(std::string("TLS needs both --tls-cert and --tls-key (or --plain-http)"));
  }
  auto pem = read_small_file(cert_file, kMaxPemBytes);
  if (!pem) return Unexpected("TLS certificate: " + pem.error());
  BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  ServerCredentials creds;
  creds.certificate.reset(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!creds.certificate) {
    ERR_clear_error();
    return Unexpected("TLS certificate " + cert_file + ": no PEM certificate found");
  }
  creds.chain.reset(sk_X509_new_null());
  while (X509* extra = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    if (!creds.chain || sk_X509_push(creds.chain.get(), extra) == 0) {
      X509_free(extra);
      return Unexpected(std::string("TLS certificate: out of memory"));
    }
  }
  ERR_clear_error();  // the loop ends on "no start line"

  const auto not_before = to_unix(X509_get0_notBefore(creds.certificate.get()));
  const auto not_after = to_unix(X509_get0_notAfter(creds.certificate.get()));
  if (!not_before || !not_after) {
    return Unexpected("TLS certificate " + cert_file + ": unreadable validity dates");
  }
  if (*not_after < now) {
    return Unexpected("TLS certificate " + cert_file + " expired (notAfter " +
                      std::to_string(*not_after) + " < now " + std::to_string(now) +
                      " Unix seconds)");
  }
  if (*not_before > now) {
    return Unexpected("TLS certificate " + cert_file + " is not valid yet (notBefore is " +
                      std::to_string(*not_before - now) + " s in the future)");
  }
  creds.not_after = *not_after;

  auto key = load_private_key_pem(key_file);
  if (!key) return Unexpected("TLS " + key.error());
  creds.key = std::move(*key);
  if (X509_check_private_key(creds.certificate.get(), creds.key.get()) != 1) {
    ERR_clear_error();
    return Unexpected("TLS key " + key_file + " does not match certificate " + cert_file);
  }
  if (auto warning = key_file_permission_warning(key_file)) {
    creds.warnings.push_back("TLS " + *warning);
  }
  if (*not_after - now < 14 * 24 * 3600) {
    creds.warnings.push_back("TLS certificate " + cert_file + " expires in " +
                             std::to_string((*not_after - now) / 3600) + " hours");
  }
  return creds;
}

}  // namespace auc::hooks::tls
