#include "hooks/auth/jws_signature.h"

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>

#include <array>
#include <cstring>
#include <vector>

#include "hooks/auth/openssl_ptr.h"

namespace auc::hooks {
namespace {

bool is_ecdsa(JwsAlgorithm alg) {
  return alg == JwsAlgorithm::kES256 || alg == JwsAlgorithm::kES384;
}

const EVP_MD* digest_for(JwsAlgorithm alg) {
  return (alg == JwsAlgorithm::kES256 || alg == JwsAlgorithm::kRS256) ? EVP_sha256() : EVP_sha384();
}

// Bytes per ECDSA scalar (R or S) for the algorithm's curve.
std::size_t ecdsa_scalar_size(JwsAlgorithm alg) {
  return alg == JwsAlgorithm::kES256 ? 32 : 48;
}

std::string_view curve_for(JwsAlgorithm alg) {
  return alg == JwsAlgorithm::kES256 ? "prime256v1" : "secp384r1";
}

std::optional<std::string> ec_curve_name(EVP_PKEY* key) {
  std::array<char, 64> name{};
  std::size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name.data(), name.size(),
                                     &len) != 1) {
    return std::nullopt;
  }
  return std::string(name.data(), len);
}

// JOSE's fixed-width R||S to the DER ECDSA-Sig-Value OpenSSL verifies.
std::optional<std::vector<unsigned char>> raw_to_der(std::string_view raw, std::size_t n) {
  if (raw.size() != 2 * n) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  BignumPtr r(BN_bin2bn(bytes, static_cast<int>(n), nullptr));
  BignumPtr s(BN_bin2bn(bytes + n, static_cast<int>(n), nullptr));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return std::nullopt;
  r.release();  // owned by sig now
  s.release();
  const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return std::nullopt;
  std::vector<unsigned char> der(static_cast<std::size_t>(len));
  unsigned char* out = der.data();
  if (i2d_ECDSA_SIG(sig.get(), &out) != len) return std::nullopt;
  return der;
}

std::optional<std::string> der_to_raw(const unsigned char* der, std::size_t der_len,
                                      std::size_t n) {
  const unsigned char* in = der;
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(der_len)));
  if (!sig) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(2 * n, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(r, out, static_cast<int>(n)) != static_cast<int>(n) ||
      BN_bn2binpad(s, out + n, static_cast<int>(n)) != static_cast<int>(n)) {
    return std::nullopt;
  }
  return raw;
}

}  // namespace

bool key_fits_algorithm(EVP_PKEY* key, JwsAlgorithm alg) {
  if (key == nullptr) return false;
  if (is_ecdsa(alg)) {
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return false;
    const auto curve = ec_curve_name(key);
    return curve && *curve == curve_for(alg);
  }
  return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA && EVP_PKEY_get_bits(key) >= 2048;
}

bool jws_verify(JwsAlgorithm alg, EVP_PKEY* public_key, std::string_view signing_input,
                std::string_view signature) {
  if (!key_fits_algorithm(public_key, alg)) return false;
  std::vector<unsigned char> der;
  const unsigned char* sig = reinterpret_cast<const unsigned char*>(signature.data());
  std::size_t sig_len = signature.size();
  if (is_ecdsa(alg)) {
    auto converted = raw_to_der(signature, ecdsa_scalar_size(alg));
    if (!converted) return false;
    der = std::move(*converted);
    sig = der.data();
    sig_len = der.size();
  } else if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(public_key))) {
    return false;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, digest_for(alg), nullptr, public_key) != 1) {
    return false;
  }
  if (!is_ecdsa(alg) && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) return false;
  const int rc = EVP_DigestVerify(ctx.get(), sig, sig_len,
                                  reinterpret_cast<const unsigned char*>(signing_input.data()),
                                  signing_input.size());
  return rc == 1;
}

std::optional<std::string> jws_sign(JwsAlgorithm alg, EVP_PKEY* private_key,
                                    std::string_view signing_input) {
  if (!key_fits_algorithm(private_key, alg)) return std::nullopt;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, digest_for(alg), nullptr, private_key) != 1) {
    return std::nullopt;
  }
  if (!is_ecdsa(alg) && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) {
    return std::nullopt;
  }
  const auto* data = reinterpret_cast<const unsigned char*>(signing_input.data());
  std::size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, data, signing_input.size()) != 1)
    return std::nullopt;
  std::vector<unsigned char> out(len);
  if (EVP_DigestSign(ctx.get(), out.data(), &len, data, signing_input.size()) != 1) {
    return std::nullopt;
  }
  if (is_ecdsa(alg)) return der_to_raw(out.data(), len, ecdsa_scalar_size(alg));
  return std::string(reinterpret_cast<const char*>(out.data()), len);
}

std::optional<JwsAlgorithm> default_algorithm_for_key(EVP_PKEY* key) {
  if (key == nullptr) return std::nullopt;
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) return JwsAlgorithm::kRS384;
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return std::nullopt;
  const auto curve = ec_curve_name(key);
  if (curve == "secp384r1") return JwsAlgorithm::kES384;
  if (curve == "prime256v1") return JwsAlgorithm::kES256;
  return std::nullopt;
}

}  // namespace auc::hooks
