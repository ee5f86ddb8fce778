#include "cards/ledger/postgres/pg_migrations.h"

#include <array>

#include "cards/ledger/call_fields.h"

namespace auc::cards::ledger::postgres {
namespace {

// Index i upgrades a database from version i to version i + 1, after the hook_call columns of
// that version (hook_call_sql) are created.
constexpr std::array<const char*, 1> kMigrations = {
    // 1: hook calls with their orders, ordered codes and cards; feedback with its suggestions.
    // hook_call ids come from hook_call_id, taken while the commit-order lock is held, so they
    // grow in commit order (see pg_store.h). A call is stored once per (service, hookInstance).
    R"sql(
CREATE SEQUENCE hook_call_id;
ALTER TABLE hook_call ADD UNIQUE (service_id, hook_instance);
CREATE INDEX hook_call_received ON hook_call(received_at_us);
CREATE INDEX hook_call_service ON hook_call(service_id, id);

CREATE TABLE call_order (
  call_id bigint NOT NULL,
  position integer NOT NULL,
  order_reference text NOT NULL,
  procedure_id text NOT NULL,
  variant text NOT NULL,
  category text NOT NULL,
  rating integer NOT NULL,
  pama_rating text NOT NULL,
  PRIMARY KEY (call_id, position)
);
CREATE INDEX call_order_variant ON call_order(variant, call_id);

CREATE TABLE order_code (
  call_id bigint NOT NULL,
  order_position integer NOT NULL,
  position integer NOT NULL,
  system text NOT NULL,
  code text NOT NULL,
  display text NOT NULL,
  PRIMARY KEY (call_id, order_position, position)
);

CREATE TABLE call_card (
  call_id bigint NOT NULL,
  position integer NOT NULL,
  card_uuid text NOT NULL,
  indicator text NOT NULL,
  summary text NOT NULL,
  order_reference text NOT NULL,
  variant text NOT NULL,
  suggested_procedure_id text NOT NULL,
  PRIMARY KEY (call_id, position)
);
CREATE INDEX call_card_uuid ON call_card(card_uuid);

CREATE TABLE feedback (
  id bigserial PRIMARY KEY,
  dedupe_key text NOT NULL UNIQUE,
  service_id text NOT NULL,
  card_uuid text NOT NULL,
  outcome text NOT NULL,
  override_system text NOT NULL,
  override_code text NOT NULL,
  override_display text NOT NULL,
  user_comment text NOT NULL,
  outcome_timestamp text NOT NULL,
  received_at_us bigint NOT NULL,
  issuer text NOT NULL,
  tenant text NOT NULL
);
CREATE INDEX feedback_card ON feedback(card_uuid, outcome);
CREATE INDEX feedback_received ON feedback(received_at_us);

CREATE TABLE feedback_suggestion (
  feedback_id bigint NOT NULL,
  position integer NOT NULL,
  suggestion_id text NOT NULL,
  PRIMARY KEY (feedback_id, position)
);
)sql",
};

std::string column_sql(const CallField& f, bool added_later) {
  std::string sql(f.column);
  switch (f.type) {
    case FieldType::kInteger:
    case FieldType::kTime:
      return sql + (added_later ? " bigint NOT NULL DEFAULT 0" : " bigint NOT NULL");
    case FieldType::kOptionalText:
      return sql + " text";
    case FieldType::kText:
    case FieldType::kJson:
      break;
  }
  return sql + (added_later ? " text NOT NULL DEFAULT ''" : " text NOT NULL");
}

// The hook_call columns schema `version` adds, from the field description.
std::string hook_call_sql(int version) {
  std::string sql;
  for (const CallField& f : call_fields()) {
    if (f.since_schema != version) continue;
    if (version == 1) {
      sql += sql.empty() ? "CREATE TABLE hook_call (\n  id bigint PRIMARY KEY" : "";
      sql += ",\n  " + column_sql(f, false);
    } else {
      sql += "ALTER TABLE hook_call ADD COLUMN " + column_sql(f, true) + ";\n";
    }
  }
  if (version == 1) sql += "\n);\n";
  return sql;
}

// Constant SQL, possibly several statements (so no parameters: PQexec).
Expected<Ok, std::string> run(Connection& db, const std::string& sql) {
  Result r = db.exec(sql.c_str());
  if (!r.ok()) return Unexpected(r.error());
  return Ok{};
}

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kMigrations.size());
}

Expected<int, std::string> migrate(Connection& db) {
  if (Result r = db.exec("BEGIN"); !r.ok()) {
    return Unexpected("cannot start schema migration: " + r.error());
  }
  auto fail = [&](const std::string& why) -> Expected<int, std::string> {
    db.exec("ROLLBACK");
    return Unexpected(why);
  };
  // Held until COMMIT: a second instance waits here, then finds the schema current.
  if (auto ok = run(db, std::string("SELECT pg_advisory_xact_lock(") + kMigrationLock + ")"); !ok) {
    return fail("cannot take the migration lock: " + ok.error());
  }
  if (auto ok = run(db,
                    "CREATE TABLE IF NOT EXISTS ledger_schema (version integer NOT NULL); "
                    "INSERT INTO ledger_schema SELECT 0 WHERE NOT EXISTS "
                    "(SELECT 1 FROM ledger_schema)");
      !ok) {
    return fail("cannot read schema version: " + ok.error());
  }
  Result version = db.exec("SELECT version FROM ledger_schema");
  if (!version.ok() || version.rows() != 1) {
    return fail("cannot read schema version: " + version.error());
  }
  const auto before = static_cast<int>(version.int64(0, 0));
  if (before > latest_schema_version()) {
    return fail("ledger schema version " + std::to_string(before) +
                " is newer than this binary supports (" + std::to_string(latest_schema_version()) +
                ")");
  }
  for (int v = before; v < latest_schema_version(); ++v) {
    const std::string sql = hook_call_sql(v + 1) + kMigrations.at(static_cast<std::size_t>(v)) +
                            "; UPDATE ledger_schema SET version = " + std::to_string(v + 1);
    if (auto ok = run(db, sql); !ok) {
      return fail("schema migration " + std::to_string(v + 1) + " failed: " + ok.error());
    }
  }
  if (Result r = db.exec("COMMIT"); !r.ok()) {
    return Unexpected("cannot commit schema migration: " + r.error());
  }
  return before;
}

}  // namespace auc::cards::ledger::postgres
