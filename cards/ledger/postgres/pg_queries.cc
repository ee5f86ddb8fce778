#include "cards/ledger/postgres/pg_queries.h"

#include <string>
#include <utility>

#include "cards/ledger/call_fields.h"
#include "cards/ledger/call_sql.h"
#include "cards/ledger/card_offer.h"

namespace auc::cards::ledger::postgres {
namespace {

LedgerError storage_error(const std::string& what, const Result& r) {
  return LedgerError{LedgerError::Kind::kUnavailable, what + ": " + r.error()};
}

// The values of `where` as parameters $1..$n.
Params params_of(const SqlConditions& where) {
  Params params;
  for (const SqlConditions::Value& v : where.values()) {
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
      params.integer(*n);
    } else {
      params.text(std::get<std::string>(v));
    }
  }
  return params;
}

Timestamp to_timestamp(std::int64_t us) {
  return Timestamp(std::chrono::microseconds(us));
}

const std::string& select_call_sql() {
  static const std::string kSql = [] {
    std::string sql = "SELECT id";
    for (const CallField& f : call_fields()) sql.append(", ").append(f.column);
    return sql + " FROM hook_call WHERE id = $1";
  }();
  return kSql;
}

Expected<std::vector<StoredFeedback>, LedgerError> load_feedback(Connection& db, std::int64_t id) {
  Result r = db.exec(
      "SELECT f.id, f.service_id, f.card_uuid, f.outcome, f.override_system, f.override_code, "
      "f.override_display, f.user_comment, f.outcome_timestamp, f.received_at_us, f.issuer, "
      "f.tenant FROM feedback f WHERE f.card_uuid IN (SELECT card_uuid FROM call_card WHERE "
      "call_id = $1) ORDER BY f.id",
      Params().integer(id));
  if (!r.ok()) return Unexpected(storage_error("cannot read feedback", r));
  std::vector<StoredFeedback> out;
  for (int i = 0; i < r.rows(); ++i) {
    StoredFeedback fb;
    fb.id = r.int64(i, 0);
    FeedbackRecord& f = fb.record;
    f.service_id = r.text(i, 1);
    f.card_uuid = r.text(i, 2);
    f.outcome = r.text(i, 3);
    f.override_reason = {r.text(i, 4), r.text(i, 5), r.text(i, 6)};
    f.user_comment = r.text(i, 7);
    f.outcome_timestamp = r.text(i, 8);
    f.received_at = to_timestamp(r.int64(i, 9));
    f.issuer = r.text(i, 10);
    f.tenant = r.text(i, 11);
    out.push_back(std::move(fb));
  }
  for (StoredFeedback& fb : out) {
    Result s = db.exec(
        "SELECT suggestion_id FROM feedback_suggestion WHERE feedback_id = $1 ORDER BY position",
        Params().integer(fb.id));
    if (!s.ok()) return Unexpected(storage_error("cannot read feedback", s));
    for (int i = 0; i < s.rows(); ++i) fb.record.accepted_suggestion_ids.push_back(s.text(i, 0));
  }
  return out;
}

Expected<std::optional<StoredCall>, LedgerError> load_call(Connection& db, std::int64_t id) {
  Result h = db.exec(select_call_sql(), Params().integer(id));
  if (!h.ok()) return Unexpected(storage_error("cannot read hook call", h));
  if (h.rows() == 0) return std::optional<StoredCall>();
  StoredCall call;
  call.id = h.int64(0, 0);
  int column = 0;
  for (const CallField& f : call_fields()) {
    ++column;
    if (h.is_null(0, column)) {
      f.to_call(call, std::monostate{});
    } else if (f.type == FieldType::kInteger || f.type == FieldType::kTime) {
      f.to_call(call, h.int64(0, column));
    } else {
      const std::string text = h.text(0, column);
      f.to_call(call, std::string_view(text));
    }
  }
  Result o = db.exec(
      "SELECT order_reference, procedure_id, variant, category, rating, pama_rating FROM "
      "call_order WHERE call_id = $1 ORDER BY position",
      Params().integer(id));
  if (!o.ok()) return Unexpected(storage_error("cannot read orders", o));
  for (int i = 0; i < o.rows(); ++i) {
    call.orders.push_back(OrderEntry{o.text(i, 0),
                                     {},
                                     o.text(i, 1),
                                     o.text(i, 2),
                                     o.text(i, 3),
                                     static_cast<int>(o.int64(i, 4)),
                                     o.text(i, 5)});
  }
  Result k = db.exec(
      "SELECT order_position, system, code, display FROM order_code WHERE call_id = $1 ORDER BY "
      "order_position, position",
      Params().integer(id));
  if (!k.ok()) return Unexpected(storage_error("cannot read ordered codes", k));
  for (int i = 0; i < k.rows(); ++i) {
    const auto position = static_cast<std::size_t>(k.int64(i, 0));
    if (position < call.orders.size()) {
      call.orders[position].ordered_codes.push_back(Code{k.text(i, 1), k.text(i, 2), k.text(i, 3)});
    }
  }
  Result d = db.exec(
      "SELECT card_uuid, indicator, summary, order_reference, variant, suggested_procedure_id "
      "FROM call_card WHERE call_id = $1 ORDER BY position",
      Params().integer(id));
  if (!d.ok()) return Unexpected(storage_error("cannot read cards", d));
  for (int i = 0; i < d.rows(); ++i) {
    call.cards.push_back(CardEntry{d.text(i, 0), d.text(i, 1), d.text(i, 2), d.text(i, 3),
                                   d.text(i, 4), d.text(i, 5)});
  }
  auto feedback = load_feedback(db, id);
  if (!feedback) return Unexpected(feedback.error());
  call.feedback = std::move(feedback).value();
  return std::optional<StoredCall>(std::move(call));
}

// A read-only snapshot for the whole query; rolled back (nothing to keep) when it goes.
class Snapshot {
 public:
  explicit Snapshot(Connection& db) : db_(db) {}
  ~Snapshot() {
    if (open_) db_.exec("ROLLBACK");
  }
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  Expected<Ok, LedgerError> begin() {
    Result r = db_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!r.ok()) return Unexpected(storage_error("cannot start a read", r));
    open_ = true;
    return Ok{};
  }

