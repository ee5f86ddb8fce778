// Card, suggestion and consultation ids: random RFC 4122 version 4 UUIDs in production, a
// predictable sequence in tests.
#pragma once

#include <cstdint>
#include <string>

namespace auc::cards {

class UuidSource {
 public:
  virtual ~UuidSource() = default;
  virtual std::string next() = 0;  // "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
};

// OpenSSL's CSPRNG; thread-safe.
class RandomUuidSource final : public UuidSource {
 public:
  std::string next() override;
};

// 00000000-0000-4000-8000-000000000001, ...002, ... (tests only).
class SequentialUuidSource final : public UuidSource {
 public:
  std::string next() override;

 private:
  std::uint64_t counter_ = 0;
};

}  // namespace auc::cards
