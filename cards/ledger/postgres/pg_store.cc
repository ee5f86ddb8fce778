#include "cards/ledger/postgres/pg_store.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <utility>

#include "cards/ledger/call_fields.h"
#include "cards/ledger/postgres/pg_migrations.h"
#include "cards/ledger/postgres/pg_queries.h"
#include "cards/ledger/postgres/pg_unrecognised_codes.h"

namespace auc::cards::ledger::postgres {
namespace {

// Rows deleted per transaction during a purge, as in the SQLite store.
constexpr std::int64_t kPurgeChunk = 500;
constexpr std::size_t kMaxIdleReaders = 4;

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void json_text(JsonWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
void json_int(JsonWriter& w, const char* key, std::int64_t value) {
  w.Key(key);
  w.Int64(value);
}

// A call's orders, ordered codes and cards as three JSON arrays, unpacked by the insert with
// jsonb_to_recordset: one statement (one round trip) stores the whole call.
struct CallLists {
  std::string orders;
  std::string codes;
  std::string cards;
};

CallLists call_lists(const HookCallRecord& c) {
  rapidjson::StringBuffer orders;
  rapidjson::StringBuffer codes;
  rapidjson::StringBuffer cards;
  JsonWriter o(orders);
  JsonWriter k(codes);
  JsonWriter d(cards);
  o.StartArray();
  k.StartArray();
  for (std::size_t i = 0; i < c.orders.size(); ++i) {
    const OrderEntry& e = c.orders[i];
    o.StartObject();
    json_int(o, "p", static_cast<std::int64_t>(i));
    json_text(o, "r", e.order_reference);
    json_text(o, "pr", e.procedure_id);
    json_text(o, "v", e.variant);
    json_text(o, "c", e.category);
    json_int(o, "ra", e.rating);
    json_text(o, "pa", e.pama_rating);
    o.EndObject();
    for (std::size_t j = 0; j < e.ordered_codes.size(); ++j) {
      const Code& code = e.ordered_codes[j];
      k.StartObject();
      json_int(k, "o", static_cast<std::int64_t>(i));
      json_int(k, "p", static_cast<std::int64_t>(j));
      json_text(k, "s", code.system);
      json_text(k, "c", code.code);
      json_text(k, "d", code.display);
      k.EndObject();
    }
  }
  o.EndArray();
  k.EndArray();
  d.StartArray();
  for (std::size_t i = 0; i < c.cards.size(); ++i) {
    const CardEntry& e = c.cards[i];
    d.StartObject();
    json_int(d, "p", static_cast<std::int64_t>(i));
    json_text(d, "u", e.uuid);
    json_text(d, "i", e.indicator);
    json_text(d, "s", e.summary);
    json_text(d, "r", e.order_reference);
    json_text(d, "v", e.variant);
    json_text(d, "g", e.suggested_procedure_id);
    d.EndObject();
  }
  d.EndArray();
  return {std::string(orders.GetString(), orders.GetSize()),
          std::string(codes.GetString(), codes.GetSize()),
          std::string(cards.GetString(), cards.GetSize())};
}

// The statements that store a call's orders, codes and cards for the call `head` names, from
// the three JSON arrays in parameters $orders, $codes, $cards.
std::string insert_lists_sql(const std::string& head, int first_list_param) {
  const std::string orders = "$" + std::to_string(first_list_param);
  const std::string codes = "$" + std::to_string(first_list_param + 1);
  const std::string cards = "$" + std::to_string(first_list_param + 2);
  return "WITH c AS (" + head +
         "), "
         "o AS (INSERT INTO call_order (call_id, position, order_reference, procedure_id, "
         "variant, category, rating, pama_rating) SELECT c.id, x.p, x.r, x.pr, x.v, x.c, x.ra, "
         "x.pa FROM c, jsonb_to_recordset(" +
         orders +
         "::jsonb) AS x(p integer, r text, pr text, v text, c text, ra integer, pa text)), "
         "k AS (INSERT INTO order_code (call_id, order_position, position, system, code, "
         "display) SELECT c.id, x.o, x.p, x.s, x.c, x.d FROM c, jsonb_to_recordset(" +
         codes +
         "::jsonb) AS x(o integer, p integer, s text, c text, d text)), "
         "d AS (INSERT INTO call_card (call_id, position, card_uuid, indicator, summary, "
         "order_reference, variant, suggested_procedure_id) SELECT c.id, x.p, x.u, x.i, x.s, "
         "x.r, x.v, x.g FROM c, jsonb_to_recordset(" +
         cards + "::jsonb) AS x(p integer, u text, i text, s text, r text, v text, g text)) " +
         "SELECT id FROM c";
}

// Built once from the field description: the call's own fields are $1..$n, its lists follow.
// One statement stores a new call whole. `on_conflict`: what a call stored already does.
std::string insert_call_sql(const char* on_conflict) {
  std::string columns;
  std::string values;
  int n = 0;
  for (const CallField& f : call_fields()) {
    columns.append(", ").append(f.column);
    values.append(", $").append(std::to_string(++n));
  }
  return insert_lists_sql("INSERT INTO hook_call (id" + columns +
                              ") VALUES (nextval('hook_call_id')" + values + ")" + on_conflict +
                              " RETURNING id",
                          n + 1);
}

// For the statement at a time path: a stored call returns no id, and is replaced.
const std::string& insert_call_sql() {
  static const std::string kSql =
      insert_call_sql(" ON CONFLICT (service_id, hook_instance) DO NOTHING");
  return kSql;
}

// For a pipelined batch, which cannot wait for one statement's answer before sending the next:
// a call stored already fails the batch (unique violation), which is then committed a statement
// at a time, where the retry replaces the stored row.
constexpr const char* kInsertNewCall = "auc_insert_new_call";
constexpr const char* kInsertFeedback = "auc_insert_feedback";
constexpr const char* kMergeCodes = "auc_merge_codes";

// A retried call: the row keeps its id and takes the answer of the retry, the one the EHR got.
const std::string& replace_call_sql() {
  static const std::string kSql = [] {
    std::string columns;
    std::string values;
    int n = 0;
    for (const CallField& f : call_fields()) {
      columns.append(n == 0 ? "" : ", ").append(f.column);
      values.append(n == 0 ? "$" : ", $").append(std::to_string(n + 1));
      ++n;
    }
    return insert_lists_sql("UPDATE hook_call SET (" + columns + ") = ROW(" + values +
                                ") WHERE service_id = $" + std::to_string(n + 4) +
                                " AND hook_instance = $" + std::to_string(n + 5) + " RETURNING id",
                            n + 1);
  }();
  return kSql;
}

void add_param(Params& params, const FieldValue& value) {
  if (const auto* n = std::get_if<std::int64_t>(&value)) {
    params.integer(*n);
  } else if (const auto* text = std::get_if<std::string_view>(&value)) {
    params.text(*text);
  } else {
    params.null();
  }
}

Params call_params(const CallRow& row) {
  Params params;
  for (const CallField& f : call_fields()) add_param(params, f.of_row(row));
  const CallLists lists = call_lists(row.record);
  params.text(lists.orders).text(lists.codes).text(lists.cards);
  return params;
}

Expected<std::int64_t, std::string> insert_call(Connection& db, const CallRow& row) {
  Params params = call_params(row);
  Result inserted = db.exec(insert_call_sql(), params);
  if (!inserted.ok()) return Unexpected("cannot insert hook call: " + inserted.error());
  if (inserted.rows() == 1) return inserted.int64(0, 0);
  // Stored already: a retry of a call whose answer never reached the EHR (the instance died
  // between commit and answer). The row is replaced, so the ledger holds the answer sent last.
  Result removed = db.exec(
      "WITH c AS (SELECT id FROM hook_call WHERE service_id = $1 AND hook_instance = $2), "
      "o AS (DELETE FROM call_order WHERE call_id IN (SELECT id FROM c)), "
      "k AS (DELETE FROM order_code WHERE call_id IN (SELECT id FROM c)) "
      "DELETE FROM call_card WHERE call_id IN (SELECT id FROM c)",
      Params().text(row.record.service_id).text(row.record.hook_instance));
  if (!removed.ok()) return Unexpected("cannot replace hook call: " + removed.error());
  params.text(row.record.service_id).text(row.record.hook_instance);
  Result replaced = db.exec(replace_call_sql(), params);
  if (!replaced.ok() || replaced.rows() != 1) {
    return Unexpected("cannot replace hook call: " + replaced.error());
  }
  return replaced.int64(0, 0);
}

const std::string& insert_feedback_sql() {
  static const std::string kSql =
      "WITH f AS (INSERT INTO feedback (dedupe_key, service_id, card_uuid, outcome, "
      "override_system, override_code, override_display, user_comment, outcome_timestamp, "
      "received_at_us, issuer, tenant) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
      "$12) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id), "
      "s AS (INSERT INTO feedback_suggestion (feedback_id, position, suggestion_id) SELECT f.id, "
      "x.n - 1, x.value FROM f, jsonb_array_elements_text($13::jsonb) WITH ORDINALITY AS "
      "x(value, n)) SELECT id FROM f";
  return kSql;
}

Params feedback_params(const FeedbackRecord& f, const std::string& key) {
  rapidjson::StringBuffer suggestions;
  JsonWriter w(suggestions);
  w.StartArray();
  for (const auto& s : f.accepted_suggestion_ids) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  }
  w.EndArray();
  Params params;
  params.text(key)
      .text(f.service_id)
      .text(f.card_uuid)
      .text(f.outcome)
      .text(f.override_reason.system)
      .text(f.override_reason.code)
      .text(f.override_reason.display)
      .text(f.user_comment)
      .text(f.outcome_timestamp)
      .integer(f.received_at.time_since_epoch().count())
      .text(f.issuer)
      .text(f.tenant)
      .text(std::string_view(suggestions.GetString(), suggestions.GetSize()));
  return params;
}

// Returns 1 when added, 0 for a duplicate.
Expected<std::int64_t, std::string> insert_feedback(Connection& db, const FeedbackRecord& f,
                                                    const std::string& key) {
  Result r = db.exec(insert_feedback_sql(), feedback_params(f, key));
  if (!r.ok()) return Unexpected("cannot insert feedback: " + r.error());
  return r.rows();
}

Expected<std::int64_t, std::string> purge_chunk(Connection& db, std::int64_t cutoff) {
  Result calls = db.exec(
      "WITH old AS (SELECT id FROM hook_call WHERE received_at_us < $1 ORDER BY id LIMIT $2), "
      "a AS (DELETE FROM order_code WHERE call_id IN (SELECT id FROM old)), "
      "b AS (DELETE FROM call_order WHERE call_id IN (SELECT id FROM old)), "
      "c AS (DELETE FROM call_card WHERE call_id IN (SELECT id FROM old)), "
      "h AS (DELETE FROM hook_call WHERE id IN (SELECT id FROM old) RETURNING 1) "
      "SELECT COUNT(*) FROM h",
      Params().integer(cutoff).integer(kPurgeChunk));
  if (!calls.ok()) return Unexpected("cannot purge calls: " + calls.error());
  Result feedback = db.exec(
      "WITH old AS (SELECT id FROM feedback WHERE received_at_us < $1 ORDER BY id LIMIT $2), "
      "s AS (DELETE FROM feedback_suggestion WHERE feedback_id IN (SELECT id FROM old)), "
      "f AS (DELETE FROM feedback WHERE id IN (SELECT id FROM old) RETURNING 1) "
      "SELECT COUNT(*) FROM f",
      Params().integer(cutoff).integer(kPurgeChunk));
  if (!feedback.ok()) return Unexpected("cannot purge feedback: " + feedback.error());
  if (auto codes = purge_unrecognised_codes(db, cutoff); !codes) return Unexpected(codes.error());
  return calls.int64(0, 0) + feedback.int64(0, 0);
}

// A session that commits synchronously whatever the server's default: an acknowledged call is
// on PostgreSQL's disk (and its synchronous standbys, if any). Its statements give up after
// `statement_timeout`, the time callers wait for a commit: by then they have answered 503, and
// a statement stuck behind a lock must not keep the writer from the calls queued after them.
Expected<Connection, std::string> connect_writer(const std::string& conninfo,
                                                 std::chrono::milliseconds statement_timeout) {
  auto db = Connection::open(conninfo);
  if (!db) return db;
  if (Result r = db->exec("SET synchronous_commit = on"); !r.ok()) {
    return Unexpected("cannot set synchronous_commit: " + r.error());
  }
  const std::string set_timeout =
      "SET statement_timeout = " + std::to_string(statement_timeout.count());
  if (Result r = db->exec(set_timeout.c_str()); !r.ok()) {
    return Unexpected("cannot set statement_timeout: " + r.error());
  }
  // Parsed once per connection, not once per call.
  static const std::string kInsertNewCallSql = insert_call_sql("");
  const std::pair<const char*, const std::string*> prepared[] = {
      {kInsertNewCall, &kInsertNewCallSql},
      {kInsertFeedback, &insert_feedback_sql()},
      {kMergeCodes, &merge_unrecognised_codes_sql()}};
  for (const auto& [name, sql] : prepared) {
    if (Result r = db->prepare(name, *sql); !r.ok()) {
      return Unexpected(std::string("cannot prepare ") + name + ": " + r.error());
    }
  }
  return db;
}

// Adds the round trips a connection made while it is alive to `total`.
class RoundTripCount {
 public:
  RoundTripCount(const Connection& db, std::atomic<std::uint64_t>& total)
      : db_(db), total_(total), start_(db.round_trips()) {}
  ~RoundTripCount() { total_ += db_.round_trips() - start_; }
  RoundTripCount(const RoundTripCount&) = delete;
  RoundTripCount& operator=(const RoundTripCount&) = delete;

