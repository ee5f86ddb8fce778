#include "cards/ledger/ledger_tables.h"

#include <array>

#include "cards/ledger/call_fields.h"

namespace auc::cards::ledger {
namespace {

using T = ColumnType;

constexpr std::array<IndexSpec, 2> kHookCallIndexes = {{
    {"hook_call_received", "received_at_us"},
    {"hook_call_service", "service_id, id"},
}};

constexpr std::array<ColumnSpec, 8> kCallOrder = {{
    {"call_id", T::kBigInteger},
    {"position", T::kInteger},
    {"order_reference", T::kText},
    {"procedure_id", T::kText},
    {"variant", T::kText},
    {"category", T::kText},
    {"rating", T::kInteger},
    {"pama_rating", T::kText},
}};
constexpr std::array<IndexSpec, 1> kCallOrderIndexes = {
    {{"call_order_variant", "variant, call_id"}}};

constexpr std::array<ColumnSpec, 6> kOrderCode = {{
    {"call_id", T::kBigInteger},
    {"order_position", T::kInteger},
    {"position", T::kInteger},
    {"system", T::kText},
    {"code", T::kText},
    {"display", T::kText},
}};

constexpr std::array<ColumnSpec, 8> kCallCard = {{
    {"call_id", T::kBigInteger},
    {"position", T::kInteger},
    {"card_uuid", T::kText},
    {"indicator", T::kText},
    {"summary", T::kText},
    {"order_reference", T::kText},
    {"variant", T::kText},
    {"suggested_procedure_id", T::kText},
}};
constexpr std::array<IndexSpec, 1> kCallCardIndexes = {{{"call_card_uuid", "card_uuid"}}};

constexpr std::array<ColumnSpec, 13> kFeedback = {{
    {"id", T::kSerialKey},
    {"dedupe_key", T::kText, true},
    {"service_id", T::kText},
    {"card_uuid", T::kText},
    {"outcome", T::kText},
    {"override_system", T::kText},
    {"override_code", T::kText},
    {"override_display", T::kText},
    {"user_comment", T::kText},
    {"outcome_timestamp", T::kText},
    {"received_at_us", T::kBigInteger},
    {"issuer", T::kText},
    {"tenant", T::kText},
}};
constexpr std::array<IndexSpec, 2> kFeedbackIndexes = {{
    {"feedback_card", "card_uuid, outcome"},
    {"feedback_received", "received_at_us"},
}};

constexpr std::array<ColumnSpec, 3> kFeedbackSuggestion = {{
    {"feedback_id", T::kBigInteger},
    {"position", T::kInteger},
    {"suggestion_id", T::kText},
}};

constexpr std::array<ColumnSpec, 8> kUnrecognisedCode = {{
    {"kind", T::kText},
    {"system", T::kText},
    {"code", T::kText},
    {"service_id", T::kText},
    {"display", T::kText},
    {"seen_count", T::kBigInteger},
    {"first_seen_us", T::kBigInteger},
    {"last_seen_us", T::kBigInteger},
}};

constexpr std::array<ColumnSpec, 1> kUnrecognisedCodeOverflow = {{{"dropped", T::kBigInteger}}};

std::string column_type(SqlDialect dialect, ColumnType type) {
  const bool pg = dialect == SqlDialect::kPostgresql;
  switch (type) {
    case T::kText:
      return pg ? "text NOT NULL" : "TEXT NOT NULL";
    case T::kInteger:
      return pg ? "integer NOT NULL" : "INTEGER NOT NULL";
    case T::kBigInteger:
      return pg ? "bigint NOT NULL" : "INTEGER NOT NULL";
    case T::kSerialKey:
      break;
  }
  return pg ? "bigserial PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
}

// A hook_call column; one added after the table was created has a default for the rows before.
std::string hook_call_column_sql(SqlDialect dialect, const CallField& f, bool added_later) {
  const bool pg = dialect == SqlDialect::kPostgresql;
  std::string sql(f.column);
  switch (f.type) {
    case FieldType::kInteger:
    case FieldType::kTime:
      sql += pg ? " bigint NOT NULL" : " INTEGER NOT NULL";
      return sql + (added_later ? " DEFAULT 0" : "");
    case FieldType::kOptionalText:
      return sql + (pg ? " text" : " TEXT");
    case FieldType::kText:
    case FieldType::kJson:
      break;
  }
  sql += pg ? " text NOT NULL" : " TEXT NOT NULL";
  return sql + (added_later ? " DEFAULT ''" : "");
}

}  // namespace

std::string hook_call_sql(SqlDialect dialect, int version) {
  const bool pg = dialect == SqlDialect::kPostgresql;
  std::string sql;
  for (const CallField& f : call_fields()) {
    if (f.since_schema != version) continue;
    if (version == 1) {
      if (sql.empty()) {
        sql = pg ? "CREATE TABLE hook_call (\n  id bigint PRIMARY KEY"
                 : "CREATE TABLE hook_call (\n  id INTEGER PRIMARY KEY AUTOINCREMENT";
      }
      sql += ",\n  " + hook_call_column_sql(dialect, f, false);
    } else {
      sql += "ALTER TABLE hook_call ADD COLUMN " + hook_call_column_sql(dialect, f, true) + ";\n";
    }
  }
  if (version == 1) sql += pg ? "\n);\n" : "\n) STRICT;\n";
  return sql;
}

const TableSpec& hook_call_indexes() {
  static const TableSpec kSpec{"hook_call", {}, "", kHookCallIndexes};
  return kSpec;
}
const TableSpec& call_order_table() {
  static const TableSpec kSpec{"call_order", kCallOrder, "call_id, position", kCallOrderIndexes};
  return kSpec;
}
const TableSpec& order_code_table() {
  static const TableSpec kSpec{"order_code", kOrderCode, "call_id, order_position, position", {}};
  return kSpec;
}
const TableSpec& call_card_table() {
  static const TableSpec kSpec{"call_card", kCallCard, "call_id, position", kCallCardIndexes};
  return kSpec;
}
const TableSpec& feedback_table() {
  static const TableSpec kSpec{"feedback", kFeedback, "", kFeedbackIndexes};
  return kSpec;
}
const TableSpec& feedback_suggestion_table() {
  static const TableSpec kSpec{
      "feedback_suggestion", kFeedbackSuggestion, "feedback_id, position", {}};
  return kSpec;
}
const TableSpec& unrecognised_code_table() {
  static const TableSpec kSpec{
      "unrecognised_code", kUnrecognisedCode, "kind, system, code, service_id", {}};
  return kSpec;
}
const TableSpec& unrecognised_code_overflow_table() {
  static const TableSpec kSpec{"unrecognised_code_overflow", kUnrecognisedCodeOverflow, "", {}};
  return kSpec;
}

std::string create_tables_sql(SqlDialect dialect, std::initializer_list<const TableSpec*> tables) {
  std::string sql;
  for (const TableSpec* t : tables) {
    if (!t->columns.empty()) {
      sql.append("CREATE TABLE ").append(t->name).append(" (");
      bool first = true;
      for (const ColumnSpec& c : t->columns) {
        sql.append(first ? "\n  " : ",\n  ").append(c.name).append(" ");
        sql.append(column_type(dialect, c.type));
        if (c.unique) sql.append(" UNIQUE");
        first = false;
      }
      if (!t->primary_key.empty()) {
        sql.append(",\n  PRIMARY KEY (").append(t->primary_key).append(")");
      }
      sql.append("\n)");
      // STRICT: SQLite checks the declared types; a composite key is the row's storage order.
      if (dialect == SqlDialect::kSqlite) {
        sql.append(t->primary_key.empty() ? " STRICT" : " STRICT, WITHOUT ROWID");
      }
      sql.append(";\n");
    }
    for (const IndexSpec& i : t->indexes) {
      sql.append("CREATE INDEX ")
          .append(i.name)
          .append(" ON ")
          .append(t->name)
          .append("(")
          .append(i.columns)
          .append(");\n");
    }
  }
  return sql;
}

}  // namespace auc::cards::ledger
