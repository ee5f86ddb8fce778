// The auditor queries' SQL, written once for both stores: the filters of a call list and of a
// summary, and the statements that list and count. The dialects differ only in how a parameter
// is written ("?1" in SQLite, "$1" in PostgreSQL) and in a few spellings chosen here, so the two
// stores answer the same question with the same SQL and only bind and read it their own way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cards/ledger/query.h"

namespace auc::cards::ledger {

enum class SqlDialect : std::uint8_t { kSqlite, kPostgresql };

// Parameter number `n` (from 1) as the dialect writes it.
std::string sql_parameter(SqlDialect dialect, int n);

// A WHERE clause assembled from constant fragments over hook_call h; "?" in a fragment stands for
// its value, which is always a parameter, never spliced into the text.
class SqlConditions {
 public:
  using Value = std::variant<std::int64_t, std::string>;

  void add(std::string_view fragment) { fragments_.emplace_back(fragment); }
  void add(std::string_view fragment, std::int64_t value);
  void add(std::string_view fragment, std::string_view value);

  // " WHERE a AND b" (or "" when there is no condition), values numbered from 1.
  std::string sql(SqlDialect dialect) const;
  // The values in parameter order.
  const std::vector<Value>& values() const { return values_; }

 private:
  std::vector<std::string> fragments_;
  std::vector<bool> has_value_;  // per fragment
  std::vector<Value> values_;
};

SqlConditions call_conditions(const CallFilter& filter);
SqlConditions summary_conditions(const SummaryFilter& filter);
// Over unrecognised_code u.
SqlConditions unrecognised_code_conditions(const UnrecognisedCodeFilter& filter);

// The ids of the matching calls, newest first; the page size is the parameter after `where`'s.
std::string list_call_ids_sql(SqlDialect dialect, const SqlConditions& where);
// Calls and failed calls.
std::string count_calls_sql(SqlDialect dialect, const SqlConditions& where);
// Per value of call_card's `column`: cards shown, accepted, overridden.
std::string group_cards_sql(SqlDialect dialect, const char* column, const SqlConditions& where);
// Per value of call_card's `column`: override reasons (system, code, display, count), the most
// frequent first.
std::string group_reasons_sql(SqlDialect dialect, const char* column, const SqlConditions& where);
// The matching unrecognised codes, most seen first: kind, system, code, display, service, count,
// first and last seen, and on every row the count of dropped sightings.
std::string list_unrecognised_codes_sql(SqlDialect dialect, const SqlConditions& where);
inline constexpr char kDroppedCodesSql[] = "SELECT dropped FROM unrecognised_code_overflow";

}  // namespace auc::cards::ledger