 private:
  Connection& db_;
  bool open_ = false;
};

Expected<Ok, LedgerError> fill_groups(Connection& db, const SqlConditions& where,
                                      const char* column,
                                      std::map<std::string, GroupSummary>& groups) {
  const Params params = params_of(where);
  Result cards = db.exec(group_cards_sql(SqlDialect::kPostgresql, column, where), params);
  if (!cards.ok()) return Unexpected(storage_error("cannot summarise cards", cards));
  for (int i = 0; i < cards.rows(); ++i) {
    GroupSummary& g = groups[cards.text(i, 0)];
    g.cards_shown = cards.int64(i, 1);
    g.accepted = cards.int64(i, 2);
    g.overridden = cards.int64(i, 3);
  }
  Result reasons = db.exec(group_reasons_sql(SqlDialect::kPostgresql, column, where), params);
  if (!reasons.ok()) return Unexpected(storage_error("cannot summarise override reasons", reasons));
  for (int i = 0; i < reasons.rows(); ++i) {
    groups[reasons.text(i, 0)].override_reasons.push_back(ReasonCount{
        reasons.text(i, 1), reasons.text(i, 2), reasons.text(i, 3), reasons.int64(i, 4)});
  }
  return Ok{};
}

}  // namespace

Expected<std::vector<StoredCall>, LedgerError> find_calls(Connection& db, const CallFilter& filter,
                                                          std::optional<std::int64_t> before_id,
                                                          int count) {
  SqlConditions where = call_conditions(filter);
  if (before_id) where.add("h.id < ?", *before_id);
  Snapshot snapshot(db);
  if (auto ok = snapshot.begin(); !ok) return Unexpected(ok.error());
  Params params = params_of(where);
  params.integer(count);
  Result ids = db.exec(list_call_ids_sql(SqlDialect::kPostgresql, where), params);
  if (!ids.ok()) return Unexpected(storage_error("cannot list hook calls", ids));
  std::vector<StoredCall> calls;
  calls.reserve(static_cast<std::size_t>(ids.rows()));
  for (int i = 0; i < ids.rows(); ++i) {
    auto call = load_call(db, ids.int64(i, 0));
    if (!call) return Unexpected(call.error());
    if (*call) calls.push_back(std::move(**call));
  }
  return calls;
}

Expected<std::optional<StoredCall>, LedgerError> find_call(Connection& db, std::int64_t id) {
  Snapshot snapshot(db);
  if (auto ok = snapshot.begin(); !ok) return Unexpected(ok.error());
  return load_call(db, id);
}

Expected<Summary, LedgerError> count(Connection& db, const SummaryFilter& filter) {
  const SqlConditions where = summary_conditions(filter);
  Snapshot snapshot(db);
  if (auto ok = snapshot.begin(); !ok) return Unexpected(ok.error());
  Summary summary;
  Result calls = db.exec(count_calls_sql(SqlDialect::kPostgresql, where), params_of(where));
  if (!calls.ok()) return Unexpected(storage_error("cannot summarise hook calls", calls));
  summary.calls = calls.int64(0, 0);
  summary.failed_calls = calls.int64(0, 1);
  if (auto ok = fill_groups(db, where, "variant", summary.by_variant); !ok) {
    return Unexpected(ok.error());
  }
  if (auto ok = fill_groups(db, where, "suggested_procedure_id", summary.by_suggested_study); !ok) {
    return Unexpected(ok.error());
  }
  return summary;
}

Expected<std::optional<CardOffer>, LedgerError> find_card(Connection& db, std::string_view uuid) {
  Result r = db.exec(
      "SELECT h.service_id, h.issuer, h.tenant, h.patient_pseudonym, h.user_pseudonym, "
      "h.cards_json::text FROM call_card c JOIN hook_call h ON h.id = c.call_id "
      "WHERE c.card_uuid = $1 ORDER BY h.id DESC LIMIT 1",
      Params().text(uuid));
  if (!r.ok()) return Unexpected(storage_error("cannot look up a card", r));
  if (r.rows() == 0) return std::optional<CardOffer>();
  std::optional<CardOffer> offer = card_offer_from_cards_json(r.text(0, 5), uuid);
  if (offer) {
    offer->service_id = r.text(0, 0);
    offer->issuer = r.text(0, 1);
    offer->tenant = r.text(0, 2);
    offer->patient_pseudonym = r.text(0, 3);
    offer->user_pseudonym = r.text(0, 4);
  }
  return offer;
}

}  // namespace auc::cards::ledger::postgres