 private:
  const Connection& db_;
  std::atomic<std::uint64_t>& total_;
  const std::uint64_t start_;
};

LedgerError unavailable(std::string message) {
  return LedgerError{LedgerError::Kind::kUnavailable, std::move(message)};
}

}  // namespace

struct PgStore::Item {
  Job job;
  std::shared_ptr<const CallRow> call;  // the call a hook-call job stores, for its codes
  // The job as one prepared statement, so that a batch of such jobs goes in one pipeline: its
  // result is the id it returns (a hook call) or the number of rows it returns (feedback).
  std::optional<Statement> statement;
  bool result_is_row_count = false;
  bool done = false;
  Expected<std::int64_t, LedgerError> result = 0;
};

PgStore::PgStore(PgStoreOptions options, std::string where, Connection writer)
    : options_(std::move(options)),
      where_(std::move(where)),
      writer_(std::move(writer)),
      thread_([this] { loop(); }) {}

PgStore::~PgStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  thread_.join();
}

Expected<std::unique_ptr<PgStore>, std::string> PgStore::open(PgStoreOptions options) {
  auto where = describe_conninfo(options.conninfo);
  if (!where) return Unexpected(where.error());
  {
    auto schema = Connection::open(options.conninfo);
    if (!schema) return Unexpected("ledger " + *where + ": " + schema.error());
    auto migrated = migrate(*schema);
    if (!migrated) return Unexpected("ledger " + *where + ": " + migrated.error());
  }
  // The writer prepares its statements, so it connects once the tables exist.
  auto db = connect_writer(options.conninfo, options.wait_timeout);
  if (!db) return Unexpected("ledger " + *where + ": " + db.error());
  return std::unique_ptr<PgStore>(
      new PgStore(std::move(options), std::move(where).value(), std::move(db).value()));
}

