// CDS Hooks JWT authentication (CDS Hooks 2.0 "Trusting CDS Clients", RFC 7519, RFC 8725):
// the Authenticator the server calls on every CDS Hooks route.
//
// Order of checks: size and shape; header (alg allowlist - never none or HMAC -, typ JWT, kid,
// no crit); issuer allowlist; jku allowlist for that issuer; key by kid; signature; then the
// claims aud, exp, iat/nbf/lifetime, tenant; and last the jti replay cache, so only tokens
// with a valid signature can occupy it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/expected.h"
#include "hooks/auth/authenticator.h"
#include "hooks/auth/clock.h"
#include "hooks/auth/issuer_trust.h"
#include "hooks/auth/jwks_cache.h"
#include "hooks/auth/jws_algorithm.h"
#include "hooks/auth/replay_cache.h"
#include "hooks/auth/shared_replay_guard.h"
#include "hooks/config/config.h"

namespace auc::hooks {

// Authorization header values above this are refused before any decoding. Real CDS Hooks JWTs
// are 0.5-2 KiB; the cap sits below cpp-httplib's 8 KiB header-line limit so that an oversized
// token is answered by the authenticator (401), not by the HTTP parser (400).
inline constexpr std::size_t kMaxAuthorizationBytes = 7 * 1024;

struct JwtPolicy {
  std::vector<JwsAlgorithm> algorithms;
  int clock_skew_seconds = 60;
  int max_lifetime_seconds = 3600;
};

class JwtAuthenticator final : public Authenticator {
 public:
  JwtAuthenticator(JwtPolicy policy, std::vector<IssuerTrust> issuers, std::size_t replay_entries,
                   std::shared_ptr<JwksFetcher> fetcher, Clock clock, JwksCache::Warn warn,
                   std::shared_ptr<SharedReplayGuard> shared_replay = nullptr,
                   JwksCache::Warn replay_warn = {});

  Expected<EhrIdentity, AuthFailure> authenticate(std::string_view authorization,
                                                  std::string_view audience) override;

 private:
  const IssuerTrust* find_issuer(std::string_view iss) const;

  JwtPolicy policy_;
  std::vector<IssuerTrust> issuers_;
  Clock clock_;
  JwksCache jwks_cache_;
  ReplayCache replay_cache_;
  std::shared_ptr<SharedReplayGuard> shared_replay_;  // null: this instance's cache only
  JwksCache::Warn replay_warn_;
};

struct JwtAuthenticatorOptions {
  Clock clock = system_clock();
  std::shared_ptr<JwksFetcher> fetcher;  // null: HTTPS via cpp-httplib
  // Operational warnings (a JWKS fetch failed); never token material. May be empty.
  std::function<void(std::string_view)> warn;
  // Several instances: every instance refuses a jti any of them accepted. Null: in-process only.
  std::shared_ptr<SharedReplayGuard> shared_replay;
  // The shared replay check could not be made (database unreachable). May be empty.
  std::function<void(std::string_view)> replay_warn;
};

// Validates the flags (algorithms, skew, lifetime, replay bound) and loads the --trust files.
// Errors are one line, naming the flag or file.
Expected<std::unique_ptr<Authenticator>, std::string> make_jwt_authenticator(
    const JwtConfig& config, JwtAuthenticatorOptions options = {});
Expected<std::unique_ptr<Authenticator>, std::string> make_jwt_authenticator(
    const JwtConfig& config, Clock clock);

}  // namespace auc::hooks
