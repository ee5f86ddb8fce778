// Remote JWKS kept in memory per URL: refreshed when older than its TTL, and when a token
// names a kid the cached set lacks (key rotation), but at most once per minimum interval per
// URL so a flood of made-up kids cannot hammer the issuer. When a refresh fails, the keys
// already held stay in use (an outage at the issuer should not lock its EHR out).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "fhir/expected.h"
#include "hooks/auth/clock.h"
#include "hooks/auth/json_web_key.h"
#include "hooks/auth/jwks_fetcher.h"

namespace auc::hooks {

struct RemoteJwks {
  std::string url;
  std::string ca_file;
  int ttl_seconds = 3600;
  int min_refresh_seconds = 60;
};

enum class KeyLookupError : std::uint8_t { kUnknownKey, kUnavailable };

class JwksCache {
 public:
  using Warn = std::function<void(std::string_view)>;
  // `warn` hears about failed fetches (URL and cause only); it may be empty.
  JwksCache(std::shared_ptr<JwksFetcher> fetcher, Clock clock, Warn warn);

  Expected<JsonWebKey, KeyLookupError> find(const RemoteJwks& source, std::string_view kid);

 private:
  struct Entry {
    std::mutex mu;        // guards the fields below
    std::mutex fetch_mu;  // one fetch per URL at a time
    std::shared_ptr<const KeySet> keys;
    std::int64_t fetched_at = 0;
    std::int64_t last_attempt = 0;
    bool attempted = false;
  };
  Entry& entry_for(const std::string& url);

  std::shared_ptr<JwksFetcher> fetcher_;
  Clock clock_;
  Warn warn_;
  std::mutex map_mu_;
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;  // allowlisted URLs only
};

}  // namespace auc::hooks