Expected<std::int64_t, LedgerError> PgStore::run(Job job) {
  auto item = std::make_shared<Item>();
  item->job = std::move(job);
  return run(std::move(item));
}

Expected<std::int64_t, LedgerError> PgStore::run(std::shared_ptr<Item> item) {
  const auto deadline = std::chrono::steady_clock::now() + options_.wait_timeout;
  std::unique_lock lock(mutex_);
  if (!space_free_.wait_until(
          lock, deadline, [&] { return stopping_ || queue_.size() < options_.queue_capacity; })) {
    return Unexpected(LedgerError{LedgerError::Kind::kBusy, "ledger write queue is full"});
  }
  if (stopping_) return Unexpected(unavailable("ledger is shutting down"));
  queue_.push_back(item);
  work_ready_.notify_one();
  // A job that outlives the wait may still commit; the caller answers 503 and a retry of the
  // same call finds it stored (once per service and hookInstance).
  if (!done_.wait_until(lock, deadline, [&] { return item->done; })) {
    return Unexpected(
        LedgerError{LedgerError::Kind::kBusy, "ledger commit did not finish in time"});
  }
  return item->result;
}

void PgStore::loop() {
  for (;;) {
    std::vector<std::shared_ptr<Item>> batch;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      in_flight_ = batch.size();
    }
    space_free_.notify_all();
    // A pipelined batch fails whole when one of its calls is a retry (stored already). The
    // batch is then committed a statement at a time, where a retry replaces the row stored
    // before: still one transaction, so a burst of retries after an instance died does not
    // turn into a commit per call. Should that fail too, one failing job must not fail the
    // calls that shared its batch: each is tried on its own. Only a failure one call's values
    // caused is worth another way of committing; a timeout, a lost connection or a server
    // error would only fail again, a statement timeout at a time.
    bool committed = commit_pipelined(batch);
    if (!committed && batch.size() > 1 && blamed_on_a_job(batch)) committed = commit_batch(batch);
    if (!committed && blamed_on_a_job(batch) && (batch.size() > 1 || batch[0]->statement)) {
      for (const auto& item : batch) commit_batch({item});
    }
    {
      std::lock_guard lock(mutex_);
      for (const auto& item : batch) item->done = true;
      in_flight_ = 0;
    }
    done_.notify_all();
  }
}

