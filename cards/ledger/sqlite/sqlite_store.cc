#include "cards/ledger/sqlite/sqlite_store.h"

#include <array>
#include <span>
#include <utility>
#include <vector>

#include "cards/ledger/call_fields.h"
#include "cards/ledger/sqlite/call_queries.h"
#include "cards/ledger/sqlite/card_lookup.h"
#include "cards/ledger/sqlite/migrations.h"
#include "cards/ledger/sqlite/packed_json.h"
#include "cards/ledger/sqlite/unrecognised_code_rows.h"

namespace auc::cards::ledger::sqlite {
namespace {

// Rows deleted per writer transaction during a purge: small enough that hook-call writes queued
// behind a purge wait milliseconds, not seconds.
constexpr std::int64_t kPurgeChunk = 500;

std::int64_t micros(Timestamp t) {
  return t.time_since_epoch().count();
}

std::string step_error(Database& db, const char* what) {
  return std::string(what) + ": " + db.error_message();
}

// "INSERT INTO hook_call (<every field>, packed_json, id) VALUES (?1, ..., ?n+2)", built once from
// the field description; static because statements are cached by their text's address.
const char* insert_call_sql() {
  static const std::string kSql = [] {
    std::string columns;
    std::string values;
    int index = 0;
    for (const CallField& f : call_fields()) {
      columns.append(f.column).append(", ");
      values.append("?").append(std::to_string(++index)).append(", ");
    }
    return "INSERT INTO hook_call (" + columns + "packed_json, id) VALUES (" + values + "?" +
           std::to_string(index + 1) + ", ?" + std::to_string(index + 2) + ")";
  }();
  return kSql.c_str();
}

void bind_value(Statement& stmt, int index, const FieldValue& value) {
  if (const auto* n = std::get_if<std::int64_t>(&value)) {
    stmt.bind(index, *n);
  } else if (const auto* text = std::get_if<std::string_view>(&value)) {
    stmt.bind(index, *text);
  } else {
    stmt.bind_null(index);
  }
}

Expected<std::int64_t, std::string> insert_call(Database& db, const CallRow& row) {
  const HookCallRecord& c = row.record;
  auto head = db.cached(insert_call_sql());
  if (!head) return Unexpected(head.error());
  Statement& h = **head;
  int index = 0;
  // The JSON documents go into packed_json; their own columns hold ''.
  thread_local std::vector<std::string_view> documents;
  thread_local std::string blob;
  documents.clear();
  for (const CallField& f : call_fields()) {
    ++index;
    if (f.type == FieldType::kJson) {
      documents.push_back(text_of(f.of_row(row)));
      h.bind(index, std::string_view(""));
    } else {
      bind_value(h, index, f.of_row(row));
    }
  }
  if (!pack_json(documents, blob)) {
    return Unexpected(std::string("cannot insert hook call: its JSON documents are too large"));
  }
  h.bind_blob(index + 1, blob);
  // Journaled calls bring the id the journal gave them; others get the next one.
  if (row.id > 0) {
    h.bind(index + 2, row.id);
  } else {
    h.bind_null(index + 2);
  }
  if (h.step() != SQLITE_DONE) return Unexpected(step_error(db, "cannot insert hook call"));
  const std::int64_t id = db.last_insert_rowid();

  auto orders = db.cached(
      "INSERT INTO call_order (call_id, position, order_reference, procedure_id, variant, "
      "category, rating, pama_rating) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  auto codes = db.cached(
      "INSERT INTO order_code (call_id, order_position, position, system, code, display) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6)");
  auto cards = db.cached(
      "INSERT INTO call_card (call_id, position, card_uuid, indicator, summary, order_reference, "
      "variant, suggested_procedure_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!orders || !codes || !cards) return Unexpected(step_error(db, "cannot prepare inserts"));
  for (std::size_t i = 0; i < c.orders.size(); ++i) {
    const OrderEntry& o = c.orders[i];
    Statement& s = **orders;
    s.reset();
    s.bind(1, id)
        .bind(2, static_cast<std::int64_t>(i))
        .bind(3, o.order_reference)
        .bind(4, o.procedure_id)
        .bind(5, o.variant)
        .bind(6, o.category)
        .bind(7, o.rating)
        .bind(8, o.pama_rating);
    if (s.step() != SQLITE_DONE) return Unexpected(step_error(db, "cannot insert order"));
    for (std::size_t j = 0; j < o.ordered_codes.size(); ++j) {
      const Code& k = o.ordered_codes[j];
      Statement& cs = **codes;
      cs.reset();
      cs.bind(1, id)
          .bind(2, static_cast<std::int64_t>(i))
          .bind(3, static_cast<std::int64_t>(j))
          .bind(4, k.system)
          .bind(5, k.code)
          .bind(6, k.display);
      if (cs.step() != SQLITE_DONE) return Unexpected(step_error(db, "cannot insert code"));
    }
  }
  for (std::size_t i = 0; i < c.cards.size(); ++i) {
    const CardEntry& k = c.cards[i];
    Statement& s = **cards;
    s.reset();
    s.bind(1, id)
        .bind(2, static_cast<std::int64_t>(i))
        .bind(3, k.uuid)
        .bind(4, k.indicator)
        .bind(5, k.summary)
        .bind(6, k.order_reference)
        .bind(7, k.variant)
        .bind(8, k.suggested_procedure_id);
    if (s.step() != SQLITE_DONE) return Unexpected(step_error(db, "cannot insert card"));
  }
  return id;
}

// The calls' unrecognised codes, merged into the report once per code for all of them.
Expected<Ok, std::string> merge_codes_of(Database& db, std::span<const CallRow> rows) {
  UnrecognisedCodeTally codes;
  for (const CallRow& row : rows) codes.add(row.record);
  return merge_unrecognised_codes(db, codes);
}

// Journaled calls, in journal order; returns the last one's id.
Expected<std::int64_t, std::string> insert_calls(Database& db, const std::vector<CallRow>& rows) {
  for (const CallRow& row : rows) {
    if (auto inserted = insert_call(db, row); !inserted) return inserted;
  }
  if (auto merged = merge_codes_of(db, rows); !merged) return Unexpected(merged.error());
  return rows.back().id;
}

Expected<std::int64_t, std::string> insert_feedback(Database& db, const FeedbackRecord& f,
                                                    const std::string& key) {
  auto head = db.cached(
      "INSERT INTO feedback (dedupe_key, service_id, card_uuid, outcome, override_system, "
      "override_code, override_display, user_comment, outcome_timestamp, received_at_us, issuer, "
      "tenant) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
      "ON CONFLICT (dedupe_key) DO NOTHING");
  if (!head) return Unexpected(head.error());
  Statement& h = **head;
  h.bind(1, key)
      .bind(2, f.service_id)
      .bind(3, f.card_uuid)
      .bind(4, f.outcome)
      .bind(5, f.override_reason.system)
      .bind(6, f.override_reason.code)
      .bind(7, f.override_reason.display)
      .bind(8, f.user_comment)
      .bind(9, f.outcome_timestamp)
      .bind(10, micros(f.received_at))
      .bind(11, f.issuer)
      .bind(12, f.tenant);
  if (h.step() != SQLITE_DONE) return Unexpected(step_error(db, "cannot insert feedback"));
  if (db.changes() == 0) return 0;  // a duplicate
  const std::int64_t id = db.last_insert_rowid();
  auto suggestions = db.cached(
      "INSERT INTO feedback_suggestion (feedback_id, position, suggestion_id) VALUES (?1, ?2, "
      "?3)");
  if (!suggestions) return Unexpected(suggestions.error());
  for (std::size_t i = 0; i < f.accepted_suggestion_ids.size(); ++i) {
    Statement& s = **suggestions;
    s.reset();
    s.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, f.accepted_suggestion_ids[i]);
    if (s.step() != SQLITE_DONE) return Unexpected(step_error(db, "cannot insert suggestion"));
  }
  return 1;
}

// Deletes up to kPurgeChunk calls and kPurgeChunk feedback rows older than `cutoff`.
Expected<std::int64_t, std::string> purge_chunk(Database& db, std::int64_t cutoff) {
  std::vector<std::int64_t> ids;
  auto old_calls =
      db.cached("SELECT id FROM hook_call WHERE received_at_us < ?1 ORDER BY id LIMIT ?2");
  if (!old_calls) return Unexpected(old_calls.error());
  (*old_calls)->bind(1, cutoff).bind(2, kPurgeChunk);
  int rc;
  while ((rc = (*old_calls)->step()) == SQLITE_ROW) ids.push_back((*old_calls)->int64(0));
  if (rc != SQLITE_DONE) return Unexpected(step_error(db, "cannot find old calls"));
  static constexpr std::array<const char*, 4> kDeleteCall = {
      "DELETE FROM order_code WHERE call_id = ?1", "DELETE FROM call_order WHERE call_id = ?1",
      "DELETE FROM call_card WHERE call_id = ?1", "DELETE FROM hook_call WHERE id = ?1"};
  for (std::int64_t id : ids) {
    for (const char* sql : kDeleteCall) {
      auto del = db.cached(sql);
      if (!del) return Unexpected(del.error());
      (*del)->bind(1, id);
      if ((*del)->step() != SQLITE_DONE) return Unexpected(step_error(db, "cannot purge call"));
    }
  }
  const auto calls = static_cast<std::int64_t>(ids.size());
  ids.clear();
  auto old_feedback =
      db.cached("SELECT id FROM feedback WHERE received_at_us < ?1 ORDER BY id LIMIT ?2");
  if (!old_feedback) return Unexpected(old_feedback.error());
  (*old_feedback)->bind(1, cutoff).bind(2, kPurgeChunk);
  while ((rc = (*old_feedback)->step()) == SQLITE_ROW) ids.push_back((*old_feedback)->int64(0));
  if (rc != SQLITE_DONE) return Unexpected(step_error(db, "cannot find old feedback"));
  static constexpr std::array<const char*, 2> kDeleteFeedback = {
      "DELETE FROM feedback_suggestion WHERE feedback_id = ?1",
      "DELETE FROM feedback WHERE id = ?1"};
  for (std::int64_t id : ids) {
    for (const char* sql : kDeleteFeedback) {
      auto del = db.cached(sql);
      if (!del) return Unexpected(del.error());
      (*del)->bind(1, id);
      if ((*del)->step() != SQLITE_DONE) return Unexpected(step_error(db, "cannot purge feedback"));
    }
  }
  // The report forgets codes not seen since the cutoff (not counted: at most one table's worth).
  auto old_codes = db.cached("DELETE FROM unrecognised_code WHERE last_seen_us < ?1");
  if (!old_codes) return Unexpected(old_codes.error());
  (*old_codes)->bind(1, cutoff);
  if ((*old_codes)->step() != SQLITE_DONE) return Unexpected(step_error(db, "cannot purge codes"));
  return calls + static_cast<std::int64_t>(ids.size());
}

Expected<Database, std::string> open_writer_connection(const std::string& path,
                                                       bool durable_through_power_loss) {
  auto db = Database::open(path, Database::Mode::kReadWrite);
  if (!db) return db;
  if (path != ":memory:") {
    auto mode = db->query_text("PRAGMA journal_mode = WAL");
    if (!mode) return Unexpected("cannot enable WAL: " + mode.error());
    if (*mode != "wal") return Unexpected("ledger database refused WAL mode (got " + *mode + ")");
  }
  // FULL: the WAL is fsynced at every commit, so a committed call survives power loss, not only
  // a process crash. Group commit makes that one fsync per batch rather than per call. NORMAL:
  // a commit is written to the WAL (the OS has it, so a killed process loses nothing) and synced
  // at checkpoints only.
  const char* sync =
      durable_through_power_loss ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
  if (auto ok = db->exec(sync); !ok) return Unexpected(ok.error());
  if (auto ok = db->exec("PRAGMA foreign_keys = OFF"); !ok) return Unexpected(ok.error());
  // Statement and savepoint journals of the writer's transactions in memory, not in a temporary
  // file written page by page (they are discarded at every commit). Only this connection: the
  // auditors' sorts may be large and keep spilling to disk.
  if (auto ok = db->exec("PRAGMA temp_store = MEMORY"); !ok) return Unexpected(ok.error());
  // Checkpoints every 100 WAL pages (400 KB) rather than SQLite's 1,000: each one copies and
  // syncs a tenth as much at once. The 4 MB bursts of disk writes and syncs held up calls on the
  // other core (5-resource calls one at a time: p99 about 1.1 ms, 0.5-0.7 ms with 100), for
  // about 13% more bytes written when calls come one at a time and none more under load.
  if (auto ok =
          db->exec(("PRAGMA wal_autocheckpoint = " + std::to_string(kCheckpointPages)).c_str());
      !ok) {
    return Unexpected(ok.error());
  }
  auto migrated = migrate(*db);
  if (!migrated) return Unexpected(migrated.error());
  return db;
}

}  // namespace

SqliteStore::SqliteStore(SqliteStoreOptions options, std::unique_ptr<CallJournal> journal,
                         std::unique_ptr<GroupCommitWriter> writer)
    : options_(std::move(options)), journal_(std::move(journal)), writer_(std::move(writer)) {}

SqliteStore::~SqliteStore() = default;

Expected<std::unique_ptr<SqliteStore>, std::string> SqliteStore::open(SqliteStoreOptions options) {
  auto db = open_writer_connection(options.path, options.durable_through_power_loss);
  if (!db) return Unexpected("ledger " + options.path + ": " + db.error());
  if (options.path == ":memory:") {
    // Queries share the writer's connection here (with_connection): a writer at idle priority
    // holding it would hold them up.
    WriterOptions writer_options = options.writer;
    writer_options.yield_when_light = false;
    auto writer = std::make_unique<GroupCommitWriter>(std::move(db).value(), writer_options);
    return std::unique_ptr<SqliteStore>(
        new SqliteStore(std::move(options), nullptr, std::move(writer)));
  }
  JournalOptions journal_options = options.journal;
  journal_options.sync = options.durable_through_power_loss;
  auto identity = db->query_text("SELECT id FROM ledger_identity");
  if (!identity) return Unexpected("ledger " + options.path + ": " + identity.error());
  auto journal = CallJournal::open(options.path, std::move(identity).value(), journal_options);
  if (!journal) return Unexpected("ledger " + options.path + ": " + journal.error());
  // AUTOINCREMENT's high-water mark: ids of purged calls included, so none is given twice.
  auto stored = db->query_text("SELECT seq FROM sqlite_sequence WHERE name = 'hook_call'");
  if (!stored) return Unexpected("ledger " + options.path + ": " + stored.error());
  std::int64_t last_id = stored->empty() ? 0 : std::stoll(*stored);
  auto left = (*journal)->read_rows();
  if (!left) return Unexpected("ledger " + options.path + ": " + left.error());
  // Calls a previous process journaled (and acknowledged) but had not yet committed.
  auto replay = std::make_shared<std::vector<CallRow>>();
  for (CallRow& row : *left) {
    if (row.id > last_id) replay->push_back(std::move(row));
  }
  auto writer = std::make_unique<GroupCommitWriter>(
      std::move(db).value(), options.writer,
      [j = journal->get()](std::int64_t id) { j->committed(id); });
  if (!replay->empty()) {
    auto replayed = writer->run([replay](Database& d) { return insert_calls(d, *replay); });
    if (!replayed) {
      return Unexpected(
          "ledger " + options.path +
          ": cannot insert the calls left in the call journal: " + replayed.error().message);
    }
    last_id = *replayed;
  }
  (*journal)->start(last_id, [w = writer.get()](std::vector<CallRow> rows, bool hurry) {
    auto batch = std::make_shared<std::vector<CallRow>>(std::move(rows));
    return w->submit([batch](Database& d) { return insert_calls(d, *batch); }, hurry);
  });
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::move(options), std::move(journal).value(), std::move(writer)));
}

