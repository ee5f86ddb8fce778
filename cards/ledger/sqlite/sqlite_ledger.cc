#include "cards/ledger/sqlite/sqlite_ledger.h"

#include <openssl/evp.h>

#include <array>
#include <utility>

#include "cards/ledger/identifier_scrubber.h"
#include "cards/ledger/sqlite/call_queries.h"
#include "cards/ledger/sqlite/migrations.h"

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

Expected<std::int64_t, std::string> insert_call(Database& db, const CallRow& row) {
  const HookCallRecord& c = row.record;
  auto head = db.cached(
      "INSERT INTO hook_call (hook_instance, service_id, hook, received_at_us, answered_at_us, "
      "latency_us, issuer, tenant, patient_pseudonym, user_pseudonym, pseudonym_key_id, "
      "patient_id, user_id, http_status, data_source, criteria_edition, facts_json, cards_json, "
      "system_actions_json, error, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
      "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)");
  if (!head) return Unexpected(head.error());
  Statement& h = **head;
  h.bind(1, c.hook_instance)
      .bind(2, c.service_id)
      .bind(3, c.hook)
      .bind(4, micros(c.received_at))
      .bind(5, micros(c.answered_at))
      .bind(6, c.latency_us)
      .bind(7, c.issuer)
      .bind(8, c.tenant)
      .bind(9, row.patient_pseudonym)
      .bind(10, row.user_pseudonym)
      .bind(11, row.key_id)
      .bind(14, c.http_status)
      .bind(15, data_source_name(c.data_source))
      .bind(16, c.criteria_edition)
      .bind(17, c.facts_json)
      .bind(18, c.cards_json)
      .bind(19, c.system_actions_json)
      .bind(20, c.error);
  if (row.store_raw_ids) {
    h.bind(12, c.patient_id).bind(13, c.user_id);
  } else {
    h.bind_null(12).bind_null(13);
  }
  // Journaled calls bring the id the journal gave them; others get the next one.
  if (row.id > 0) {
    h.bind(21, row.id);
  } else {
    h.bind_null(21);
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

// Journaled calls, in journal order; returns the last one's id.
Expected<std::int64_t, std::string> insert_calls(Database& db, const std::vector<CallRow>& rows) {
  for (const CallRow& row : rows) {
    if (auto inserted = insert_call(db, row); !inserted) return inserted;
  }
  return rows.back().id;
}

// Identical reports hash to the same key; the UNIQUE constraint then stores them once.
std::string feedback_key(const FeedbackRecord& f) {
  std::string material;
  auto field = [&](std::string_view s) {
    material += std::to_string(s.size());
    material.push_back(':');
    material.append(s);
  };
  field(f.service_id);
  field(f.card_uuid);
  field(f.outcome);
  field(std::to_string(f.accepted_suggestion_ids.size()));
  for (const auto& s : f.accepted_suggestion_ids) field(s);
  field(f.override_reason.system);
  field(f.override_reason.code);
  field(f.override_reason.display);
  field(f.user_comment);
  field(f.outcome_timestamp);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(material.data(), material.size(), digest.data(), &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
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
  auto migrated = migrate(*db);
  if (!migrated) return Unexpected(migrated.error());
  return db;
}

}  // namespace

SqliteLedger::SqliteLedger(SqliteLedgerOptions options, Pseudonymiser pseudonymiser,
                           std::unique_ptr<CallJournal> journal,
                           std::unique_ptr<GroupCommitWriter> writer)
    : options_(std::move(options)),
      pseudonymiser_(std::move(pseudonymiser)),
      journal_(std::move(journal)),
      writer_(std::move(writer)) {}

SqliteLedger::~SqliteLedger() {
  purger_.reset();
}

Expected<std::unique_ptr<SqliteLedger>, std::string> SqliteLedger::open(
    SqliteLedgerOptions options, Pseudonymiser pseudonymiser) {
  auto db = open_writer_connection(options.path, options.durable_through_power_loss);
  if (!db) return Unexpected("ledger " + options.path + ": " + db.error());
  if (options.path == ":memory:") {
    auto writer = std::make_unique<GroupCommitWriter>(std::move(db).value(), options.writer);
    return std::unique_ptr<SqliteLedger>(
        new SqliteLedger(std::move(options), std::move(pseudonymiser), nullptr, std::move(writer)));
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
  (*journal)->start(last_id, [w = writer.get()](std::vector<CallRow> rows) {
    auto batch = std::make_shared<std::vector<CallRow>>(std::move(rows));
    return w->submit([batch](Database& d) { return insert_calls(d, *batch); });
  });
  return std::unique_ptr<SqliteLedger>(new SqliteLedger(
      std::move(options), std::move(pseudonymiser), std::move(journal).value(), std::move(writer)));
}

void SqliteLedger::start_retention(std::chrono::hours max_age, std::chrono::milliseconds interval) {
  purger_ = std::make_unique<RetentionPurger>(*this, max_age, interval);
}

Expected<std::int64_t, LedgerError> SqliteLedger::record_call(HookCallRecord call) {
  auto row = std::make_shared<CallRow>();
  row->record = std::move(call);
  scrub(*row);
  // A file ledger acknowledges once the call is in the journal; the writer inserts it after.
  if (journal_) return journal_->add(std::move(*row));
  return writer_->run([row](Database& db) { return insert_call(db, *row); });
}

void SqliteLedger::scrub(CallRow& row) const {
  HookCallRecord& r = row.record;
  row.patient_pseudonym = pseudonymiser_.pseudonym("patient", r.issuer, r.tenant, r.patient_id);
  row.user_pseudonym = pseudonymiser_.pseudonym("user", r.issuer, r.tenant, r.user_id);
  row.key_id = pseudonymiser_.key_id();
  row.store_raw_ids = options_.store_raw_ids;
  if (!options_.store_raw_ids) {
    std::vector<IdentifierReplacement> ids;
    if (!r.patient_id.empty()) {
      ids.push_back({r.patient_id, "pseudonym:" + row.patient_pseudonym});
    }
    if (!r.user_id.empty()) {
      ids.push_back({r.user_id, "pseudonym:" + row.user_pseudonym});
      // userId is a reference ("Practitioner/123"); its bare id may appear on its own.
      if (auto slash = r.user_id.rfind('/'); slash != std::string::npos) {
        ids.push_back({r.user_id.substr(slash + 1), "pseudonym:" + row.user_pseudonym});
      }
    }
    const IdentifierScrubber scrubber(std::move(ids));
    // In place: the row already holds its own copy, and most documents name no id at all.
    scrubber.scrub_json_in_place(r.facts_json);
    scrubber.scrub_json_in_place(r.cards_json);
    scrubber.scrub_json_in_place(r.system_actions_json);
    r.error = scrubber.scrub_text(r.error);
    r.patient_id.clear();
    r.user_id.clear();
  }
}

Expected<FeedbackWriteResult, LedgerError> SqliteLedger::record_feedback(
    const FeedbackRecord& feedback) {
  auto row = std::make_shared<const FeedbackRecord>(feedback);
  auto key = std::make_shared<const std::string>(feedback_key(feedback));
  auto inserted =
      writer_->run([row, key](Database& db) { return insert_feedback(db, *row, *key); });
  if (!inserted) return Unexpected(inserted.error());
  return FeedbackWriteResult{*inserted == 0};
}

Expected<std::int64_t, LedgerError> SqliteLedger::purge_before(Timestamp cutoff) {
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
Expected<Result, LedgerError> SqliteLedger::read(Query&& query) {
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

Expected<CallPage, LedgerError> SqliteLedger::list_calls(const CallFilter& filter,
                                                         const PageRequest& page) {
  return read<CallPage>([&](Database& db) { return sqlite::list_calls(db, filter, page); });
}

Expected<std::optional<StoredCall>, LedgerError> SqliteLedger::get_call(std::int64_t id) {
  return read<std::optional<StoredCall>>([&](Database& db) { return sqlite::get_call(db, id); });
}

Expected<Summary, LedgerError> SqliteLedger::summarize(const SummaryFilter& filter) {
  return read<Summary>([&](Database& db) { return sqlite::summarize(db, filter); });
}

std::string SqliteLedger::description() const {
  std::string d = in_memory()
                      ? "in-memory SQLite ledger (not durable)"
                      : "SQLite ledger " + options_.path + " (WAL, " +
                            (options_.durable_through_power_loss
                                 ? "journal synced before each answer, synchronous=FULL: "
                                   "durable through power loss"
                                 : "journal written before each answer, synchronous=NORMAL: "
                                   "durable through process crashes") +
                            ", group commit)";
  d += ", schema v" + std::to_string(latest_schema_version());
  d += ", pseudonym key " + pseudonymiser_.key_id();
  if (options_.store_raw_ids) d += ", RAW IDS STORED";
  return d;
}

}  // namespace auc::cards::ledger::sqlite