bool PgStore::commit_pipelined(const std::vector<std::shared_ptr<Item>>& items) {
  for (const auto& item : items) {
    if (!item->statement) return commit_batch(items);
  }
  Connection* writer = batch_writer(items);
  if (writer == nullptr) return false;
  Connection& db = *writer;
  const RoundTripCount count(db, writer_round_trips_);
  // Everything in one round trip: BEGIN, the lock that keeps ids in commit order (held through
  // COMMIT), every job, the batch's unrecognised codes, COMMIT.
  const auto began = std::chrono::steady_clock::now();
  static const std::string kLock =
      std::string("SELECT pg_advisory_xact_lock(") + kCallOrderLock + ")";
  std::vector<Statement> statements;
  statements.reserve(items.size() + 4);
  statements.push_back(Statement{"BEGIN", false, {}});
  statements.push_back(Statement{kLock.c_str(), false, {}});
  for (const auto& item : items) statements.push_back(*item->statement);
  const UnrecognisedCodeTally codes = codes_of(items);
  if (!codes.empty()) {
    statements.push_back(
        Statement{kMergeCodes, true, Params().text(unrecognised_codes_json(codes))});
  }
  statements.push_back(Statement{"COMMIT", false, {}});
  const std::vector<Result> results = db.exec_pipeline(statements);
  std::string failure;
  for (const Result& r : results) {
    if (!r.ok()) {
      failure = r.error();
      break;
    }
  }
  for (std::size_t i = 0; failure.empty() && i < items.size(); ++i) {
    if (!items[i]->result_is_row_count && results[i + 2].rows() != 1) failure = "no id returned";
  }
  if (!failure.empty()) {
    // If the connection broke during COMMIT the outcome is unknown: the callers answer 503 and
    // the EHR's retry finds the call if it did commit.
    if (db.usable()) db.exec("ROLLBACK");
    return fail_batch(items, "cannot commit: " + failure);
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Result& r = results[i + 2];
    items[i]->result = items[i]->result_is_row_count ? std::int64_t{r.rows()} : r.int64(0, 0);
  }
  count_commit(began);
  return true;
}

