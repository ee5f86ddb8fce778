#include "cards/ledger/sqlite/unrecognised_code_rows.h"

#include <string>
#include <variant>

#include "cards/ledger/call_sql.h"

namespace auc::cards::ledger::sqlite {
namespace {

std::int64_t micros(Timestamp t) {
  return t.time_since_epoch().count();
}

Expected<Ok, std::string> failed(Database& db, const char* what) {
  return Unexpected(std::string(what) + ": " + db.error_message());
}

}  // namespace

Expected<Ok, std::string> merge_unrecognised_codes(Database& db,
                                                   const UnrecognisedCodeTally& codes) {
  if (codes.empty()) return Ok{};
  auto seen_again = db.cached(
      "UPDATE unrecognised_code SET seen_count = seen_count + ?5, first_seen_us = "
      "min(first_seen_us, ?6), last_seen_us = max(last_seen_us, ?7) WHERE kind = ?1 AND "
      "system = ?2 AND code = ?3 AND service_id = ?4");
  if (!seen_again) return Unexpected(seen_again.error());
  for (const UnrecognisedCodeEntry& c : codes.entries()) {
    Statement& update = **seen_again;
    update.reset();
    update.bind(1, c.kind)
        .bind(2, c.system)
        .bind(3, c.code)
        .bind(4, c.service)
        .bind(5, c.count)
        .bind(6, micros(c.first_seen))
        .bind(7, micros(c.last_seen));
    if (update.step() != SQLITE_DONE) return failed(db, "cannot count an unrecognised code");
    if (db.changes() > 0) continue;
    // Counting the table walks at most kMaxUnrecognisedCodes keys, and only for a code not seen
    // before.
    auto first_seen = db.cached(
        "INSERT INTO unrecognised_code (kind, system, code, service_id, display, seen_count, "
        "first_seen_us, last_seen_us) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE (SELECT "
        "count(*) FROM unrecognised_code) < ?9");
    if (!first_seen) return Unexpected(first_seen.error());
    Statement& insert = **first_seen;
    insert.bind(1, c.kind)
        .bind(2, c.system)
        .bind(3, c.code)
        .bind(4, c.service)
        .bind(5, c.display)
        .bind(6, c.count)
        .bind(7, micros(c.first_seen))
        .bind(8, micros(c.last_seen))
        .bind(9, kMaxUnrecognisedCodes);
    if (insert.step() != SQLITE_DONE) return failed(db, "cannot add an unrecognised code");
    if (db.changes() > 0) continue;
    auto dropped = db.cached("UPDATE unrecognised_code_overflow SET dropped = dropped + ?1");
    if (!dropped) return Unexpected(dropped.error());
    (*dropped)->bind(1, c.count);
    if ((*dropped)->step() != SQLITE_DONE) return failed(db, "cannot count a dropped code");
  }
  return Ok{};
}

Expected<UnrecognisedCodeReport, LedgerError> find_unrecognised_codes(
    Database& db, const UnrecognisedCodeFilter& filter) {
  auto storage_error = [&db](const char* what) {
    return Unexpected(LedgerError{LedgerError::Kind::kUnavailable,
                                  std::string(what) + ": " + db.error_message()});
  };
  // One read transaction: the entries and the dropped count agree.
  auto tx = Transaction::begin(db);
  if (!tx) return Unexpected(LedgerError{LedgerError::Kind::kUnavailable, tx.error()});
  const SqlConditions where = unrecognised_code_conditions(filter);
  auto list = db.prepare(list_unrecognised_codes_sql(SqlDialect::kSqlite, where));
  if (!list) return storage_error("cannot read unrecognised codes");
  int index = 1;
  for (const SqlConditions::Value& v : where.values()) {
    std::visit([&](const auto& x) { list->bind(index, x); }, v);
    ++index;
  }
  UnrecognisedCodeReport report;
  int rc;
  while ((rc = list->step()) == SQLITE_ROW) {
    UnrecognisedCodeEntry e;
    e.kind = list->text(0);
    e.system = list->text(1);
    e.code = list->text(2);
    e.display = list->text(3);
    e.service = list->text(4);
    e.count = list->int64(5);
    e.first_seen = Timestamp(std::chrono::microseconds(list->int64(6)));
    e.last_seen = Timestamp(std::chrono::microseconds(list->int64(7)));
    report.dropped = list->int64(8);
    report.codes.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return storage_error("cannot read unrecognised codes");
  if (report.codes.empty()) {
    auto dropped = db.query_text(kDroppedCodesSql);
    if (!dropped) return Unexpected(LedgerError{LedgerError::Kind::kUnavailable, dropped.error()});
    report.dropped = dropped->empty() ? 0 : std::stoll(*dropped);
  }
  return report;
}

}  // namespace auc::cards::ledger::sqlite
