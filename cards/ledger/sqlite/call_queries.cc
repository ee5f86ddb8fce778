#include "cards/ledger/sqlite/call_queries.h"

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "cards/ledger/call_fields.h"
#include "cards/ledger/call_sql.h"
#include "cards/ledger/sqlite/packed_json.h"

namespace auc::cards::ledger::sqlite {
namespace {

LedgerError storage_error(const std::string& what, Database& db) {
  return LedgerError{LedgerError::Kind::kUnavailable, what + ": " + db.error_message()};
}

// Binds the values of `where` to ?1..?n; returns n + 1.
int bind_conditions(Statement& stmt, const SqlConditions& where) {
  int index = 1;
  for (const SqlConditions::Value& v : where.values()) {
    std::visit([&](const auto& x) { stmt.bind(index, x); }, v);
    ++index;
  }
  return index;
}

Timestamp to_timestamp(std::int64_t us) {
  return Timestamp(std::chrono::microseconds(us));
}

Expected<std::vector<StoredFeedback>, LedgerError> load_feedback(Database& db, std::int64_t id) {
  auto stmt = db.cached(
      "SELECT f.id, f.service_id, f.card_uuid, f.outcome, f.override_system, f.override_code, "
      "f.override_display, f.user_comment, f.outcome_timestamp, f.received_at_us, f.issuer, "
      "f.tenant FROM feedback f WHERE f.card_uuid IN (SELECT card_uuid FROM call_card WHERE "
      "call_id = ?1) ORDER BY f.id");
  auto suggestions = db.cached(
      "SELECT suggestion_id FROM feedback_suggestion WHERE feedback_id = ?1 ORDER BY position");
  if (!stmt || !suggestions) return Unexpected(storage_error("cannot read feedback", db));
  std::vector<StoredFeedback> out;
  Statement& s = **stmt;
  s.bind(1, id);
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    StoredFeedback fb;
    fb.id = s.int64(0);
    FeedbackRecord& r = fb.record;
    r.service_id = s.text(1);
    r.card_uuid = s.text(2);
    r.outcome = s.text(3);
    r.override_reason = {s.text(4), s.text(5), s.text(6)};
    r.user_comment = s.text(7);
    r.outcome_timestamp = s.text(8);
    r.received_at = to_timestamp(s.int64(9));
    r.issuer = s.text(10);
    r.tenant = s.text(11);
    Statement& sg = **suggestions;
    sg.reset();
    sg.bind(1, fb.id);
    int src;
    while ((src = sg.step()) == SQLITE_ROW) r.accepted_suggestion_ids.push_back(sg.text(0));
    if (src != SQLITE_DONE) return Unexpected(storage_error("cannot read feedback", db));
    out.push_back(std::move(fb));
  }
  if (rc != SQLITE_DONE) return Unexpected(storage_error("cannot read feedback", db));
  return out;
}

// "SELECT id, <every field>, packed_json FROM hook_call WHERE id = ?1", built once from the field
// description.
const char* select_call_sql() {
  static const std::string kSql = [] {
    std::string sql = "SELECT id";
    for (const CallField& f : call_fields()) sql.append(", ").append(f.column);
    return sql + ", packed_json FROM hook_call WHERE id = ?1";
  }();
  return kSql.c_str();
}

// Loads one call with its orders, codes, cards and feedback. Call inside a read transaction.
Expected<std::optional<StoredCall>, LedgerError> load_call(Database& db, std::int64_t id) {
  auto head = db.cached(select_call_sql());
  if (!head) return Unexpected(storage_error("cannot read hook call", db));
  Statement& h = **head;
  h.bind(1, id);
  std::optional<StoredCall> found;
  int rc;
  while ((rc = h.step()) == SQLITE_ROW) {
    StoredCall c;
    c.id = h.int64(0);
    int column = 0;
    for (const CallField& f : call_fields()) {
      ++column;
      if (h.is_null(column)) {
        f.to_call(c, std::monostate{});
      } else if (f.type == FieldType::kInteger || f.type == FieldType::kTime) {
        f.to_call(c, h.int64(column));
      } else {
        const std::string text = h.text(column);
        f.to_call(c, std::string_view(text));
      }
    }
    // Rows written before the documents were packed have them in their own columns.
    if (!h.is_null(column + 1)) {
      const auto fields = packed_fields();
      auto documents = unpack_json(h.bytes(column + 1), fields.size());
      if (!documents) {
        h.reset();
        return Unexpected(LedgerError{
            LedgerError::Kind::kUnavailable,
            "cannot read hook call " + std::to_string(c.id) + ": " + documents.error()});
      }
      for (std::size_t i = 0; i < fields.size(); ++i) {
        fields[i]->to_call(c, std::string_view((*documents)[i]));
      }
    }
    found = std::move(c);
  }
  if (rc != SQLITE_DONE) return Unexpected(storage_error("cannot read hook call", db));
  if (!found) return found;
  StoredCall& call = *found;

  auto orders = db.cached(
      "SELECT order_reference, procedure_id, variant, category, rating, pama_rating FROM "
      "call_order WHERE call_id = ?1 ORDER BY position");
  auto codes = db.cached(
      "SELECT order_position, system, code, display FROM order_code WHERE call_id = ?1 ORDER BY "
      "order_position, position");
  auto cards = db.cached(
      "SELECT card_uuid, indicator, summary, order_reference, variant, suggested_procedure_id "
      "FROM call_card WHERE call_id = ?1 ORDER BY position");
  if (!orders || !codes || !cards) return Unexpected(storage_error("cannot read hook call", db));

  Statement& o = **orders;
  o.bind(1, id);
  while ((rc = o.step()) == SQLITE_ROW) {
    call.orders.push_back(OrderEntry{
        o.text(0), {}, o.text(1), o.text(2), o.text(3), static_cast<int>(o.int64(4)), o.text(5)});
  }
  if (rc != SQLITE_DONE) return Unexpected(storage_error("cannot read orders", db));

  Statement& k = **codes;
  k.bind(1, id);
  while ((rc = k.step()) == SQLITE_ROW) {
    const auto position = static_cast<std::size_t>(k.int64(0));
    if (position < call.orders.size()) {
      call.orders[position].ordered_codes.push_back(Code{k.text(1), k.text(2), k.text(3)});
    }
  }
  if (rc != SQLITE_DONE) return Unexpected(storage_error("cannot read ordered codes", db));

  Statement& d = **cards;
  d.bind(1, id);
  while ((rc = d.step()) == SQLITE_ROW) {
    call.cards.push_back(
        CardEntry{d.text(0), d.text(1), d.text(2), d.text(3), d.text(4), d.text(5)});
  }
  if (rc != SQLITE_DONE) return Unexpected(storage_error("cannot read cards", db));

  auto feedback = load_feedback(db, id);
  if (!feedback) return Unexpected(feedback.error());
  call.feedback = std::move(feedback).value();
  return found;
}

// Read transaction guard: a snapshot for the whole query.
Expected<Transaction, LedgerError> read_snapshot(Database& db) {
  auto tx = Transaction::begin(db, "BEGIN");
  if (!tx) return Unexpected(storage_error("cannot start a read", db));
  return std::move(tx).value();
}

Expected<Ok, LedgerError> fill_groups(Database& db, const SqlConditions& where, const char* column,
                                      std::map<std::string, GroupSummary>& groups) {
  auto cards = db.prepare(group_cards_sql(SqlDialect::kSqlite, column, where));
  if (!cards) return Unexpected(storage_error("cannot summarise cards", db));
  bind_conditions(*cards, where);
  int rc;
  while ((rc = cards->step()) == SQLITE_ROW) {
    GroupSummary& g = groups[cards->text(0)];
    g.cards_shown = cards->int64(1);
    g.accepted = cards->int64(2);
    g.overridden = cards->int64(3);
  }
  if (rc != SQLITE_DONE) return Unexpected(storage_error("cannot summarise cards", db));
  auto reasons = db.prepare(group_reasons_sql(SqlDialect::kSqlite, column, where));
  if (!reasons) return Unexpected(storage_error("cannot summarise override reasons", db));
  bind_conditions(*reasons, where);
  while ((rc = reasons->step()) == SQLITE_ROW) {
    groups[reasons->text(0)].override_reasons.push_back(
        ReasonCount{reasons->text(1), reasons->text(2), reasons->text(3), reasons->int64(4)});
  }
  if (rc != SQLITE_DONE) return Unexpected(storage_error("cannot summarise override reasons", db));
  return Ok{};
}

}  // namespace

