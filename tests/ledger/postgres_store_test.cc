// What only the PostgreSQL store promises: several instances on one database, ids in commit
// order, one row per (service, hookInstance), no password in the URL, and surviving a restart
// of the database without acknowledging a call it could not record; and its schema versions.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "cards/ledger/postgres/pg_migrations.h"
#include "cards/ledger/postgres/pg_store.h"
#include "hooks/auth/shared_replay_guard.h"
#include "ledger_fixture.h"

namespace auc::cards::ledger::testing {
namespace {

// Every call id an auditor can see now, following cursors.
std::vector<std::int64_t> visible_ids(Ledger& ledger) {
  std::vector<std::int64_t> ids;
  PageRequest page{"", kMaxPageSize};
  for (;;) {
    auto result = ledger.list_calls({}, page);
    BOOST_REQUIRE(result.has_value());
    for (const auto& c : result->calls) ids.push_back(c.id);
    if (result->next_cursor.empty()) return ids;
    page.cursor = result->next_cursor;
  }
}

// Two instances write at once while an auditor keeps looking. Whatever the auditor sees must
// be every call up to the largest id it sees: an id below it that turned up later would be a
// call a cursor had already passed.
BOOST_AUTO_TEST_CASE(ids_become_visible_in_commit_order_across_instances) {
  TempDir dir;
  const auto key = write_file(dir.path() / "k", kKeyA);
  const auto db = dir.path() / "shared";
  auto first = open_store(Store::kPostgresql, db, key);
  auto second = open_store(Store::kPostgresql, db, key);
  std::atomic<bool> writing{true};
  std::vector<std::vector<std::int64_t>> seen;
  std::thread auditor([&] {
    while (writing.load()) seen.push_back(visible_ids(*first));
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      Ledger& ledger = w % 2 == 0 ? *first : *second;
      for (int n = w; n < 400; n += 8) BOOST_CHECK(ledger.record_call(sample_call(n)));
    });
  }
  for (auto& t : writers) t.join();
  writing.store(false);
  auditor.join();
  const auto all = visible_ids(*second);
  BOOST_REQUIRE_EQUAL(all.size(), 400u);
  const std::set<std::int64_t> final_ids(all.begin(), all.end());
  BOOST_TEST(seen.size() > 1u);
  for (const auto& snapshot : seen) {
    if (snapshot.empty()) continue;
    const std::int64_t newest = snapshot.front();
    const std::set<std::int64_t> got(snapshot.begin(), snapshot.end());
    std::set<std::int64_t> expected;
    for (std::int64_t id : final_ids) {
      if (id <= newest) expected.insert(id);
    }
    BOOST_TEST_REQUIRE((got == expected), "a snapshot up to id " << newest << " missed "
                                                                 << expected.size() - got.size()
                                                                 << " committed calls");
  }
}

std::unique_ptr<postgres::PgStore> open_pg_store(const std::filesystem::path& db) {
  postgres::PgStoreOptions options;
  options.conninfo = ledger_url(Store::kPostgresql, db);
  auto store = postgres::PgStore::open(options);
  BOOST_REQUIRE_MESSAGE(store.has_value(), (store ? "" : store.error()));
  return std::move(store).value();
}

// A call as the ledger hands it to its store: pseudonymised, raw ids cleared.
CallRow store_row(int n) {
  CallRow row;
  row.record = sample_call(n);
  row.record.patient_id.clear();
  row.record.user_id.clear();
  row.patient_pseudonym = "patient-pseudonym-" + std::to_string(n);
  row.user_pseudonym = "user-pseudonym-" + std::to_string(n);
  row.key_id = "key-1";
  return row;
}

// Calls from many threads at once, each checked; returns the ids they got.
std::vector<std::int64_t> add_calls_concurrently(postgres::PgStore& store, int first, int count) {
  std::mutex mutex;
  std::vector<std::int64_t> ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int n = first + t; n < first + count; n += 16) {
        auto id = store.add_call(store_row(n));
        std::lock_guard lock(mutex);
        BOOST_CHECK_MESSAGE(id.has_value(), "call " << n << ": " << (id ? "" : id.error().message));
        if (id) ids.push_back(*id);
      }
    });
  }
  for (auto& t : threads) t.join();
  return ids;
}

