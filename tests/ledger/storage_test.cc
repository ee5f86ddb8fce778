// The storage promises: versioned schema, WAL, group commit, retention, configuration errors.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <thread>

#include "cards/ledger/audit_ledger.h"
#include "cards/ledger/pseudonymiser.h"
#include "cards/ledger/sqlite/migrations.h"
#include "cards/ledger/sqlite/sqlite_store.h"
#include "ledger_fixture.h"

namespace auc::cards::ledger::testing {
namespace {

// A second, independent connection, as an operator's sqlite3 shell would have.
struct RawConnection {
  explicit RawConnection(const std::filesystem::path& path) {
    BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
  }
  ~RawConnection() { sqlite3_close(db); }
  std::string text(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    BOOST_REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }
  void exec(const char* sql) {
    BOOST_REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == 0);
  }
  sqlite3* db = nullptr;
};

BOOST_AUTO_TEST_CASE(schema_is_migrated_at_open_and_wal_is_on) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  const auto key = write_file(dir.path() / "k", kKeyA);
  open_sqlite(db, key)->record_call(sample_call(0));
  open_sqlite(db, key)->record_call(sample_call(1));  // reopening keeps rows and version
  RawConnection raw(db);
  BOOST_TEST(raw.text("PRAGMA user_version") == std::to_string(sqlite::latest_schema_version()));
  BOOST_TEST(raw.text("PRAGMA journal_mode") == "wal");
  BOOST_TEST(raw.text("SELECT COUNT(*) FROM hook_call") == "2");
  BOOST_TEST(raw.text("PRAGMA integrity_check") == "ok");
}

// Checkpoints come every few hundred kilobytes of WAL, so each copies and syncs little at once:
// the WAL file never grows much past that, however much is written.
BOOST_AUTO_TEST_CASE(checkpoints_keep_the_wal_small) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  auto ledger = open_sqlite(db, write_file(dir.path() / "k", kKeyA));
  // Facts that do not compress: each call is about 3 pages of the database.
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (int n = 0; n < 300; ++n) {
    HookCallRecord call = sample_call(n);
    call.facts_json = "[\"";
    for (int i = 0; i < 12 * 1024; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      call.facts_json += "0123456789abcdef"[state >> 60];
    }
    call.facts_json += "\"]";
    auto id = ledger->record_call(std::move(call));
    BOOST_REQUIRE(id.has_value());
    // Read back, which waits for the writer's commit: one call per commit, so no batch of calls
    // that piled up behind a slow writer stretches the WAL.
    auto stored = ledger->get_call(*id);
    BOOST_REQUIRE(stored.has_value());
    BOOST_REQUIRE(stored->has_value());
  }
  // 300 calls wrote about 3.6 MB; the WAL holds at most the pages since the last checkpoint
  // plus one commit's.
  const auto wal = std::filesystem::file_size(db.string() + "-wal");
  const std::uintmax_t page = 4096;
  BOOST_TEST(wal > 0u);
  BOOST_TEST(wal < (sqlite::kCheckpointPages + 40) * page, wal);
}

// A call's JSON documents are stored packed (their own columns hold ''); the auditor reads them
// back whole, and so does the card lookup that checks feedback.
BOOST_AUTO_TEST_CASE(json_documents_are_stored_packed_and_read_back_whole) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  HookCallRecord call = sample_call(4);
  // Cards as the service writes them repeat their wording card after card.
  std::string cards = "[";
  for (int i = 0; i < 40; ++i) {
    cards += std::string(i == 0 ? "" : ",") + R"({"uuid":"card-uuid-4","summary":"Consider MRI )" +
             std::to_string(i) + R"(","indicator":"info","source":{"label":"AUC"}})";
  }
  call.cards_json = cards + "]";
  std::int64_t id = 0;
  {
    auto ledger = open_sqlite(db, write_file(dir.path() / "k", kKeyA));
    auto recorded = ledger->record_call(call);
    BOOST_REQUIRE(recorded.has_value());
    id = *recorded;
  }
  {
    RawConnection raw(db);
    BOOST_TEST(raw.text("SELECT cards_json || facts_json || system_actions_json FROM hook_call") ==
               "");
    BOOST_TEST(raw.text("SELECT typeof(packed_json) FROM hook_call") == "blob");
    const std::string compressed = raw.text("SELECT length(packed_json) FROM hook_call");
    BOOST_TEST(std::stoul(compressed) < call.cards_json.size() / 2);
  }
  auto ledger = open_sqlite(db, write_file(dir.path() / "k", kKeyA));
  auto got = ledger->get_call(id);
  BOOST_REQUIRE(got.has_value() && got->has_value());
  BOOST_TEST((*got)->cards_json == call.cards_json);
  BOOST_TEST((*got)->facts_json == call.facts_json);
  BOOST_TEST((*got)->system_actions_json.find("ServiceRequest") != std::string::npos);
  BOOST_TEST(
      ledger->record_feedback(sample_feedback(call.cards[0].uuid, "overridden")).has_value());
}

