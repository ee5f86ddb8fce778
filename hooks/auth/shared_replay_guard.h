// Replay protection that several instances share: a jti accepted by one instance is refused by
// every other one, and by the same instance after a restart. The in-process ReplayCache stays in
// front of it as the fast path (a replay against the same instance never reaches the database).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fhir/expected.h"

namespace auc::hooks {

class SharedReplayGuard {
 public:
  virtual ~SharedReplayGuard() = default;
  // True the first time (issuer, jti) is seen by any instance before `expires_at`; false for a
  // replay; an error when the shared store cannot be asked.
  virtual Expected<bool, std::string> first_use(std::string_view issuer, std::string_view jti,
                                                std::int64_t expires_at, std::int64_t now) = 0;
};

// A table in the ledger's PostgreSQL database holding a SHA-256 digest of issuer and jti (never
// the token) with its expiry; expired rows are reused and purged.
Expected<std::unique_ptr<SharedReplayGuard>, std::string> open_postgres_replay_guard(
    const std::string& conninfo);

}  // namespace auc::hooks