Expected<std::vector<StoredCall>, LedgerError> find_calls(Database& db, const CallFilter& filter,
                                                          std::optional<std::int64_t> before_id,
                                                          int count) {
  SqlConditions where = call_conditions(filter);
  if (before_id) where.add("h.id < ?", *before_id);
  auto tx = read_snapshot(db);
  if (!tx) return Unexpected(tx.error());
  auto stmt = db.prepare(list_call_ids_sql(SqlDialect::kSqlite, where));
  if (!stmt) return Unexpected(storage_error("cannot list hook calls", db));
  const int next = bind_conditions(*stmt, where);
  stmt->bind(next, count);
  std::vector<std::int64_t> ids;
  int rc;
  while ((rc = stmt->step()) == SQLITE_ROW) ids.push_back(stmt->int64(0));
  if (rc != SQLITE_DONE) return Unexpected(storage_error("cannot list hook calls", db));
  std::vector<StoredCall> calls;
  calls.reserve(ids.size());
  for (std::int64_t id : ids) {
    auto call = load_call(db, id);
    if (!call) return Unexpected(call.error());
    if (*call) calls.push_back(std::move(**call));
  }
  (void)tx->commit();
  return calls;
}

Expected<std::optional<StoredCall>, LedgerError> find_call(Database& db, std::int64_t id) {
  auto tx = read_snapshot(db);
  if (!tx) return Unexpected(tx.error());
  auto call = load_call(db, id);
  (void)tx->commit();
  return call;
}

Expected<Summary, LedgerError> count(Database& db, const SummaryFilter& filter) {
  const SqlConditions where = summary_conditions(filter);
  auto tx = read_snapshot(db);
  if (!tx) return Unexpected(tx.error());
  Summary summary;
  auto calls = db.prepare(count_calls_sql(SqlDialect::kSqlite, where));
  if (!calls) return Unexpected(storage_error("cannot summarise hook calls", db));
  bind_conditions(*calls, where);
  int rc;
  while ((rc = calls->step()) == SQLITE_ROW) {
    summary.calls = calls->int64(0);
    summary.failed_calls = calls->int64(1);
  }
  if (rc != SQLITE_DONE) return Unexpected(storage_error("cannot summarise hook calls", db));
  if (auto ok = fill_groups(db, where, "variant", summary.by_variant); !ok) {
    return Unexpected(ok.error());
  }
  if (auto ok = fill_groups(db, where, "suggested_procedure_id", summary.by_suggested_study); !ok) {
    return Unexpected(ok.error());
  }
  (void)tx->commit();
  return summary;
}

}  // namespace auc::cards::ledger::sqlite
