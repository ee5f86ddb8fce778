#include "hooks/auth/jwt_authenticator.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "hooks/auth/base64url.h"
#include "hooks/auth/jws_signature.h"
#include "hooks/auth/strict_json.h"

namespace auc::hooks {
namespace {

constexpr std::size_t kMaxKidBytes = 256;
constexpr std::size_t kMaxJtiBytes = 256;
constexpr rapidjson::SizeType kMaxAudiences = 32;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// "Bearer <token>" (scheme case-insensitive, RFC 7235); "" when it is not that.
std::string_view bearer_token(std::string_view header) {
  constexpr std::string_view kScheme = "bearer";
  if (header.size() <= kScheme.size() || !iequals(header.substr(0, kScheme.size()), kScheme) ||
      header[kScheme.size()] != ' ') {
    return {};
  }
  header.remove_prefix(kScheme.size());
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t'))
    header.remove_suffix(1);
  return header;
}

struct CompactJws {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signing_input;  // header.payload
};

std::optional<CompactJws> split_compact(std::string_view token) {
  const std::size_t first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  CompactJws jws{token.substr(0, first), token.substr(first + 1, second - first - 1),
                 token.substr(second + 1), token.substr(0, second)};
  if (jws.header.empty() || jws.payload.empty()) return std::nullopt;
  return jws;
}

bool decode_json(std::string_view part, rapidjson::Document& doc) {
  const auto bytes = base64url_decode(part);
  return bytes && parse_strict_json_object(*bytes, doc);
}

bool audience_matches(const rapidjson::Value& claims, std::string_view audience) {
  const auto it = claims.FindMember("aud");
  if (it == claims.MemberEnd() || audience.empty()) return false;
  auto same = [&](const rapidjson::Value& v) {
    return v.IsString() && std::string_view(v.GetString(), v.GetStringLength()) == audience;
  };
  if (it->value.IsString()) return same(it->value);
  if (!it->value.IsArray() || it->value.Size() > kMaxAudiences) return false;
  const auto arr = it->value.GetArray();
  return std::any_of(arr.begin(), arr.end(), same);
}

}  // namespace

JwtAuthenticator::JwtAuthenticator(JwtPolicy policy, std::vector<IssuerTrust> issuers,
                                   std::size_t replay_entries, std::shared_ptr<JwksFetcher> fetcher,
                                   Clock clock, JwksCache::Warn warn,
                                   std::shared_ptr<SharedReplayGuard> shared_replay,
                                   JwksCache::Warn replay_warn)
    : policy_(std::move(policy)),
      issuers_(std::move(issuers)),
      clock_(clock),
      jwks_cache_(std::move(fetcher), clock, std::move(warn)),
      replay_cache_(replay_entries),
      shared_replay_(std::move(shared_replay)),
      replay_warn_(std::move(replay_warn)) {}

const IssuerTrust* JwtAuthenticator::find_issuer(std::string_view iss) const {
  for (const auto& t : issuers_) {
    if (t.issuer == iss) return &t;
  }
  return nullptr;
}

Expected<EhrIdentity, AuthFailure> JwtAuthenticator::authenticate(std::string_view authorization,
                                                                  std::string_view audience) {
  auto fail = [](AuthFailure f) { return Unexpected(f); };
  if (authorization.empty()) return fail(AuthFailure::kMissingToken);
  if (authorization.size() > kMaxAuthorizationBytes) return fail(AuthFailure::kMalformedToken);
  const std::string_view token = bearer_token(authorization);
  if (token.empty()) return fail(AuthFailure::kMissingToken);
  const auto jws = split_compact(token);
  if (!jws) return fail(AuthFailure::kMalformedToken);

  // --- JOSE header ---
  rapidjson::Document header;
  if (!decode_json(jws->header, header)) return fail(AuthFailure::kMalformedToken);
  const auto alg_name = string_member(header, "alg");
  if (!alg_name) return fail(AuthFailure::kAlgorithm);
  const auto alg = parse_jws_algorithm(*alg_name);  // none/HS*/unknown never parse
  if (!alg || std::find(policy_.algorithms.begin(), policy_.algorithms.end(), *alg) ==
                  policy_.algorithms.end()) {
    return fail(AuthFailure::kAlgorithm);
  }
  const auto typ = string_member(header, "typ");
  const auto kid = string_member(header, "kid");
  if (!typ || !iequals(*typ, "JWT") || !kid || kid->empty() || kid->size() > kMaxKidBytes ||
      has_member(header, "crit")) {
    return fail(AuthFailure::kHeader);
  }

  // --- issuer and key source (claims are untrusted until the signature checks out) ---
  rapidjson::Document claims;
  if (!decode_json(jws->payload, claims)) return fail(AuthFailure::kMalformedToken);
  const auto iss = string_member(claims, "iss");
  const IssuerTrust* trust = iss ? find_issuer(*iss) : nullptr;
  if (trust == nullptr) return fail(AuthFailure::kUntrustedIssuer);

  std::optional<std::string_view> jku;
  if (has_member(header, "jku")) {
    jku = string_member(header, "jku");
    if (!jku || std::find(trust->allowed_jku.begin(), trust->allowed_jku.end(), *jku) ==
                    trust->allowed_jku.end()) {
      return fail(AuthFailure::kUntrustedKeyUrl);
    }
  }

  JsonWebKey key;
  if (trust->local_keys) {
    const auto it = trust->local_keys->find(std::string(*kid));
    if (it == trust->local_keys->end()) return fail(AuthFailure::kUnknownKey);
    key = it->second;
  } else {
    RemoteJwks source{jku ? std::string(*jku) : trust->jwks_url, trust->jwks_ca_file,
                      trust->jwks_cache_seconds, trust->jwks_min_refresh_seconds};
    if (source.url.empty()) return fail(AuthFailure::kUntrustedKeyUrl);
    auto found = jwks_cache_.find(source, *kid);
    if (!found) {
      return fail(found.error() == KeyLookupError::kUnknownKey ? AuthFailure::kUnknownKey
                                                               : AuthFailure::kKeysUnavailable);
    }
    key = std::move(*found);
  }
  if ((key.alg && *key.alg != *alg) || !key_fits_algorithm(key.key.get(), *alg)) {
    return fail(AuthFailure::kAlgorithm);
  }

  // --- signature ---
  const auto signature = base64url_decode(jws->signature);
  if (!signature) return fail(AuthFailure::kMalformedToken);
  if (!jws_verify(*alg, key.key.get(), jws->signing_input, *signature)) {
    return fail(AuthFailure::kBadSignature);
  }

  // --- claims ---
  if (!audience_matches(claims, audience)) return fail(AuthFailure::kAudience);
  const std::int64_t now = clock_();
  const std::int64_t skew = policy_.clock_skew_seconds;
  const auto exp = numeric_date_member(claims, "exp");
  if (!exp || now > *exp + skew) return fail(AuthFailure::kExpired);
  const auto iat = numeric_date_member(claims, "iat");
  if (!iat || *iat > now + skew || *exp < *iat || *exp - *iat > policy_.max_lifetime_seconds) {
    return fail(AuthFailure::kNotYetValid);
  }
  if (has_member(claims, "nbf")) {
    const auto nbf = numeric_date_member(claims, "nbf");
    if (!nbf || *nbf > now + skew) return fail(AuthFailure::kNotYetValid);
  }
  std::string_view tenant;
  if (has_member(claims, "tenant")) {
    const auto t = string_member(claims, "tenant");
    if (!t) return fail(AuthFailure::kMalformedToken);
    tenant = *t;
  }
  if (!trust->tenants.empty() &&
      std::find(trust->tenants.begin(), trust->tenants.end(), tenant) == trust->tenants.end()) {
    return fail(AuthFailure::kUntrustedIssuer);
  }
  const auto jti = string_member(claims, "jti");
  if (!jti || jti->empty() || jti->size() > kMaxJtiBytes) return fail(AuthFailure::kMalformedToken);
  if (!replay_cache_.first_use(trust->issuer, *jti, *exp + skew, now)) {
    return fail(AuthFailure::kReplayed);
  }
  if (shared_replay_) {
    auto first = shared_replay_->first_use(trust->issuer, *jti, *exp + skew, now);
    if (!first) {
      // The shared database is unreachable. The call cannot be recorded either (same database),
      // so it gets 503 from the ledger; refusing it here would wrongly say 401.
      if (replay_warn_) replay_warn_(first.error());
    } else if (!*first) {
      return fail(AuthFailure::kReplayed);
    }
  }
  return EhrIdentity{trust->issuer, std::string(tenant)};
}

namespace {

Expected<JwtPolicy, std::string> policy_from(const JwtConfig& config) {
  JwtPolicy policy;
  for (const auto& name : config.algorithms) {
    const auto alg = parse_jws_algorithm(name);
    if (!alg) {
      return Unexpected("--jwt-algorithms: \"" + name +
                        "\" is not allowed (choose from ES384, RS384, ES256, RS256; none and "
                        "HMAC are never accepted)");
    }
    if (std::find(policy.algorithms.begin(), policy.algorithms.end(), *alg) ==
        policy.algorithms.end()) {
      policy.algorithms.push_back(*alg);
    }
  }
  if (policy.algorithms.empty()) return Unexpected(std::string("--jwt-algorithms is empty"));
  if (config.clock_skew_seconds < 0 || config.clock_skew_seconds > 600) {
    return Unexpected(std::string("--jwt-clock-skew must be 0 to 600 seconds"));
  }
  if (config.max_lifetime_seconds <= 0) {
    return Unexpected(std::string("--jwt-max-lifetime must be positive"));
  }
  if (config.replay_cache_entries <= 0) {
    return Unexpected(std::string("--jwt-replay-cache must be at least 1"));
  }
  policy.clock_skew_seconds = config.clock_skew_seconds;
  policy.max_lifetime_seconds = config.max_lifetime_seconds;
  return policy;
}

}  // namespace

Expected<std::unique_ptr<Authenticator>, std::string> make_jwt_authenticator(
    const JwtConfig& config, JwtAuthenticatorOptions options) {
  auto policy = policy_from(config);
  if (!policy) return Unexpected(policy.error());
  if (config.trust.empty()) {
    return Unexpected(std::string(
        "JWT authentication needs at least one --trust FILE|DIR (or --auth off for local tests)"));
  }
  auto issuers = load_issuer_trust(config.trust);
  if (!issuers) return Unexpected(issuers.error());
  if (!options.fetcher) options.fetcher = make_https_jwks_fetcher();
  if (!options.clock) options.clock = system_clock();
  std::unique_ptr<Authenticator> auth = std::make_unique<JwtAuthenticator>(
      std::move(*policy), std::move(*issuers),
      static_cast<std::size_t>(config.replay_cache_entries), std::move(options.fetcher),
      std::move(options.clock), std::move(options.warn), std::move(options.shared_replay),
      std::move(options.replay_warn));
  return auth;
}

Expected<std::unique_ptr<Authenticator>, std::string> make_jwt_authenticator(
    const JwtConfig& config, Clock clock) {
  JwtAuthenticatorOptions options;
  options.clock = std::move(clock);
  return make_jwt_authenticator(config, std::move(options));
}

}  // namespace auc::hooks