Expected<std::int64_t, LedgerError> SqliteStore::add_call(CallRow row) {
  // A file store acknowledges once the call is in the journal; the writer inserts it after.
  if (journal_) return journal_->add(std::move(row));
  auto shared = std::make_shared<const CallRow>(std::move(row));
  return writer_->run([shared](Database& db) -> Expected<std::int64_t, std::string> {
    auto id = insert_call(db, *shared);
    if (!id) return id;
    if (auto merged = merge_codes_of(db, std::span(shared.get(), 1)); !merged) {
      return Unexpected(merged.error());
    }
    return id;
  });
}

Expected<bool, LedgerError> SqliteStore::add_feedback(const FeedbackRecord& feedback,
                                                      const std::string& dedupe_key) {
  auto row = std::make_shared<const FeedbackRecord>(feedback);
  auto key = std::make_shared<const std::string>(dedupe_key);
  auto inserted =
      writer_->run([row, key](Database& db) { return insert_feedback(db, *row, *key); });
  if (!inserted) return Unexpected(inserted.error());
  return *inserted != 0;
}

Expected<std::optional<CardOffer>, LedgerError> SqliteStore::find_card(std::string_view uuid) {
  return read<std::optional<CardOffer>>([&](Database& db) { return sqlite::find_card(db, uuid); });
}

