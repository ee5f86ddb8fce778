#include "cards/ledger/call_sql.h"

namespace auc::cards::ledger {
namespace {

// How the dialect counts the rows of a group that meet `condition`.
std::string count_where(SqlDialect dialect, const std::string& condition) {
  if (dialect == SqlDialect::kPostgresql) return "COUNT(*) FILTER (WHERE " + condition + ")";
  return "COALESCE(SUM(" + condition + "), 0)";  // a comparison is 0 or 1 in SQLite
}

// Codes sort by their bytes in both stores (PostgreSQL would otherwise use the locale's order).
std::string bytewise(SqlDialect dialect, const std::string& column) {
  return dialect == SqlDialect::kPostgresql ? column + " COLLATE \"C\"" : column;
}

void add_time_and_service(SqlConditions& where, const std::optional<Timestamp>& from,
                          const std::optional<Timestamp>& to, const std::string& service) {
  if (from) where.add("h.received_at_us >= ?", from->time_since_epoch().count());
  if (to) where.add("h.received_at_us < ?", to->time_since_epoch().count());
  if (!service.empty()) where.add("h.service_id = ?", service);
}

constexpr char kFeedbackOnCall[] =
    "EXISTS (SELECT 1 FROM call_card c JOIN feedback f ON f.card_uuid = c.card_uuid WHERE "
    "c.call_id = h.id";

}  // namespace

std::string sql_parameter(SqlDialect dialect, int n) {
  return (dialect == SqlDialect::kPostgresql ? "$" : "?") + std::to_string(n);
}

void SqlConditions::add(std::string_view fragment, std::int64_t value) {
  fragments_.emplace_back(fragment);
  has_value_.resize(fragments_.size());
  has_value_.back() = true;
  values_.emplace_back(value);
}

void SqlConditions::add(std::string_view fragment, std::string_view value) {
  fragments_.emplace_back(fragment);
  has_value_.resize(fragments_.size());
  has_value_.back() = true;
  values_.emplace_back(std::string(value));
}

std::string SqlConditions::sql(SqlDialect dialect) const {
  std::string out;
  int n = 0;
  for (std::size_t i = 0; i < fragments_.size(); ++i) {
    out += out.empty() ? " WHERE " : " AND ";
    std::string fragment = fragments_[i];
    if (i < has_value_.size() && has_value_[i]) {
      fragment.replace(fragment.find('?'), 1, sql_parameter(dialect, ++n));
    }
    out += fragment;
  }
  return out;
}

SqlConditions call_conditions(const CallFilter& f) {
  SqlConditions where;
  add_time_and_service(where, f.received_from, f.received_to, f.service_id);
  if (!f.variant.empty()) {
    where.add("EXISTS (SELECT 1 FROM call_order o WHERE o.call_id = h.id AND o.variant = ?)",
              f.variant);
  }
  if (f.rating) {
    where.add("EXISTS (SELECT 1 FROM call_order o WHERE o.call_id = h.id AND o.rating = ?)",
              std::int64_t{*f.rating});
  }
  if (!f.category.empty()) {
    where.add("EXISTS (SELECT 1 FROM call_order o WHERE o.call_id = h.id AND o.category = ?)",
              f.category);
  }
  if (!f.indicator.empty()) {
    where.add("EXISTS (SELECT 1 FROM call_card c WHERE c.call_id = h.id AND c.indicator = ?)",
              f.indicator);
  }
  switch (f.outcome) {
    case OutcomeFilter::kAccepted:
      where.add(std::string(kFeedbackOnCall) + " AND f.outcome = 'accepted')");
      break;
    case OutcomeFilter::kOverridden:
      where.add(std::string(kFeedbackOnCall) + " AND f.outcome = 'overridden')");
      break;
    case OutcomeFilter::kNone:
      where.add("EXISTS (SELECT 1 FROM call_card c WHERE c.call_id = h.id) AND NOT " +
                std::string(kFeedbackOnCall) + ")");
      break;
    case OutcomeFilter::kAny:
      break;
  }
  if (!f.override_reason_code.empty()) {
    where.add(std::string(kFeedbackOnCall) + " AND f.override_code = ?)", f.override_reason_code);
  }
  return where;
}

SqlConditions unrecognised_code_conditions(const UnrecognisedCodeFilter& f) {
  SqlConditions where;
  if (f.from) where.add("u.last_seen_us >= ?", f.from->time_since_epoch().count());
  if (f.to) where.add("u.first_seen_us <= ?", f.to->time_since_epoch().count());
  if (!f.system.empty()) where.add("u.system = ?", f.system);
  if (!f.kind.empty()) where.add("u.kind = ?", f.kind);
  return where;
}

SqlConditions summary_conditions(const SummaryFilter& f) {
  SqlConditions where;
  add_time_and_service(where, f.received_from, f.received_to, f.service_id);
  return where;
}

std::string list_call_ids_sql(SqlDialect dialect, const SqlConditions& where) {
  return "SELECT h.id FROM hook_call h" + where.sql(dialect) + " ORDER BY h.id DESC LIMIT " +
         sql_parameter(dialect, static_cast<int>(where.values().size()) + 1);
}

std::string count_calls_sql(SqlDialect dialect, const SqlConditions& where) {
  return "SELECT COUNT(*), " + count_where(dialect, "h.http_status >= 400 OR h.error != ''") +
         " FROM hook_call h" + where.sql(dialect);
}

std::string group_cards_sql(SqlDialect dialect, const char* column, const SqlConditions& where) {
  auto with_outcome = [&](const char* outcome) {
    return count_where(dialect, std::string("EXISTS (SELECT 1 FROM feedback f WHERE f.card_uuid = "
                                            "c.card_uuid AND f.outcome = '") +
                                    outcome + "')");
  };
  return std::string("SELECT c.") + column + ", COUNT(*), " + with_outcome("accepted") + ", " +
         with_outcome("overridden") + " FROM call_card c JOIN hook_call h ON h.id = c.call_id" +
         where.sql(dialect) + " GROUP BY 1";
}

std::string group_reasons_sql(SqlDialect dialect, const char* column, const SqlConditions& where) {
  const std::string conditions = where.sql(dialect);
  return std::string("SELECT c.") + column +
         ", f.override_system, f.override_code, MAX(f.override_display), COUNT(*) "
         "FROM call_card c JOIN hook_call h ON h.id = c.call_id "
         "JOIN feedback f ON f.card_uuid = c.card_uuid" +
         (conditions.empty() ? std::string(" WHERE ") : conditions + " AND ") +
         "f.outcome = 'overridden' GROUP BY 1, 2, 3 ORDER BY 5 DESC, " +
         bytewise(dialect, "f.override_code");
}

std::string list_unrecognised_codes_sql(SqlDialect dialect, const SqlConditions& where) {
  return "SELECT u.kind, u.system, u.code, u.display, u.service_id, u.seen_count, "
         "u.first_seen_us, u.last_seen_us, (" +
         std::string(kDroppedCodesSql) + ") FROM unrecognised_code u" + where.sql(dialect) +
         " ORDER BY u.seen_count DESC, " + bytewise(dialect, "u.kind") + ", " +
         bytewise(dialect, "u.system") + ", " + bytewise(dialect, "u.code") + ", " +
         bytewise(dialect, "u.service_id");
}

}  // namespace auc::cards::ledger
