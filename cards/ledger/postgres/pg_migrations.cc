#include "cards/ledger/postgres/pg_migrations.h"

#include <array>

#include "cards/ledger/call_fields.h"
#include "cards/ledger/ledger_tables.h"

namespace auc::cards::ledger::postgres {
namespace {

constexpr int kLatestVersion = 3;

// The SQL that upgrades a database from version `version - 1` to `version`, after the hook_call
// columns of that version (hook_call_sql) are created.
std::string migration_sql(int version) {
  switch (version) {
    case 1:
      // Hook calls with their orders, ordered codes and cards; feedback with its suggestions.
      // hook_call ids come from hook_call_id, taken while the commit-order lock is held, so they
      // grow in commit order (see pg_store.h). A call is stored once per (service, hookInstance).
      return "CREATE SEQUENCE hook_call_id;\n"
             "ALTER TABLE hook_call ADD UNIQUE (service_id, hook_instance);\n" +
             create_tables_sql(
                 SqlDialect::kPostgresql,
                 {&hook_call_indexes(), &call_order_table(), &order_code_table(),
                  &call_card_table(), &feedback_table(), &feedback_suggestion_table()});
    case 2:  // the unrecognised-codes report, merged by each call's insert
      return create_tables_sql(SqlDialect::kPostgresql,
                               {&unrecognised_code_table(), &unrecognised_code_overflow_table()}) +
             "INSERT INTO unrecognised_code_overflow (dropped) VALUES (0);\n";
    case 3: {
      // The JSON documents (most of a call's bytes) compressed with LZ4 rather than pglz when
      // PostgreSQL stores them out of line: a fraction of pglz's CPU time on the server, which
      // every call waits for (tests/bench/run.sh with a PostgreSQL ledger: c=16 throughput
      // 0.14-0.17 -> 0.21 of the ceiling at 5 resources). A server built without LZ4, or older
      // than 14 (no SET COMPRESSION), keeps pglz.
      std::string alter = "ALTER TABLE hook_call";
      bool first = true;
      for (const CallField& f : call_fields()) {
        if (f.type != FieldType::kJson) continue;
        alter.append(first ? " " : ", ").append("ALTER COLUMN ").append(f.column);
        alter += " SET COMPRESSION lz4";
        first = false;
      }
      return "DO $$ BEGIN " + alter +
             "; EXCEPTION WHEN feature_not_supported OR syntax_error THEN NULL; END $$;\n";
    }
    default:
      return {};
  }
}

// Constant SQL, possibly several statements (so no parameters: PQexec).
Expected<Ok, std::string> run(Connection& db, const std::string& sql) {
  Result r = db.exec(sql.c_str());
  if (!r.ok()) return Unexpected(r.error());
  return Ok{};
}

}  // namespace

int latest_schema_version() {
  return kLatestVersion;
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
    const std::string sql = hook_call_sql(SqlDialect::kPostgresql, v + 1) + migration_sql(v + 1) +
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
