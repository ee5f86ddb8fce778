#include "hooks/auth/replay_cache.h"

#include <openssl/evp.h>

#include <cstring>
#include <string>

namespace auc::hooks {

ReplayCache::ReplayCache(std::size_t max_entries) : max_entries_(max_entries) {}

std::size_t ReplayCache::DigestHash::operator()(const Digest& d) const {
  std::size_t h = 0;
  std::memcpy(&h, d.data(), sizeof h);  // already a cryptographic digest
  return h;
}

void ReplayCache::purge_expired(std::int64_t now) {
  while (!by_expiry_.empty() && by_expiry_.begin()->first < now) {
    expiry_by_id_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
}

bool ReplayCache::first_use(std::string_view issuer, std::string_view jti, std::int64_t expires_at,
                            std::int64_t now) {
  std::string material;
  material.reserve(issuer.size() + 1 + jti.size());
  material.append(issuer).push_back('\0');  // issuers cannot collide through concatenation
  material.append(jti);
  unsigned char full[EVP_MAX_MD_SIZE] = {};
  unsigned int full_len = 0;
  EVP_Digest(material.data(), material.size(), full, &full_len, EVP_sha256(), nullptr);
  Digest id{};
  std::memcpy(id.data(), full, id.size());

  std::lock_guard lock(mu_);
  purge_expired(now);
  if (expiry_by_id_.contains(id)) return false;
  while (!by_expiry_.empty() && by_expiry_.size() >= max_entries_) {
    expiry_by_id_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
  expiry_by_id_.emplace(id, expires_at);
  by_expiry_.emplace(expires_at, id);
  return true;
}

std::size_t ReplayCache::size() const {
  std::lock_guard lock(mu_);
  return expiry_by_id_.size();
}

}  // namespace auc::hooks
