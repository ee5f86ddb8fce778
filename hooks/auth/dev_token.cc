#include "hooks/auth/dev_token.h"

#include <openssl/rand.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <ostream>

#include "hooks/auth/clock.h"
#include "hooks/auth/jws_signature.h"
#include "hooks/auth/jwt_signer.h"
#include "hooks/auth/private_key_file.h"

namespace auc::hooks {
namespace {

std::optional<std::string> random_uuid() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) return std::nullopt;
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return std::string(out);
}

void put(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* key, const std::string& v) {
  w.Key(key);
  w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}

constexpr const char* kUsage =
    "usage: auc-hooks mint-token --key FILE --kid KID --iss ISSUER --aud URL [--ttl SECONDS]\n"
    "                            [--jku URL] [--tenant T] [--alg ES384|RS384|ES256|RS256]\n";

}  // namespace

Expected<std::string, std::string> mint_dev_token(const DevTokenRequest& request,
                                                  EVP_PKEY* private_key, std::int64_t now) {
  if (request.kid.empty() || request.issuer.empty() || request.audience.empty()) {
    return Unexpected(std::string("kid, issuer and audience are required"));
  }
  if (request.ttl_seconds <= 0) return Unexpected(std::string("ttl must be positive"));
  const auto alg = request.alg ? request.alg : default_algorithm_for_key(private_key);
  if (!alg) return Unexpected(std::string("key is neither EC P-256/P-384 nor RSA"));
  const auto jti = random_uuid();
  if (!jti) return Unexpected(std::string("no randomness for jti"));

  rapidjson::StringBuffer header;
  {
    rapidjson::Writer<rapidjson::StringBuffer> w(header);
    w.StartObject();
    put(w, "alg", std::string(jws_algorithm_name(*alg)));
    put(w, "typ", "JWT");
    put(w, "kid", request.kid);
    if (!request.jku.empty()) put(w, "jku", request.jku);
    w.EndObject();
  }
  rapidjson::StringBuffer payload;
  {
    rapidjson::Writer<rapidjson::StringBuffer> w(payload);
    w.StartObject();
    put(w, "iss", request.issuer);
    put(w, "aud", request.audience);
    w.Key("exp");
    w.Int64(now + request.ttl_seconds);
    w.Key("iat");
    w.Int64(now);
    put(w, "jti", *jti);
    if (!request.tenant.empty()) put(w, "tenant", request.tenant);
    w.EndObject();
  }
  return sign_compact_jwt(std::string_view(header.GetString(), header.GetSize()),
                          std::string_view(payload.GetString(), payload.GetSize()), *alg,
                          private_key);
}

int mint_token_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  DevTokenRequest request;
  std::string key_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h") {
      out << kUsage;
      return 0;
    }
    if (i + 1 >= args.size()) {
      err << "mint-token: " << flag << " needs a value\n" << kUsage;
      return 2;
    }
    const std::string& value = args[++i];
    if (flag == "--key") {
      key_file = value;
    } else if (flag == "--kid") {
      request.kid = value;
    } else if (flag == "--iss") {
      request.issuer = value;
    } else if (flag == "--aud") {
      request.audience = value;
    } else if (flag == "--jku") {
      request.jku = value;
    } else if (flag == "--tenant") {
      request.tenant = value;
    } else if (flag == "--ttl") {
      const auto [ptr, ec] =
          std::from_chars(value.data(), value.data() + value.size(), request.ttl_seconds);
      if (ec != std::errc() || ptr != value.data() + value.size() || request.ttl_seconds <= 0) {
        err << "mint-token: --ttl must be a positive number of seconds\n";
        return 2;
      }
    } else if (flag == "--alg") {
      request.alg = parse_jws_algorithm(value);
      if (!request.alg) {
        err << "mint-token: --alg must be ES384, RS384, ES256 or RS256\n";
        return 2;
      }
    } else {
      err << "mint-token: unknown option " << flag << "\n" << kUsage;
      return 2;
    }
  }
  if (key_file.empty() || request.kid.empty() || request.issuer.empty() ||
      request.audience.empty()) {
    err << "mint-token: --key, --kid, --iss and --aud are required\n" << kUsage;
    return 2;
  }
  if (const auto warning = key_file_permission_warning(key_file)) {
    err << "mint-token: warning: " << *warning << "\n";
  }
  auto key = load_private_key_pem(key_file);
  if (!key) {
    err << "mint-token: " << key.error() << "\n";
    return 2;
  }
  auto token = mint_dev_token(request, key->get(), system_clock()());
  if (!token) {
    err << "mint-token: " << token.error() << "\n";
    return 2;
  }
  out << *token << "\n";
  return 0;
}

}  // namespace auc::hooks
