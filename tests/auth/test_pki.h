// A throwaway certificate authority made at test time: server and client certificates with
// chosen validity, written as PEM files. Header-only so tests/server can use it too.
#pragma once

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <string>

#include "hooks/auth/openssl_ptr.h"
#include "tests/auth/test_tokens.h"

namespace auc::test {

struct IssuedCertificate {
  std::string cert_pem;
  std::string key_pem;
};

inline std::string certificate_pem(X509* cert) {
  hooks::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

class TestCa {
 public:
  explicit TestCa(const std::string& name = "auc-hooks test CA")
      : key_(make_ec_key("P-256")), cert_(X509_new()) {
    build(cert_.get(), name, key_.get(), -3600, 86400 * 30);
    X509_set_issuer_name(cert_.get(), X509_get_subject_name(cert_.get()));
    add_ext(cert_.get(), cert_.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert_.get(), cert_.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    X509_sign(cert_.get(), key_.get(), EVP_sha256());
  }

  std::string cert_pem() const { return certificate_pem(cert_.get()); }

  // Valid from now + not_before_s to now + not_after_s (seconds, may be negative).
  IssuedCertificate issue(const std::string& common_name, long not_before_s = -3600,
                          long not_after_s = 86400, bool client = false) const {
    auto key = make_ec_key("P-256");
    hooks::X509Ptr cert(X509_new());
    build(cert.get(), common_name, key.get(), not_before_s, not_after_s);
    X509_set_issuer_name(cert.get(), X509_get_subject_name(cert_.get()));
    add_ext(cert_.get(), cert.get(), NID_basic_constraints, "CA:FALSE");
    add_ext(cert_.get(), cert.get(), NID_ext_key_usage, client ? "clientAuth" : "serverAuth");
    if (!client)
      add_ext(cert_.get(), cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    X509_sign(cert.get(), key_.get(), EVP_sha256());
    return {certificate_pem(cert.get()), private_key_pem(key.get())};
  }

 private:
  static void build(X509* cert, const std::string& cn, EVP_PKEY* key, long nb, long na) {
    static long serial = 1;
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++);
    X509_gmtime_adj(X509_getm_notBefore(cert), nb);
    X509_gmtime_adj(X509_getm_notAfter(cert), na);
    X509_set_pubkey(cert, key);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  }
  static void add_ext(X509* issuer, X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }

  hooks::PkeyPtr key_;
  hooks::X509Ptr cert_;
};

}  // namespace auc::test