bool PgStore::commit_batch(const std::vector<std::shared_ptr<Item>>& items) {
  Connection* writer = batch_writer(items);
  if (writer == nullptr) return false;
  Connection& db = *writer;
  const RoundTripCount count(db, writer_round_trips_);
  auto roll_back = [&](const std::string& why) {
    if (db.usable()) db.exec("ROLLBACK");
    return fail_batch(items, why);
  };
  // One round trip: the lock is held through COMMIT, so hook call ids are drawn and become
  // visible in the same order.
  const auto began = std::chrono::steady_clock::now();
  static const std::string kBegin =
      std::string("BEGIN; SELECT pg_advisory_xact_lock(") + kCallOrderLock + ")";
  if (Result r = db.exec(kBegin.c_str()); !r.ok()) {
    return roll_back("cannot begin: " + r.error());
  }
  std::vector<std::int64_t> results;
  results.reserve(items.size());
  for (const auto& item : items) {
    auto r = item->job(db);
    if (!r) return roll_back(r.error());
    results.push_back(*r);
  }
  // The batch's unrecognised codes, once per code, in the same commit as its calls.
  if (auto merged = merge_unrecognised_codes(db, codes_of(items)); !merged) {
    return roll_back(merged.error());
  }
  if (Result r = db.exec("COMMIT"); !r.ok()) {
    // If the connection broke during COMMIT the outcome is unknown: the callers answer 503 and
    // the EHR's retry finds the call if it did commit.
    return roll_back("cannot commit: " + r.error());
  }
  for (std::size_t i = 0; i < items.size(); ++i) items[i]->result = results[i];
  count_commit(began);
  return true;
}

bool PgStore::blamed_on_a_job(const std::vector<std::shared_ptr<Item>>& items) {
  const auto& first = items.front()->result;
  return writer_ && writer_->usable() && !first && is_data_error(first.error().message);
}

bool PgStore::fail_batch(const std::vector<std::shared_ptr<Item>>& items, const std::string& why) {
  for (const auto& item : items) item->result = Unexpected(unavailable(why));
  return false;
}

