#include "cards/ledger/postgres/pg_unrecognised_codes.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <variant>

#include "cards/ledger/call_sql.h"

namespace auc::cards::ledger::postgres {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void json_text(JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

std::int64_t micros(Timestamp t) {
  return t.time_since_epoch().count();
}

}  // namespace

std::string unrecognised_codes_json(const UnrecognisedCodeTally& codes) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartArray();
  for (const UnrecognisedCodeEntry& c : codes.entries()) {
    w.StartObject();
    json_text(w, "k", c.kind);
    json_text(w, "s", c.system);
    json_text(w, "c", c.code);
    json_text(w, "d", c.display);
    json_text(w, "v", c.service);
    w.Key("n");
    w.Int64(c.count);
    w.Key("f");
    w.Int64(micros(c.first_seen));
    w.Key("l");
    w.Int64(micros(c.last_seen));
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

const std::string& merge_unrecognised_codes_sql() {
  // Counting the table walks it only when a code is not listed yet (EXISTS is tried first).
  static const std::string kMerge =
      "WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(k text, s text, c text, d "
      "text, v text, n bigint, f bigint, l bigint)), "
      "u AS (INSERT INTO unrecognised_code AS e (kind, system, code, service_id, display, "
      "seen_count, first_seen_us, last_seen_us) SELECT x.k, x.s, x.c, x.v, x.d, x.n, x.f, x.l "
      "FROM x WHERE EXISTS (SELECT 1 FROM unrecognised_code o WHERE o.kind = x.k AND o.system = "
      "x.s AND o.code = x.c AND o.service_id = x.v) OR (SELECT count(*) FROM unrecognised_code) "
      "< " +
      std::to_string(kMaxUnrecognisedCodes) +
      " ON CONFLICT (kind, system, code, service_id) DO UPDATE SET seen_count = e.seen_count + "
      "excluded.seen_count, first_seen_us = LEAST(e.first_seen_us, excluded.first_seen_us), "
      "last_seen_us = GREATEST(e.last_seen_us, excluded.last_seen_us) RETURNING e.kind, "
      "e.system, e.code, e.service_id) "
      "UPDATE unrecognised_code_overflow SET dropped = dropped + r.n FROM (SELECT "
      "coalesce(sum(x.n), 0) AS n FROM x WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.kind = x.k "
      "AND u.system = x.s AND u.code = x.c AND u.service_id = x.v)) AS r WHERE r.n > 0";
  return kMerge;
}

Expected<Ok, std::string> merge_unrecognised_codes(Connection& db,
                                                   const UnrecognisedCodeTally& codes) {
  if (codes.empty()) return Ok{};
  Result r = db.exec(merge_unrecognised_codes_sql(), Params().text(unrecognised_codes_json(codes)));
  if (!r.ok()) return Unexpected("cannot merge unrecognised codes: " + r.error());
  return Ok{};
}

Expected<Ok, std::string> purge_unrecognised_codes(Connection& db, std::int64_t cutoff_us) {
  Result r =
      db.exec("DELETE FROM unrecognised_code WHERE last_seen_us < $1", Params().integer(cutoff_us));
  if (!r.ok()) return Unexpected("cannot purge unrecognised codes: " + r.error());
  return Ok{};
}

Expected<UnrecognisedCodeReport, LedgerError> find_unrecognised_codes(
    Connection& db, const UnrecognisedCodeFilter& filter) {
  auto failed = [](const Result& r) {
    return Unexpected(LedgerError{LedgerError::Kind::kUnavailable,
                                  "cannot read unrecognised codes: " + r.error()});
  };
  const SqlConditions where = unrecognised_code_conditions(filter);
  Params params;
  for (const SqlConditions::Value& v : where.values()) {
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
      params.integer(*n);
    } else {
      params.text(std::get<std::string>(v));
    }
  }
  // One statement, one snapshot: every row carries the dropped count of the same moment.
  Result r = db.exec(list_unrecognised_codes_sql(SqlDialect::kPostgresql, where), params);
  if (!r.ok()) return failed(r);
  UnrecognisedCodeReport report;
  for (int i = 0; i < r.rows(); ++i) {
    UnrecognisedCodeEntry e;
    e.kind = r.text(i, 0);
    e.system = r.text(i, 1);
    e.code = r.text(i, 2);
    e.display = r.text(i, 3);
    e.service = r.text(i, 4);
    e.count = r.int64(i, 5);
    e.first_seen = Timestamp(std::chrono::microseconds(r.int64(i, 6)));
    e.last_seen = Timestamp(std::chrono::microseconds(r.int64(i, 7)));
    report.dropped = r.int64(i, 8);
    report.codes.push_back(std::move(e));
  }
  if (report.codes.empty()) {
    Result dropped = db.exec(kDroppedCodesSql);
    if (!dropped.ok()) return failed(dropped);
    report.dropped = dropped.rows() == 1 ? dropped.int64(0, 0) : 0;
  }
  return report;
}

}  // namespace auc::cards::ledger::postgres