// What a commit costs the writer is mostly waiting for the database, so a batch (BEGIN, the
// ids lock, every call and feedback, the unrecognised codes, COMMIT) is one round trip.
BOOST_AUTO_TEST_CASE(a_batch_is_one_round_trip_to_the_database) {
  TempDir dir;
  auto store = open_pg_store(dir.path() / "trips");
  BOOST_REQUIRE(store->add_call(store_row(0)).has_value());
  BOOST_TEST(store->writer_round_trips() == 1u);
  auto added = store->add_feedback(sample_feedback("card-uuid-0", "accepted"), "dedupe-0");
  BOOST_REQUIRE(added.has_value());
  BOOST_TEST(*added);
  auto again = store->add_feedback(sample_feedback("card-uuid-0", "accepted"), "dedupe-0");
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(!*again);
  BOOST_TEST(store->writer_round_trips() == 3u);
  // A call with a local code: its batch also merges the unrecognised codes.
  CallRow local = store_row(1);
  local.record.unrecognised_codes.push_back({"order", "urn:oid:1.2.3.4", "LOCAL-MRI-7", "MRI", 1});
  BOOST_REQUIRE(store->add_call(std::move(local)).has_value());
  BOOST_TEST(store->writer_round_trips() == 4u);
  auto report = store->unrecognised_codes({});
  BOOST_REQUIRE(report.has_value());
  BOOST_REQUIRE_EQUAL(report->codes.size(), 1u);
  BOOST_TEST(report->codes[0].code == "LOCAL-MRI-7");
  const std::uint64_t trips_before = store->writer_round_trips();
  const std::uint64_t commits_before = store->commits();
  const auto ids = add_calls_concurrently(*store, 2, 320);
  BOOST_TEST(std::set<std::int64_t>(ids.begin(), ids.end()).size() == 320u);
  const std::uint64_t trips = store->writer_round_trips() - trips_before;
  const std::uint64_t batches = store->commits() - commits_before;
  BOOST_TEST_MESSAGE("320 concurrent calls: " << batches << " batches, " << trips
                                              << " round trips");
  BOOST_TEST(trips == batches);
}

// The database holds a commit up (here another session holds the lock that orders call ids).
// Every caller gets its answer within the wait, and the writer gives up on the held-up
// statements then too, once per batch rather than again call by call: when the lock is free
// again, none of the refused calls turns up stored after all, and the next call commits.
BOOST_AUTO_TEST_CASE(a_commit_the_database_holds_up_fails_within_the_wait_then_recovers) {
  TempDir dir;
  postgres::PgStoreOptions options;
  options.conninfo = ledger_url(Store::kPostgresql, dir.path() / "held");
  options.wait_timeout = std::chrono::milliseconds(300);
  auto opened = postgres::PgStore::open(options);
  BOOST_REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error()));
  auto& store = **opened;
  auto blocker = postgres::Connection::open(options.conninfo);
  BOOST_REQUIRE(blocker.has_value());
  const std::string lock = std::string("SELECT pg_advisory_lock(") + postgres::kCallOrderLock + ")";
  BOOST_REQUIRE(blocker->exec(lock.c_str()).ok());
  constexpr int kCallers = 8;
  std::vector<std::thread> callers;
  std::vector<std::chrono::steady_clock::duration> took(kCallers);
  std::vector<char> refused(kCallers, 0);
  for (int n = 0; n < kCallers; ++n) {
    callers.emplace_back([&, n] {
      const auto began = std::chrono::steady_clock::now();
      auto id = store.add_call(store_row(n));
      took[n] = std::chrono::steady_clock::now() - began;
      refused[n] = !id.has_value();
    });
  }
  for (auto& t : callers) t.join();
  for (int n = 0; n < kCallers; ++n) {
    BOOST_TEST(refused[n], "call " << n << " was acknowledged while the commit was held up");
    BOOST_TEST(took[n] < std::chrono::seconds(2),
               "call " << n << " took "
                       << std::chrono::duration_cast<std::chrono::milliseconds>(took[n]).count()
                       << " ms");
  }
  // Failing each batch once takes the writer a statement timeout or two; retrying the calls one
  // by one would take it eight more, and they would commit once the lock is free.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const std::string unlock =
      std::string("SELECT pg_advisory_unlock(") + postgres::kCallOrderLock + ")";
  BOOST_REQUIRE(blocker->exec(unlock.c_str()).ok());
  auto after = store.add_call(store_row(100));
  BOOST_TEST_REQUIRE(after.has_value(), (after ? "" : after.error().message));
  auto stored = store.find_calls({}, std::nullopt, 100);
  BOOST_REQUIRE(stored.has_value());
  BOOST_TEST(stored->size() == 1u);
}

