#include "hooks/auth/json_web_key.h"

#include <openssl/core_names.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <vector>

#include "hooks/auth/base64url.h"
#include "hooks/auth/strict_json.h"

namespace auc::hooks {
namespace {

constexpr std::size_t kMaxKeys = 64;

PkeyPtr key_from_params(const char* type, OSSL_PARAM_BLD* bld) {
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  PkeyPtr key(raw);
  // Reject points off the curve and degenerate RSA moduli before anything uses the key.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return key;
}

Expected<PkeyPtr, std::string> ec_key(const rapidjson::Value& jwk) {
  const auto crv = string_member(jwk, "crv");
  const auto x = string_member(jwk, "x");
  const auto y = string_member(jwk, "y");
  if (!crv || !x || !y) return Unexpected(std::string("EC key needs crv, x and y"));
  std::size_t n = 0;
  const char* group = nullptr;
  if (*crv == "P-384") {
    n = 48;
    group = "secp384r1";
  } else if (*crv == "P-256") {
    n = 32;
    group = "prime256v1";
  } else {
    return Unexpected(std::string("unsupported EC curve"));
  }
  const auto xb = base64url_decode(*x);
  const auto yb = base64url_decode(*y);
  if (!xb || !yb || xb->size() != n || yb->size() != n) {
    return Unexpected(std::string("EC coordinates are not base64url of the curve size"));
  }
  std::string point = "\x04" + *xb + *yb;  // SEC1 uncompressed point
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return Unexpected(std::string("out of memory"));
  }
  PkeyPtr key = key_from_params("EC", bld.get());
  if (!key) return Unexpected(std::string("EC point is not on the curve"));
  return key;
}

Expected<PkeyPtr, std::string> rsa_key(const rapidjson::Value& jwk) {
  const auto n = string_member(jwk, "n");
  const auto e = string_member(jwk, "e");
  if (!n || !e) return Unexpected(std::string("RSA key needs n and e"));
  const auto nb = base64url_decode(*n);
  const auto eb = base64url_decode(*e);
  if (!nb || !eb || nb->size() < 256 || nb->size() > 1024 || eb->empty() || eb->size() > 8) {
    return Unexpected(std::string("RSA modulus must be 2048 to 8192 bits with a small exponent"));
  }
  BignumPtr bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(nb->data()),
                           static_cast<int>(nb->size()), nullptr));
  BignumPtr bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(eb->data()),
                           static_cast<int>(eb->size()), nullptr));
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return Unexpected(std::string("out of memory"));
  }
  PkeyPtr key = key_from_params("RSA", bld.get());
  if (!key || EVP_PKEY_get_bits(key.get()) < 2048) {
    return Unexpected(std::string("RSA key is invalid or shorter than 2048 bits"));
  }
  return key;
}

bool has_private_material(const rapidjson::Value& jwk) {
  for (const char* name : {"d", "p", "q", "dp", "dq", "qi", "k"}) {
    if (has_member(jwk, name)) return true;
  }
  return false;
}

}  // namespace

Expected<KeySet, std::string> parse_jwks_value(const rapidjson::Value& jwks) {
  if (!jwks.IsObject()) return Unexpected(std::string("JWKS is not an object"));
  const auto keys = jwks.FindMember("keys");
  if (keys == jwks.MemberEnd() || !keys->value.IsArray()) {
    return Unexpected(std::string("JWKS has no \"keys\" array"));
  }
  if (keys->value.Size() > kMaxKeys) return Unexpected(std::string("JWKS has too many keys"));
  KeySet set;
  for (const auto& jwk : keys->value.GetArray()) {
    if (!jwk.IsObject()) return Unexpected(std::string("JWKS entry is not an object"));
    const auto kid = string_member(jwk, "kid");
    if (has_private_material(jwk)) {
      return Unexpected(std::string("JWKS contains private key material (kid ") +
                        std::string(kid.value_or("?")) + ")");
    }
    const auto use = string_member(jwk, "use");
    const auto kty = string_member(jwk, "kty");
    if (!kid || kid->empty() || (use && *use != "sig") || !kty) continue;
    Expected<PkeyPtr, std::string> key = Unexpected(std::string());
    if (*kty == "EC") {
      key = ec_key(jwk);
    } else if (*kty == "RSA") {
      key = rsa_key(jwk);
    } else {
      continue;  // e.g. "oct": symmetric keys are never trusted
    }
    if (!key) return Unexpected("key " + std::string(*kid) + ": " + key.error());
    JsonWebKey entry{share_pkey(std::move(*key)), std::nullopt};
    if (const auto alg = string_member(jwk, "alg")) {
      entry.alg = parse_jws_algorithm(*alg);
      if (!entry.alg) continue;  // pinned to an algorithm we never accept
    }
    if (!set.emplace(std::string(*kid), std::move(entry)).second) {
      return Unexpected("duplicate kid " + std::string(*kid));
    }
  }
  if (set.empty()) return Unexpected(std::string("JWKS has no usable signing key"));
  return set;
}

Expected<KeySet, std::string> parse_jwks(std::string_view json) {
  rapidjson::Document doc;
  if (!parse_strict_json_object(json, doc))
    return Unexpected(std::string("JWKS is not valid JSON"));
  return parse_jwks_value(doc);
}

std::optional<std::string> public_jwk_json(EVP_PKEY* key, std::string_view kid) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  auto field = [&](const char* name, std::string_view value) {
    w.Key(name);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
    std::array<char, 64> group{};
    std::size_t group_len = 0;
    std::array<unsigned char, 200> point{};
    std::size_t point_len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(),
                                       &group_len) != 1 ||
        EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(),
                                        &point_len) != 1 ||
        point_len < 3 || point[0] != 0x04) {
      return std::nullopt;
    }
    const std::string_view g(group.data(), group_len);
    const char* crv = g == "secp384r1" ? "P-384" : g == "prime256v1" ? "P-256" : nullptr;
    if (crv == nullptr) return std::nullopt;
    const std::size_t n = (point_len - 1) / 2;
    const auto* p = reinterpret_cast<const char*>(point.data());
    field("kty", "EC");
    field("crv", crv);
    field("x", base64url_encode(std::string_view(p + 1, n)));
    field("y", base64url_encode(std::string_view(p + 1 + n, n)));
  } else if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
    BignumPtr bn_n(n);
    BignumPtr bn_e(e);
    if (!bn_n || !bn_e) return std::nullopt;
    auto bytes = [](const BIGNUM* bn) {
      std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
      BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
      return out;
    };
    field("kty", "RSA");
    field("n", base64url_encode(bytes(bn_n.get())));
    field("e", base64url_encode(bytes(bn_e.get())));
  } else {
    return std::nullopt;
  }
  field("use", "sig");
  field("kid", kid);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace auc::hooks
