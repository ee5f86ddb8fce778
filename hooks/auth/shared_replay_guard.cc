#include "hooks/auth/shared_replay_guard.h"

#include <mutex>
#include <optional>

#include "cards/ledger/hex_digest.h"
#include "cards/ledger/postgres/pg_connection.h"
#include "cards/ledger/postgres/pg_migrations.h"

namespace auc::hooks {
namespace {

using cards::ledger::postgres::Connection;
using cards::ledger::postgres::Params;
using cards::ledger::postgres::reconnect_if_gone;
using cards::ledger::postgres::Result;

// Expired rows are deleted once every this many checks.
constexpr std::uint64_t kPurgeEvery = 1000;

std::string digest_hex(std::string_view issuer, std::string_view jti) {
  std::string material(issuer);
  material.push_back('\0');
  material.append(jti);
  return cards::ledger::sha256_hex(material);
}

class PostgresReplayGuard final : public SharedReplayGuard {
 public:
  PostgresReplayGuard(std::string conninfo, Connection db)
      : conninfo_(std::move(conninfo)), db_(std::move(db)) {}

  Expected<bool, std::string> first_use(std::string_view issuer, std::string_view jti,
                                        std::int64_t expires_at, std::int64_t now) override {
    std::lock_guard lock(mutex_);
    if (auto opened = reconnect_if_gone(db_, conninfo_); !opened) {
      return Unexpected(opened.error());
    }
    if (++checks_ % kPurgeEvery == 0) {
      db_->exec("DELETE FROM jwt_replay WHERE expires_at < $1", Params().integer(now));
    }
    // A row for an expired token is taken over; a live one means a replay (no row returned).
    Result r = db_->exec(
        "INSERT INTO jwt_replay (digest, expires_at) VALUES ($1, $2) ON CONFLICT (digest) DO "
        "UPDATE SET expires_at = EXCLUDED.expires_at WHERE jwt_replay.expires_at < $3 "
        "RETURNING 1",
        Params().text(digest_hex(issuer, jti)).integer(expires_at).integer(now));
    if (!r.ok()) return Unexpected("replay check failed: " + r.error());
    return r.rows() == 1;
  }

 private:
  const std::string conninfo_;
  std::mutex mutex_;  // one connection: a check is one short statement
  std::optional<Connection> db_;
  std::uint64_t checks_ = 0;
};

}  // namespace

Expected<std::unique_ptr<SharedReplayGuard>, std::string> open_postgres_replay_guard(
    const std::string& conninfo) {
  auto db = Connection::open(conninfo);
  if (!db) return Unexpected("replay protection: " + db.error());
  // Under the migration lock: instances starting together create the table once.
  const std::string sql = std::string("BEGIN; SELECT pg_advisory_xact_lock(") +
                          cards::ledger::postgres::kMigrationLock +
                          "); CREATE TABLE IF NOT EXISTS jwt_replay (digest text PRIMARY KEY, "
                          "expires_at bigint NOT NULL); COMMIT";
  if (Result r = db->exec(sql.c_str()); !r.ok()) {
    return Unexpected("replay protection: cannot create its table: " + r.error());
  }
  return std::unique_ptr<SharedReplayGuard>(
      std::make_unique<PostgresReplayGuard>(conninfo, std::move(db).value()));
}

}  // namespace auc::hooks