// A database written before the documents were packed (schema 3) is migrated in place: its rows
// keep their documents as text and read as before, beside new rows that are packed.
BOOST_AUTO_TEST_CASE(rows_from_before_packing_still_read_after_the_migration) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  const auto key = write_file(dir.path() / "k", kKeyA);
  const HookCallRecord old_call = sample_call(1);
  std::int64_t old_id = 0;
  {
    auto ledger = open_sqlite(db, key);
    auto recorded = ledger->record_call(old_call);
    BOOST_REQUIRE(recorded.has_value());
    old_id = *recorded;
  }
  {
    // The row as schema 3 wrote it: documents in their columns, no packed column.
    auto conn = sqlite::Database::open(db.string(), sqlite::Database::Mode::kReadWrite);
    BOOST_REQUIRE(conn.has_value());
    auto packed = conn->prepare("SELECT packed_json FROM hook_call");
    BOOST_REQUIRE(packed.has_value());
    BOOST_REQUIRE(packed->step() == SQLITE_ROW);
    auto documents = sqlite::unpack_json(packed->bytes(0), sqlite::packed_fields().size());
    BOOST_REQUIRE(documents.has_value());
    packed->reset();
    auto update = conn->prepare(
        "UPDATE hook_call SET facts_json = ?1, cards_json = ?2, system_actions_json = ?3");
    BOOST_REQUIRE(update.has_value());
    update->bind(1, (*documents)[0]).bind(2, (*documents)[1]).bind(3, (*documents)[2]);
    BOOST_REQUIRE(update->step() == SQLITE_DONE);
    BOOST_REQUIRE(conn->exec("ALTER TABLE hook_call DROP COLUMN packed_json").has_value());
    BOOST_REQUIRE(conn->exec("PRAGMA user_version = 3").has_value());
  }
  auto ledger = open_sqlite(db, key);
  const HookCallRecord new_call = sample_call(2);
  auto new_id = ledger->record_call(new_call);
  BOOST_REQUIRE(new_id.has_value());
  auto old_row = ledger->get_call(old_id);
  auto new_row = ledger->get_call(*new_id);
  BOOST_REQUIRE(old_row.has_value() && old_row->has_value());
  BOOST_REQUIRE(new_row.has_value() && new_row->has_value());
  BOOST_TEST((*old_row)->cards_json == old_call.cards_json);
  BOOST_TEST((*old_row)->facts_json == old_call.facts_json);
  BOOST_TEST((*new_row)->cards_json == new_call.cards_json);
  BOOST_TEST(
      ledger->record_feedback(sample_feedback(old_call.cards[0].uuid, "overridden")).has_value());
  RawConnection raw(db);
  BOOST_TEST(raw.text("PRAGMA user_version") == std::to_string(sqlite::latest_schema_version()));
  BOOST_TEST(raw.text("SELECT COUNT(*) FROM hook_call WHERE packed_json IS NULL") == "1");
}

BOOST_AUTO_TEST_CASE(database_from_a_newer_binary_is_refused) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  open_sqlite(db, write_file(dir.path() / "k", kKeyA));
  {
    RawConnection raw(db);
    raw.exec("PRAGMA user_version = 99");
  }
  LedgerOptions options;
  options.url = "sqlite:" + db.string();
  auto ledger = open_ledger(options, nullptr);
  BOOST_REQUIRE(!ledger.has_value());
  BOOST_TEST(ledger.error().find("newer") != std::string::npos);
}

// A file ledger acknowledges calls from its journal: they do not wait for the database, and the
// writer then commits the ones that arrived together in one transaction.
BOOST_AUTO_TEST_CASE(calls_are_acknowledged_from_the_journal_and_committed_together) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  auto key = Pseudonymiser::from_key(kKeyA);
  BOOST_REQUIRE(key.has_value());
  sqlite::SqliteStoreOptions options;
  options.path = db.string();
  auto opened = sqlite::SqliteStore::open(std::move(options));
  BOOST_REQUIRE(opened.has_value());
  const sqlite::SqliteStore& store = **opened;
  auto ledger =
      std::make_unique<AuditLedger>(std::move(opened).value(), std::move(key).value(), false);
  BOOST_REQUIRE(ledger->record_call(sample_call(0)));
  BOOST_REQUIRE(ledger->list_calls({}, PageRequest{"", 10}).has_value());  // committed
  const auto before = store.commits();
  constexpr int kThreads = 16;
  {
    // Hold the write lock from another connection: the database can take nothing meanwhile.
    RawConnection blocker(db);
    blocker.exec("BEGIN IMMEDIATE");
    std::vector<std::thread> threads;
    for (int i = 1; i <= kThreads; ++i) {
      threads.emplace_back([&, i] { BOOST_CHECK(ledger->record_call(sample_call(i))); });
    }
    for (auto& t : threads) t.join();  // all acknowledged while the database is locked
    BOOST_TEST(store.commits() == before);
    blocker.exec("COMMIT");
  }
  auto all = ledger->list_calls({}, PageRequest{"", 100});  // waits for the writer
  BOOST_REQUIRE(all.has_value());
  BOOST_TEST(all->calls.size() == static_cast<std::size_t>(kThreads + 1));
  const auto used = store.commits() - before;
  BOOST_TEST(used >= 1u);
  BOOST_TEST(used <= 3u);  // 16 calls, at most a couple of transactions (one fsync each)
}

