#include "cards/ledger/sqlite/migrations.h"

#include <array>
#include <charconv>
#include <string>

#include "cards/ledger/ledger_tables.h"

namespace auc::cards::ledger::sqlite {
namespace {

constexpr int kLatestVersion = 4;

// The SQL that upgrades a database from version `version - 1` to `version`, after the hook_call
// columns of that version (hook_call_sql) are created.
std::string migration_sql(int version) {
  switch (version) {
    case 1:  // hook calls with their orders, ordered codes and cards; feedback with suggestions
      return create_tables_sql(
          SqlDialect::kSqlite,
          {&hook_call_indexes(), &call_order_table(), &order_code_table(), &call_card_table(),
           &feedback_table(), &feedback_suggestion_table()});
    case 2:
      // A random identity for this database, written into every call-journal entry, so that a
      // journal left beside a database that has since been replaced is never replayed into it.
      return R"sql(
CREATE TABLE ledger_identity (
  id TEXT NOT NULL
) STRICT;
INSERT INTO ledger_identity (id) VALUES (lower(hex(randomblob(16))));
)sql";
    case 3:  // the unrecognised-codes report, merged by each call's insert
      return create_tables_sql(SqlDialect::kSqlite,
                               {&unrecognised_code_table(), &unrecognised_code_overflow_table()}) +
             "INSERT INTO unrecognised_code_overflow (dropped) VALUES (0);\n";
    case 4:
      // The JSON documents of each call from now on, compressed together (packed_json.h); their
      // own columns hold '' in those rows. Rows written before keep the documents as text.
      return "ALTER TABLE hook_call ADD COLUMN packed_json BLOB;\n";
    default:
      return {};
  }
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
  static const std::array<const char*, 5> kSet = {
      "PRAGMA user_version = 0", "PRAGMA user_version = 1", "PRAGMA user_version = 2",
      "PRAGMA user_version = 3", "PRAGMA user_version = 4"};
  static_assert(kSet.size() == kLatestVersion + 1, "one statement per schema version");
  return kSet.at(static_cast<std::size_t>(version));
}

}  // namespace

int latest_schema_version() {
  return kLatestVersion;
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
    const std::string sql = hook_call_sql(SqlDialect::kSqlite, v + 1) + migration_sql(v + 1);
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
