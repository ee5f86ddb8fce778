#include "hooks/auth/jwks_cache.h"

namespace auc::hooks {

JwksCache::JwksCache(std::shared_ptr<JwksFetcher> fetcher, Clock clock, Warn warn)
    : fetcher_(std::move(fetcher)), clock_(std::move(clock)), warn_(std::move(warn)) {}

JwksCache::Entry& JwksCache::entry_for(const std::string& url) {
  std::lock_guard lock(map_mu_);
  auto& slot = entries_[url];
  if (!slot) slot = std::make_unique<Entry>();
  return *slot;
}

Expected<JsonWebKey, KeyLookupError> JwksCache::find(const RemoteJwks& source,
                                                     std::string_view kid) {
  Entry& e = entry_for(source.url);
  auto lookup =
      [&](const std::shared_ptr<const KeySet>& keys) -> Expected<JsonWebKey, KeyLookupError> {
    if (!keys) return Unexpected(KeyLookupError::kUnavailable);
    const auto it = keys->find(std::string(kid));
    if (it == keys->end()) return Unexpected(KeyLookupError::kUnknownKey);
    return it->second;
  };

  std::shared_ptr<const KeySet> keys;
  std::int64_t fetched_at = 0;
  {
    std::lock_guard lock(e.mu);
    keys = e.keys;
    fetched_at = e.fetched_at;
  }
  const std::int64_t now = clock_();
  const bool fresh = keys && now - fetched_at < source.ttl_seconds;
  if (fresh && keys->contains(std::string(kid))) return lookup(keys);

  // Refresh: the set is stale or missing, or this kid may be a newly rotated key.
  std::lock_guard fetch_lock(e.fetch_mu);
  {
    std::lock_guard lock(e.mu);
    if (e.keys != keys) return lookup(e.keys);  // another request refreshed meanwhile
    if (e.attempted && now - e.last_attempt < source.min_refresh_seconds) return lookup(e.keys);
    e.attempted = true;
    e.last_attempt = now;
  }
  auto body = fetcher_->fetch(source.url, source.ca_file);
  if (!body) {
    if (warn_) warn_("JWKS fetch from " + source.url + " failed: " + body.error());
  } else if (auto parsed = parse_jwks(*body); !parsed) {
    if (warn_) warn_("JWKS from " + source.url + " rejected: " + parsed.error());
  } else {
    auto fresh_keys = std::make_shared<const KeySet>(std::move(*parsed));
    std::lock_guard lock(e.mu);
    e.keys = std::move(fresh_keys);
    e.fetched_at = now;
  }
  std::lock_guard lock(e.mu);
  return lookup(e.keys);
}

}  // namespace auc::hooks