BOOST_AUTO_TEST_CASE(calls_arriving_one_by_one_share_a_transaction_and_queries_still_see_them) {
  TempDir dir;
  auto key = Pseudonymiser::from_key(kKeyA);
  BOOST_REQUIRE(key.has_value());
  sqlite::SqliteStoreOptions options;
  options.path = (dir.path() / "ledger.sqlite").string();
  // Longer than the wait for a commit: a query that waited for the linger would fail (kBusy).
  options.writer.linger = std::chrono::hours(1);
  options.writer.wait_timeout = std::chrono::seconds(10);
  auto opened = sqlite::SqliteStore::open(std::move(options));
  BOOST_REQUIRE(opened.has_value());
  const sqlite::SqliteStore& store = **opened;
  auto ledger =
      std::make_unique<AuditLedger>(std::move(opened).value(), std::move(key).value(), false);
  const auto before = store.commits();
  constexpr int kCalls = 5;
  for (int i = 0; i < kCalls; ++i) BOOST_REQUIRE(ledger->record_call(sample_call(i)));
  auto all = ledger->list_calls({}, PageRequest{"", 100});  // hurries the lingering batch
  BOOST_REQUIRE(all.has_value());
  BOOST_TEST(all->calls.size() == static_cast<std::size_t>(kCalls));
  BOOST_TEST(store.commits() - before == 1u);  // five calls, one after the other: one commit
}