Connection* PgStore::batch_writer(const std::vector<std::shared_ptr<Item>>& items) {
  auto writer = reconnect_if_gone(writer_, options_.conninfo, [this](const std::string& conninfo) {
    return connect_writer(conninfo, options_.wait_timeout);
  });
  if (!writer) {
    fail_batch(items, "ledger database unreachable: " + writer.error());
    return nullptr;
  }
  return *writer;
}

UnrecognisedCodeTally PgStore::codes_of(const std::vector<std::shared_ptr<Item>>& items) {
  UnrecognisedCodeTally codes;
  for (const auto& item : items) {
    if (item->call) codes.add(item->call->record);
  }
  return codes;
}

void PgStore::count_commit(std::chrono::steady_clock::time_point began) {
  commit_latency_.observe(std::chrono::steady_clock::now() - began);
  std::lock_guard lock(mutex_);
  ++commits_;
}

std::int64_t PgStore::queue_depth() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::int64_t>(queue_.size() + in_flight_);
}

std::uint64_t PgStore::writer_round_trips() const {
  return writer_round_trips_.load();
}

std::uint64_t PgStore::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

Expected<std::int64_t, LedgerError> PgStore::add_call(CallRow row) {
  auto shared = std::make_shared<const CallRow>(std::move(row));
  auto item = std::make_shared<Item>();
  item->job = [shared](Connection& db) { return insert_call(db, *shared); };
  item->call = shared;
  // Encoded here, on the caller's thread: the writer only sends.
  item->statement = Statement{kInsertNewCall, true, call_params(*shared)};
  return run(std::move(item));
}

Expected<bool, LedgerError> PgStore::add_feedback(const FeedbackRecord& feedback,
                                                  const std::string& dedupe_key) {
  auto row = std::make_shared<const FeedbackRecord>(feedback);
  auto key = std::make_shared<const std::string>(dedupe_key);
  auto item = std::make_shared<Item>();
  item->job = [row, key](Connection& db) { return insert_feedback(db, *row, *key); };
  item->statement = Statement{kInsertFeedback, true, feedback_params(*row, *key)};
  item->result_is_row_count = true;
  auto added = run(std::move(item));
  if (!added) return Unexpected(added.error());
  return *added != 0;
}

Expected<std::int64_t, LedgerError> PgStore::purge_before(Timestamp cutoff) {
  std::int64_t total = 0;
  for (;;) {
    auto purged = run([cutoff = cutoff.time_since_epoch().count()](Connection& db) {
      return purge_chunk(db, cutoff);
    });
    if (!purged) return Unexpected(purged.error());
    total += *purged;
    if (*purged == 0) return total;
  }
}

template <class Out, class Query>
Expected<Out, LedgerError> PgStore::read(Query&& query) {
  std::optional<Connection> db;
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      db.emplace(std::move(idle_readers_.back()));
      idle_readers_.pop_back();
    }
  }
  if (auto opened = reconnect_if_gone(db, options_.conninfo); !opened) {
    return Unexpected(unavailable(opened.error()));
  }
  Expected<Out, LedgerError> result = query(*db);
  if (db->usable()) {
    std::lock_guard lock(readers_mutex_);
    if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(*db));
  }
  return result;
}

Expected<std::vector<StoredCall>, LedgerError> PgStore::find_calls(
    const CallFilter& filter, std::optional<std::int64_t> before_id, int count) {
  return read<std::vector<StoredCall>>(
      [&](Connection& db) { return postgres::find_calls(db, filter, before_id, count); });
}

Expected<std::optional<StoredCall>, LedgerError> PgStore::find_call(std::int64_t id) {
  return read<std::optional<StoredCall>>(
      [&](Connection& db) { return postgres::find_call(db, id); });
}

Expected<std::optional<CardOffer>, LedgerError> PgStore::find_card(std::string_view uuid) {
  return read<std::optional<CardOffer>>(
      [&](Connection& db) { return postgres::find_card(db, uuid); });
}

Expected<Summary, LedgerError> PgStore::count(const SummaryFilter& filter) {
  return read<Summary>([&](Connection& db) { return postgres::count(db, filter); });
}

Expected<UnrecognisedCodeReport, LedgerError> PgStore::unrecognised_codes(
    const UnrecognisedCodeFilter& filter) {
  return read<UnrecognisedCodeReport>(
      [&](Connection& db) { return postgres::find_unrecognised_codes(db, filter); });
}

std::string PgStore::description() const {
  return "PostgreSQL ledger " + where_ +
         " (group commit, synchronous_commit=on before each answer, ids in commit order), "
         "schema v" +
         std::to_string(latest_schema_version());
}

}  // namespace auc::cards::ledger::postgres
