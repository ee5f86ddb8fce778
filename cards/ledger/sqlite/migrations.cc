#include "cards/ledger/sqlite/migrations.h"

#include <array>
#include <charconv>
#include <string>

#include "cards/ledger/call_fields.h"

namespace auc::cards::ledger::sqlite {
namespace {

// Index i upgrades a database from version i to version i + 1, after the hook_call columns of
// that version (hook_call_sql) are created.
constexpr std::array<const char*, 2> kMigrations = {
    // 1: hook calls with their orders, ordered codes and cards; feedback with its suggestions.
    R"sql(
CREATE INDEX hook_call_received ON hook_call(received_at_us);
CREATE INDEX hook_call_service ON hook_call(service_id, id);

CREATE TABLE call_order (
  call_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  order_reference TEXT NOT NULL,
  procedure_id TEXT NOT NULL,
  variant TEXT NOT NULL,
  category TEXT NOT NULL,
  rating INTEGER NOT NULL,
  pama_rating TEXT NOT NULL,
  PRIMARY KEY (call_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX call_order_variant ON call_order(variant, call_id);

CREATE TABLE order_code (
  call_id INTEGER NOT NULL,
  order_position INTEGER NOT NULL,
  position INTEGER NOT NULL,
  system TEXT NOT NULL,
  code TEXT NOT NULL,
  display TEXT NOT NULL,
  PRIMARY KEY (call_id, order_position, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE call_card (
  call_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  card_uuid TEXT NOT NULL,
  indicator TEXT NOT NULL,
  summary TEXT NOT NULL,
  order_reference TEXT NOT NULL,
  variant TEXT NOT NULL,
  suggested_procedure_id TEXT NOT NULL,
  PRIMARY KEY (call_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX call_card_uuid ON call_card(card_uuid);

CREATE TABLE feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dedupe_key TEXT NOT NULL UNIQUE,
  service_id TEXT NOT NULL,
  card_uuid TEXT NOT NULL,
  outcome TEXT NOT NULL,
  override_system TEXT NOT NULL,
  override_code TEXT NOT NULL,
  override_display TEXT NOT NULL,
  user_comment TEXT NOT NULL,
  outcome_timestamp TEXT NOT NULL,
  received_at_us INTEGER NOT NULL,
  issuer TEXT NOT NULL,
  tenant TEXT NOT NULL
) STRICT;
CREATE INDEX feedback_card ON feedback(card_uuid, outcome);
CREATE INDEX feedback_received ON feedback(received_at_us);

CREATE TABLE feedback_suggestion (
  feedback_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  suggestion_id TEXT NOT NULL,
  PRIMARY KEY (feedback_id, position)
) STRICT, WITHOUT ROWID;
)sql",
    // 2: a random identity for this database, written into every call-journal entry, so that a
    // journal left beside a database that has since been replaced is never replayed into it.
    R"sql(
CREATE TABLE ledger_identity (
  id TEXT NOT NULL
) STRICT;
INSERT INTO ledger_identity (id) VALUES (lower(hex(randomblob(16))));
)sql",
};

std::string column_sql(const CallField& f, bool added_later) {
  std::string sql(f.column);
  switch (f.type) {
    case FieldType::kInteger:
    case FieldType::kTime:
      return sql + (added_later ? " INTEGER NOT NULL DEFAULT 0" : " INTEGER NOT NULL");
    case FieldType::kOptionalText:
      return sql + " TEXT";
    case FieldType::kText:
    case FieldType::kJson:
      break;
  }
  return sql + (added_later ? " TEXT NOT NULL DEFAULT ''" : " TEXT NOT NULL");
}

// The hook_call columns schema `version` adds, from the field description. Version 1 creates the
// table, with AUTOINCREMENT so a purged sequence number is never reused: auditors cite them.
std::string hook_call_sql(int version) {
  std::string sql;
  for (const CallField& f : call_fields()) {
    if (f.since_schema != version) continue;
    if (version == 1) {
      sql += sql.empty() ? "CREATE TABLE hook_call (\n  id INTEGER PRIMARY KEY AUTOINCREMENT" : "";
      sql += ",\n  " + column_sql(f, false);
    } else {
      sql += "ALTER TABLE hook_call ADD COLUMN " + column_sql(f, true) + ";\n";
    }
  }
  if (version == 1) sql += "\n) STRICT;\n";
  return sql;
}

Expected<int, std::string> user_version(Database& db) {
  auto text = db.query_text("PRAGMA user_version");
  if (!text) return Unexpected(text.error());
  int version = 0;
  std::from_chars(text->data(), text->data() + text->size(), version);
  return version;
}

// PRAGMA cannot take a bound parameter; the version is one of our own constants.
const char* set_version_sql(int version) {
  static const std::array<const char*, 3> kSet = {
      "PRAGMA user_version = 0", "PRAGMA user_version = 1", "PRAGMA user_version = 2"};
  static_assert(kSet.size() == kMigrations.size() + 1, "one statement per schema version");
  return kSet.at(static_cast<std::size_t>(version));
}

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kMigrations.size());
}

Expected<int, std::string> migrate(Database& db) {
  // IMMEDIATE: two processes opening the same file at once cannot both migrate.
  auto tx = Transaction::begin(db, "BEGIN IMMEDIATE");
  if (!tx) return Unexpected("cannot start schema migration: " + tx.error());
  auto before = user_version(db);
  if (!before) return Unexpected("cannot read schema version: " + before.error());
  if (*before > latest_schema_version()) {
    return Unexpected("ledger schema version " + std::to_string(*before) +
                      " is newer than this binary supports (" +
                      std::to_string(latest_schema_version()) + ")");
  }
  for (int v = *before; v < latest_schema_version(); ++v) {
    const std::string sql = hook_call_sql(v + 1) + kMigrations.at(static_cast<std::size_t>(v));
    auto applied = db.exec(sql.c_str());
    if (!applied) {
      return Unexpected("schema migration " + std::to_string(v + 1) +
                        " failed: " + applied.error());
    }
    auto stamped = db.exec(set_version_sql(v + 1));
    if (!stamped) return Unexpected("cannot record schema version: " + stamped.error());
  }
  auto committed = tx->commit();
  if (!committed) return Unexpected("cannot commit schema migration: " + committed.error());
  return *before;
}

}  // namespace auc::cards::ledger::sqlite