BOOST_DATA_TEST_CASE(purge_removes_old_calls_and_feedback_only, stores(), store) {
  TempDir dir;
  auto ledger = open_store(store, dir.path() / "l.sqlite", write_file(dir.path() / "k", kKeyA));
  std::vector<std::int64_t> ids;
  for (int n = 0; n < 20; ++n) {
    auto id = ledger->record_call(sample_call(n));
    BOOST_REQUIRE(id.has_value());
    ids.push_back(*id);
  }
  FeedbackRecord old_feedback = sample_feedback("card-uuid-1", "accepted");
  old_feedback.received_at = at_seconds(1'800'000'005);
  FeedbackRecord new_feedback = sample_feedback("card-uuid-15", "accepted");
  new_feedback.received_at = at_seconds(1'800'000'016);
  BOOST_REQUIRE(ledger->record_feedback(old_feedback));
  BOOST_REQUIRE(ledger->record_feedback(new_feedback));
  auto purged = ledger->purge_before(at_seconds(1'800'000'010));  // samples 0..9 are older
  BOOST_REQUIRE(purged.has_value());
  BOOST_TEST(*purged == 11);  // ten calls and one feedback report
  auto remaining = ledger->list_calls({}, PageRequest{"", 100});
  BOOST_REQUIRE(remaining.has_value());
  BOOST_TEST(remaining->calls.size() == 10u);
  auto gone = ledger->get_call(ids[3]);
  BOOST_REQUIRE(gone.has_value());
  BOOST_TEST(!gone->has_value());
  auto kept = ledger->get_call(ids[15]);
  BOOST_REQUIRE(kept.has_value() && kept->has_value());
  BOOST_TEST((*kept)->feedback.size() == 1u);
  // Sequence numbers are never reused after a purge.
  auto next = ledger->record_call(sample_call(99));
  BOOST_REQUIRE(next.has_value());
  BOOST_TEST(*next > ids.back());
}

BOOST_DATA_TEST_CASE(background_retention_purges_without_being_asked, stores(), store) {
  TempDir dir;
  LedgerOptions options;
  options.url = ledger_url(store, dir.path() / "l.sqlite");
  options.pseudonym_key_file = write_file(dir.path() / "k", kKeyA);
  options.retention_days = 30;
  options.purge_interval = std::chrono::milliseconds(20);
  // What the service logs: each purge's outcome.
  std::atomic<std::int64_t> reported_rows{0};
  std::atomic<int> reported_failures{0};
  options.purge_report = [&](const Expected<std::int64_t, LedgerError>& purged) {
    if (purged) {
      reported_rows += *purged;
    } else {
      ++reported_failures;
    }
  };
  auto ledger = open_ledger(options, nullptr);
  BOOST_REQUIRE(ledger.has_value());
  const auto now =
      std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
  HookCallRecord old_call = sample_call(1);
  old_call.received_at = now - std::chrono::hours(24 * 31);
  HookCallRecord recent_call = sample_call(2);
  recent_call.received_at = now - std::chrono::hours(24 * 29);
  auto old_id = (*ledger)->record_call(old_call);
  auto recent_id = (*ledger)->record_call(recent_call);
  BOOST_REQUIRE(old_id.has_value() && recent_id.has_value());
  bool purged = false;
  for (int i = 0; i < 200 && !purged; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto got = (*ledger)->get_call(*old_id);
    BOOST_REQUIRE(got.has_value());
    purged = !got->has_value();
  }
  BOOST_TEST(purged);
  auto recent = (*ledger)->get_call(*recent_id);
  BOOST_REQUIRE(recent.has_value());
  BOOST_TEST(recent->has_value());
  for (int i = 0; i < 200 && reported_rows.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  BOOST_TEST(reported_rows.load() == 1);  // the old call; the recent one is kept
  BOOST_TEST(reported_failures.load() == 0);
}

BOOST_AUTO_TEST_CASE(in_memory_ledger_answers_queries_and_warns) {
  std::vector<std::string> warnings;
  LedgerOptions options;
  options.url = "memory";
  auto ledger = open_ledger(options, &warnings);
  BOOST_REQUIRE(ledger.has_value());
  BOOST_TEST_REQUIRE(warnings.size() == 2u);  // in memory, and an ephemeral pseudonym key
  const auto memory_warning =
      std::find_if(warnings.begin(), warnings.end(),
                   [](const std::string& w) { return w.starts_with("ledger is in memory"); });
  BOOST_TEST_REQUIRE((memory_warning != warnings.end()));
  BOOST_TEST(memory_warning->find("at most 1000") != std::string::npos, *memory_warning);
  BOOST_TEST(memory_warning->find("a 200 does not mean the call is kept") != std::string::npos);
  auto id = (*ledger)->record_call(sample_call(0));
  BOOST_REQUIRE(id.has_value());
  auto got = (*ledger)->get_call(*id);
  BOOST_REQUIRE(got.has_value() && got->has_value());
  BOOST_TEST((*got)->hook_instance == "hook-instance-0");
  BOOST_TEST((*ledger)->description().find("in-memory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(in_memory_ledger_keeps_at_most_its_bound_dropping_the_oldest) {
  LedgerOptions options;
  options.url = "memory:20";
  auto ledger = open_ledger(options, nullptr);
  BOOST_REQUIRE(ledger.has_value());
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 75; ++i) {
    auto id = (*ledger)->record_call(sample_call(i));
    BOOST_REQUIRE(id.has_value());
    ids.push_back(*id);
  }
  PageRequest page;
  page.limit = 500;
  auto listed = (*ledger)->list_calls(CallFilter{}, page);
  BOOST_REQUIRE(listed.has_value());
  BOOST_TEST(listed->calls.size() <= 20u);
  BOOST_TEST(listed->calls.size() >= 18u);  // purged down to nine tenths of the bound
  auto newest = (*ledger)->get_call(ids.back());
  BOOST_REQUIRE(newest.has_value());
  BOOST_TEST(newest->has_value());
  auto oldest = (*ledger)->get_call(ids.front());
  BOOST_REQUIRE(oldest.has_value());
  BOOST_TEST(!oldest->has_value());
  BOOST_TEST((*ledger)->description().find("at most 20 entries") != std::string::npos);

  for (const char* bad : {"memory:", "memory:5", "memory:x", "memory:-1", ""}) {
    options.url = bad;
    BOOST_TEST(!open_ledger(options, nullptr).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(bad_configuration_is_reported_not_thrown) {
  TempDir dir;
  LedgerOptions options;
  options.url = "mysql://db/ledger";  // postgresql:// is a store; this scheme is not
  auto bad_url = open_ledger(options, nullptr);
  BOOST_REQUIRE(!bad_url.has_value());
  BOOST_TEST(bad_url.error().find("sqlite:PATH") != std::string::npos);
  options.url = "sqlite:" + (dir.path() / "l.sqlite").string();
  options.pseudonym_key_file = write_file(dir.path() / "short", "short");
  auto short_key = open_ledger(options, nullptr);
  BOOST_REQUIRE(!short_key.has_value());
  BOOST_TEST(short_key.error().find("too short") != std::string::npos);
  options.pseudonym_key_file.clear();
  options.url = "sqlite:" + (dir.path() / "missing-dir" / "l.sqlite").string();
  BOOST_TEST(!open_ledger(options, nullptr).has_value());
}

}  // namespace
}  // namespace auc::cards::ledger::testing