Expected<std::int64_t, LedgerError> SqliteStore::purge_before(Timestamp cutoff) {
  std::int64_t total = 0;
  for (;;) {
    auto purged =
        writer_->run([cutoff = micros(cutoff)](Database& db) { return purge_chunk(db, cutoff); });
    if (!purged) return Unexpected(purged.error());
    total += *purged;
    if (*purged == 0) return total;
  }
}

template <class Result, class Query>
Expected<Result, LedgerError> SqliteStore::read(Query&& query) {
  // Auditors see every call acknowledged before they asked, journaled or not.
  if (journal_) {
    if (auto flushed = writer_->flush(); !flushed) return Unexpected(flushed.error());
  }
  if (in_memory()) {
    return writer_->with_connection([&](Database& db) { return query(db); });
  }
  std::optional<Database> db;
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      db.emplace(std::move(idle_readers_.back()));
      idle_readers_.pop_back();
    }
  }
  if (!db) {
    auto opened = Database::open(options_.path, Database::Mode::kReadOnly);
    if (!opened) return Unexpected(LedgerError{LedgerError::Kind::kUnavailable, opened.error()});
    db.emplace(std::move(opened).value());
  }
  Expected<Result, LedgerError> result = query(*db);
  // A few idle connections are kept; more concurrent auditors than that open their own.
  constexpr std::size_t kMaxIdleReaders = 4;
  std::lock_guard lock(readers_mutex_);
  if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(*db));
  return result;
}

