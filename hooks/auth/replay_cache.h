// Remembers token ids (jti) until their token expires, so a captured token cannot be sent
// twice. Memory is bounded: entries are 16-byte digests of issuer+jti, and when the bound is
// reached the entry closest to expiry is dropped first (its replay window is the shortest).
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <set>
#include <string_view>
#include <unordered_map>

namespace auc::hooks {

class ReplayCache {
 public:
  explicit ReplayCache(std::size_t max_entries);

  // True the first time (issuer, jti) is seen before `expires_at`; false for a replay.
  bool first_use(std::string_view issuer, std::string_view jti, std::int64_t expires_at,
                 std::int64_t now);
  std::size_t size() const;

 private:
  using Digest = std::array<unsigned char, 16>;
  struct DigestHash {
    std::size_t operator()(const Digest& d) const;
  };
  void purge_expired(std::int64_t now);

  const std::size_t max_entries_;
  mutable std::mutex mu_;
  std::unordered_map<Digest, std::int64_t, DigestHash> expiry_by_id_;
  std::set<std::pair<std::int64_t, Digest>> by_expiry_;
};

}  // namespace auc::hooks
