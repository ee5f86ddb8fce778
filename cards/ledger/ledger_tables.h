// The ledger's tables other than hook_call (whose columns come from call_fields.h), described
// once: each store's migrations create them from this description in its own SQL dialect, so
// SQLite and PostgreSQL hold the same columns under the same names.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "cards/ledger/call_sql.h"

namespace auc::cards::ledger {

enum class ColumnType : std::uint8_t {
  kText,        // TEXT NOT NULL / text NOT NULL
  kInteger,     // INTEGER NOT NULL / integer NOT NULL (positions, ratings)
  kBigInteger,  // INTEGER NOT NULL / bigint NOT NULL (ids, times in microseconds, counts)
  kSerialKey,   // the table's own growing id: AUTOINCREMENT / bigserial, never reused
};

struct ColumnSpec {
  std::string_view name;
  ColumnType type;
  bool unique = false;
};

struct IndexSpec {
  std::string_view name;
  std::string_view columns;  // "card_uuid, outcome"
};

struct TableSpec {
  std::string_view name;
  std::span<const ColumnSpec> columns;
  std::string_view primary_key;  // "call_id, position"; "" when a kSerialKey column is the key
  std::span<const IndexSpec> indexes;
};

// The indexes on hook_call, and the tables of the first schema version.
const TableSpec& hook_call_indexes();  // no columns: hook_call's come from call_fields()
const TableSpec& call_order_table();
const TableSpec& order_code_table();
const TableSpec& call_card_table();
const TableSpec& feedback_table();
const TableSpec& feedback_suggestion_table();
// The unrecognised-codes report: one row per (kind, system, code, service), and the single row
// counting sightings refused once the report was full.
const TableSpec& unrecognised_code_table();
const TableSpec& unrecognised_code_overflow_table();

// The hook_call columns that schema `version` adds, from the field description (call_fields.h).
// Version 1 creates the table; its id never repeats a purged call's (auditors cite them): SQLite
// gives it with AUTOINCREMENT, PostgreSQL from the hook_call_id sequence (pg_store.h).
std::string hook_call_sql(SqlDialect dialect, int version);

// CREATE TABLE (when the spec has columns) and CREATE INDEX statements for `tables`.
std::string create_tables_sql(SqlDialect dialect, std::initializer_list<const TableSpec*> tables);

}  // namespace auc::cards::ledger