Expected<std::vector<StoredCall>, LedgerError> SqliteStore::find_calls(
    const CallFilter& filter, std::optional<std::int64_t> before_id, int count) {
  return read<std::vector<StoredCall>>(
      [&](Database& db) { return sqlite::find_calls(db, filter, before_id, count); });
}

Expected<std::optional<StoredCall>, LedgerError> SqliteStore::find_call(std::int64_t id) {
  return read<std::optional<StoredCall>>([&](Database& db) { return sqlite::find_call(db, id); });
}

Expected<Summary, LedgerError> SqliteStore::count(const SummaryFilter& filter) {
  return read<Summary>([&](Database& db) { return sqlite::count(db, filter); });
}

Expected<UnrecognisedCodeReport, LedgerError> SqliteStore::unrecognised_codes(
    const UnrecognisedCodeFilter& filter) {
  return read<UnrecognisedCodeReport>(
      [&](Database& db) { return find_unrecognised_codes(db, filter); });
}

std::string SqliteStore::description() const {
  std::string d = in_memory()
                      ? "in-memory SQLite ledger (not durable)"
                      : "SQLite ledger " + options_.path + " (WAL, " +
                            (options_.durable_through_power_loss
                                 ? "journal synced before each answer, synchronous=FULL: "
                                   "durable through power loss"
                                 : "journal written before each answer, synchronous=NORMAL: "
                                   "durable through process crashes") +
                            ", group commit)";
  if (!in_memory()) {
    d += writer_->yields() ? ", writer at idle priority while the load is light"
                           : ", writer at normal priority (no CAP_SYS_NICE to return from idle)";
  }
  d += ", schema v" + std::to_string(latest_schema_version());
  return d;
}

}  // namespace auc::cards::ledger::sqlite