// A pipelined batch cannot wait for one call's answer before sending the next, so a retried
// call fails its batch; the batch's other calls must still be recorded, and the retry replace
// its row.
BOOST_AUTO_TEST_CASE(a_retry_in_a_batch_replaces_its_row_and_fails_no_other_call) {
  TempDir dir;
  auto store = open_pg_store(dir.path() / "retry");
  auto first = store->add_call(store_row(0));
  BOOST_REQUIRE(first.has_value());
  std::atomic<bool> retried_ok{false};
  std::thread retry([&] {
    CallRow row = store_row(0);
    row.record.cards[0].uuid = "card-uuid-of-the-retry";
    auto id = store->add_call(std::move(row));
    retried_ok.store(id.has_value() && *id == *first);
  });
  const auto ids = add_calls_concurrently(*store, 1, 160);
  retry.join();
  BOOST_TEST(retried_ok.load());
  BOOST_TEST(ids.size() == 160u);
  auto stored = store->find_calls({}, std::nullopt, 1000);
  BOOST_REQUIRE(stored.has_value());
  BOOST_TEST(stored->size() == 161u);
  auto got = store->find_call(*first);
  BOOST_REQUIRE(got.has_value() && got->has_value());
  BOOST_REQUIRE_EQUAL((*got)->cards.size(), 1u);
  BOOST_TEST((*got)->cards[0].uuid == "card-uuid-of-the-retry");
}

// After an instance dies, the EHRs retry its calls on the others: batches full of retries are
// each still one transaction, not one per call.
BOOST_AUTO_TEST_CASE(a_burst_of_retries_is_committed_in_batches) {
  TempDir dir;
  auto store = open_pg_store(dir.path() / "retries");
  const auto first = add_calls_concurrently(*store, 0, 160);
  BOOST_REQUIRE_EQUAL(first.size(), 160u);
  const std::uint64_t commits_before = store->commits();
  const auto again = add_calls_concurrently(*store, 0, 160);
  const std::uint64_t commits = store->commits() - commits_before;
  BOOST_TEST_MESSAGE("160 retried calls: " << commits << " commits");
  // Every retry gets its call's id back, and the ledger still holds each call once.
  BOOST_TEST(std::set<std::int64_t>(again.begin(), again.end()) ==
             std::set<std::int64_t>(first.begin(), first.end()));
  auto stored = store->find_calls({}, std::nullopt, 1000);
  BOOST_REQUIRE(stored.has_value());
  BOOST_TEST(stored->size() == 160u);
  // Sixteen callers at once share transactions; a commit per call would be 160.
  BOOST_TEST(commits <= 80u);
}

// An instance died between commit and answer; the EHR's retry reaches another instance.
BOOST_AUTO_TEST_CASE(a_retried_call_is_stored_once_with_the_answer_sent_last) {
  TempDir dir;
  const auto key = write_file(dir.path() / "k", kKeyA);
  auto first = open_store(Store::kPostgresql, dir.path() / "l", key);
  auto second = open_store(Store::kPostgresql, dir.path() / "l", key);
  HookCallRecord call = sample_call(5);
  auto stored = first->record_call(call);
  BOOST_REQUIRE(stored.has_value());
  call.cards[0].uuid = "card-uuid-of-the-retry";
  call.latency_us = 1234;
  auto retried = second->record_call(call);
  BOOST_REQUIRE(retried.has_value());
  BOOST_TEST(*retried == *stored);
  const auto ids = visible_ids(*first);
  BOOST_TEST(ids.size() == 1u);
  auto got = first->get_call(*stored);
  BOOST_REQUIRE(got.has_value() && got->has_value());
  BOOST_TEST((*got)->latency_us == 1234);
  BOOST_REQUIRE_EQUAL((*got)->cards.size(), 1u);
  BOOST_TEST((*got)->cards[0].uuid == "card-uuid-of-the-retry");
  // Another service's call with the same hookInstance is a different call.
  HookCallRecord other = sample_call(5);
  other.service_id = "another-service";
  BOOST_REQUIRE(first->record_call(other).has_value());
  BOOST_TEST(visible_ids(*first).size() == 2u);
}

// As with SQLite: the schema is migrated at open (once, whoever opens it again), and a database
// a newer binary migrated is refused rather than written in a layout this one does not know.
BOOST_AUTO_TEST_CASE(schema_is_migrated_at_open_and_a_newer_schema_is_refused) {
  TempDir dir;
  const auto db = dir.path() / "schema";
  const auto key = write_file(dir.path() / "k", kKeyA);
  BOOST_REQUIRE(open_store(Store::kPostgresql, db, key)->record_call(sample_call(0)));
  BOOST_REQUIRE(open_store(Store::kPostgresql, db, key)->record_call(sample_call(1)));
  auto raw = postgres::Connection::open(ledger_url(Store::kPostgresql, db));
  BOOST_REQUIRE(raw.has_value());
  auto version = raw->exec("SELECT version FROM ledger_schema");
  BOOST_REQUIRE(version.ok() && version.rows() == 1);
  BOOST_TEST(version.int64(0, 0) == postgres::latest_schema_version());
  auto calls = raw->exec("SELECT COUNT(*) FROM hook_call");
  BOOST_REQUIRE(calls.ok());
  BOOST_TEST(calls.int64(0, 0) == 2);
  // Debian's PostgreSQL has LZ4: the JSON documents are compressed with it, nothing else is.
  auto lz4 = raw->exec(
      "SELECT string_agg(attname, ',' ORDER BY attname) FROM pg_attribute WHERE attrelid = "
      "'hook_call'::regclass AND attcompression = 'l'");
  BOOST_REQUIRE(lz4.ok());
  BOOST_TEST(lz4.text(0, 0) == "cards_json,facts_json,system_actions_json");

  BOOST_REQUIRE(raw->exec("UPDATE ledger_schema SET version = 99").ok());
  LedgerOptions options;
  options.url = ledger_url(Store::kPostgresql, db);
  auto ledger = open_ledger(options, nullptr);
  BOOST_REQUIRE(!ledger.has_value());
  BOOST_TEST(ledger.error().find("newer") != std::string::npos, ledger.error());
}

BOOST_AUTO_TEST_CASE(a_password_in_the_url_is_refused_and_never_echoed) {
  LedgerOptions options;
  options.url = "postgresql://auc:s3cret-in-url@127.0.0.1:1/ledger";
  auto ledger = open_ledger(options, nullptr);
  BOOST_REQUIRE(!ledger.has_value());
  BOOST_TEST(ledger.error().find("password") != std::string::npos);
  BOOST_TEST(ledger.error().find("s3cret-in-url") == std::string::npos);
}

// While the database restarts, a call is either recorded and acknowledged, or refused with an
// error the handler turns into 503 with Retry-After; once it is back, the next call reconnects.
BOOST_AUTO_TEST_CASE(database_restart_refuses_calls_it_cannot_record_then_reconnects) {
  TempDir dir;
  auto ledger =
      open_store(Store::kPostgresql, dir.path() / "l", write_file(dir.path() / "k", kKeyA));
  std::set<std::int64_t> acknowledged;
  auto before = ledger->record_call(sample_call(0));
  BOOST_REQUIRE(before.has_value());
  acknowledged.insert(*before);
  std::atomic<bool> restarting{true};
  int refused = 0;
  std::thread caller([&] {
    for (int n = 1; restarting.load() && n < 10000; ++n) {
      auto id = ledger->record_call(sample_call(n));
      if (id) {
        acknowledged.insert(*id);
      } else {
        BOOST_TEST((id.error().kind == LedgerError::Kind::kUnavailable));
        ++refused;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  test::PostgresServer::shared().restart();
  restarting.store(false);
  caller.join();
  BOOST_TEST(refused > 0);  // the restart was noticed, not slept through
  auto after = ledger->record_call(sample_call(20000));
  BOOST_REQUIRE_MESSAGE(after.has_value(), (after ? "" : after.error().message));
  acknowledged.insert(*after);
  // Every acknowledged call is there. A refused one may be there too (the connection broke
  // during its COMMIT, so nobody knows): the EHR retries it and the retry finds it stored.
  const auto ids = visible_ids(*ledger);
  const std::set<std::int64_t> stored(ids.begin(), ids.end());
  for (std::int64_t id : acknowledged) BOOST_TEST(stored.count(id) == 1u, "call " << id);
  BOOST_TEST(stored.size() <= acknowledged.size() + static_cast<std::size_t>(refused));
}

// A jti accepted by one instance is refused by another, until the token has expired.
BOOST_AUTO_TEST_CASE(replay_protection_is_shared_by_instances) {
  TempDir dir;
  const std::string url =
      test::PostgresServer::shared().database(postgres_database_name(dir.path() / "replay"));
  auto first = hooks::open_postgres_replay_guard(url);
  auto second = hooks::open_postgres_replay_guard(url);
  BOOST_REQUIRE(first.has_value());
  BOOST_REQUIRE(second.has_value());
  const std::int64_t now = 1'800'000'000;
  auto used = (*first)->first_use("https://ehr.example.org", "jti-1", now + 300, now);
  BOOST_REQUIRE(used.has_value());
  BOOST_TEST(*used);
  auto replayed = (*second)->first_use("https://ehr.example.org", "jti-1", now + 300, now + 1);
  BOOST_REQUIRE(replayed.has_value());
  BOOST_TEST(!*replayed);
  auto other_issuer = (*second)->first_use("https://other.example.org", "jti-1", now + 300, now);
  BOOST_REQUIRE(other_issuer.has_value());
  BOOST_TEST(*other_issuer);
  auto after_expiry =
      (*second)->first_use("https://ehr.example.org", "jti-1", now + 900, now + 301);
  BOOST_REQUIRE(after_expiry.has_value());
  BOOST_TEST(*after_expiry);
}

}  // namespace
}  // namespace auc::cards::ledger::testing
