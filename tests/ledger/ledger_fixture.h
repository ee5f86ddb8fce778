// Shared by the ledger tests: a temporary directory, a ledger over either store (a real SQLite
// file, or a database on a throwaway PostgreSQL server), and sample records.
#pragma once

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "cards/ledger/ledger.h"
#include "cards/ledger/open_ledger.h"
#include "cards/ledger/postgres/pg_connection.h"
#include "cards/ledger/sqlite/database.h"
#include "cards/ledger/sqlite/packed_json.h"
#include "tests/support/postgres_server.h"

namespace auc::cards::ledger::testing {

inline constexpr char kPatientId[] = "pat-7f3e9c2a-raw";
inline constexpr char kUserId[] = "Practitioner/dr-4411-raw";
inline constexpr char kKeyA[] = "0123456789abcdef0123456789abcdef-key-A";
inline constexpr char kKeyB[] = "fedcba9876543210fedcba9876543210-key-B";

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "auc-ledger-test-XXXXXX").string();
    BOOST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Everything on disk that belongs to the database: the file, its WAL and shared memory, and the
// call journal; and, since the file keeps each call's JSON documents compressed, those documents
// unpacked.
inline std::string read_database_files(const std::filesystem::path& db) {
  std::string all = read_file(db);
  for (const char* suffix : {"-wal", "-shm", "-journal", "-calls-0", "-calls-1"}) {
    std::filesystem::path p = db;
    p += suffix;
    if (std::filesystem::exists(p)) all += read_file(p);
  }
  auto conn = sqlite::Database::open(db.string(), sqlite::Database::Mode::kReadOnly);
  BOOST_REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error()));
  auto rows = conn->prepare("SELECT packed_json FROM hook_call WHERE packed_json IS NOT NULL");
  BOOST_REQUIRE_MESSAGE(rows.has_value(), (rows ? "" : rows.error()));
  while (rows->step() == SQLITE_ROW) {
    auto documents = sqlite::unpack_json(rows->bytes(0), sqlite::packed_fields().size());
    BOOST_REQUIRE_MESSAGE(documents.has_value(), (documents ? "" : documents.error()));
    for (const std::string& d : *documents) all += d;
  }
  return all;
}

inline Timestamp at_seconds(std::int64_t s) {
  return Timestamp(std::chrono::seconds(s));
}

// A call whose every field is set and distinguishable.
inline HookCallRecord sample_call(int n = 0) {
  HookCallRecord c;
  c.hook_instance = "hook-instance-" + std::to_string(n);
  c.service_id = n % 2 == 0 ? "auc-order-select" : "auc-order-sign";
  c.hook = n % 2 == 0 ? "order-select" : "order-sign";
  c.received_at = at_seconds(1'800'000'000 + n) + std::chrono::microseconds(123);
  c.answered_at = c.received_at + std::chrono::microseconds(850);
  c.latency_us = 850;
  c.issuer = "https://ehr.example.org";
  c.tenant = "tenant-a";
  c.patient_id = kPatientId;
  c.user_id = kUserId;
  c.http_status = 200;
  c.data_source = DataSource::kMixed;
  c.criteria_edition = "ACR-AC VCF 2022";
  OrderEntry o;
  o.order_reference = "ServiceRequest/draft-" + std::to_string(n);
  o.ordered_codes = {{"http://www.ama-assn.org/go/cpt", "72146", "MRI thoracic spine w/o"},
                     {"http://loinc.org", "36148-0", "MR Thoracic spine WO contrast"}};
  o.procedure_id = "mri-spine-without-iv-contrast";
  o.variant = "variant-" + std::to_string(1 + n % 9);
  o.category = "usually-appropriate";
  o.rating = 1 + n % 9;
  o.pama_rating = "appropriate";
  c.orders.push_back(o);
  CardEntry card;
  card.uuid = "card-uuid-" + std::to_string(n);
  card.indicator = n % 3 == 0 ? "warning" : "info";
  card.summary = "Consider MRI spine without IV contrast";
  card.order_reference = o.order_reference;
  card.variant = o.variant;
  card.suggested_procedure_id = n % 4 == 0 ? "ct-spine-without-iv-contrast" : "";
  c.cards.push_back(card);
  c.facts_json = R"({"facts":[{"concept":"condition/vcf-osteoporotic","resource":"Condition/c1",)"
                 R"("code":{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"M80.08XA"}}]})";
  // A system action that names the patient: the ledger must not store that raw id.
  c.cards_json = R"([{"uuid":"card-uuid-)" + std::to_string(n) +
                 R"(","summary":"Consider MRI","indicator":"info","source":{"label":"AUC"}}])";
  c.system_actions_json = std::string(R"([{"type":"update","resource":{"resourceType":)") +
                          R"("ServiceRequest","id":"draft-1","subject":{"reference":"Patient/)" +
                          kPatientId + R"("},"requester":{"reference":")" + kUserId + R"("}}}])";
  c.error = "";
  return c;
}

inline FeedbackRecord sample_feedback(const std::string& card_uuid, const std::string& outcome) {
  FeedbackRecord f;
  f.service_id = "auc-order-select";
  f.card_uuid = card_uuid;
  f.outcome = outcome;
  if (outcome == "accepted") {
    f.accepted_suggestion_ids = {"suggestion-1", "suggestion-2"};
  } else {
    f.override_reason = {"http://example.org/override-reason", "patient-preference",
                         "Patient preference"};
    f.user_comment = "discussed with patient";
  }
  f.outcome_timestamp = "2027-01-15T10:00:00Z";
  f.received_at = at_seconds(1'800'000'500);
  f.issuer = "https://ehr.example.org";
  f.tenant = "tenant-a";
  return f;
}

// The feedback pattern of populated ledgers: every 5th card accepted, the next one overridden
// (reason alternating between two codes), the rest without feedback.
inline bool has_feedback(int n) {
  return n % 5 == 0 || n % 5 == 1;
}
inline FeedbackRecord feedback_for(int n) {
  FeedbackRecord f =
      sample_feedback("card-uuid-" + std::to_string(n), n % 5 == 0 ? "accepted" : "overridden");
  if (n % 5 == 1) {
    f.override_reason.code = n % 2 == 0 ? "patient-preference" : "clinical-judgement";
    f.override_reason.display = n % 2 == 0 ? "Patient preference" : "Clinical judgement";
  }
  return f;
}

// Writes sample calls 0..calls-1 (and their feedback) from `writers` threads, as concurrent hook
// calls would. Returns ledger id -> sample number.
inline std::map<std::int64_t, int> populate_ledger(Ledger& ledger, int calls, int writers) {
  std::vector<std::vector<std::pair<std::int64_t, int>>> ids(static_cast<std::size_t>(writers));
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int n = w; n < calls; n += writers) {
        auto id = ledger.record_call(sample_call(n));
        if (id) ids[static_cast<std::size_t>(w)].emplace_back(*id, n);
        if (has_feedback(n)) (void)ledger.record_feedback(feedback_for(n));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::map<std::int64_t, int> sample_of_id;
  for (const auto& list : ids) {
    for (const auto& [id, n] : list) sample_of_id[id] = n;
  }
  BOOST_REQUIRE_EQUAL(sample_of_id.size(), static_cast<std::size_t>(calls));
  return sample_of_id;
}

inline std::unique_ptr<Ledger> open_sqlite(const std::filesystem::path& db,
                                           const std::string& key_file, bool raw_ids = false) {
  LedgerOptions options;
  options.url = "sqlite:" + db.string();
  options.pseudonym_key_file = key_file;
  options.store_raw_ids = raw_ids;
  auto ledger = open_ledger(options, nullptr);
  BOOST_REQUIRE_MESSAGE(ledger.has_value(), (ledger ? "" : ledger.error()));
  return std::move(ledger).value();
}

// The PostgreSQL database a test's ledger path stands for.
inline std::string postgres_database_name(const std::filesystem::path& db) {
  char name[32];
  std::snprintf(name, sizeof(name), "ledger_%016zx", std::hash<std::string>{}(db.string()));
  return name;
}

// Every row of every ledger table of the PostgreSQL database `db` names, as JSON text.
inline std::string postgres_database_text(const std::filesystem::path& db) {
  const std::string url = test::PostgresServer::shared().database(postgres_database_name(db));
  auto conn = postgres::Connection::open(url);
  BOOST_REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error()));
  std::string all;
  for (const char* table : {"hook_call", "call_order", "order_code", "call_card", "feedback",
                            "feedback_suggestion", "unrecognised_code"}) {
    const std::string sql =
        std::string("SELECT COALESCE(string_agg(row_to_json(t)::text, ' '), '') FROM ") + table +
        " t";
    auto rows = conn->exec(sql.c_str());
    BOOST_REQUIRE_MESSAGE(rows.ok(), rows.error());
    all += rows.text(0, 0);
  }
  return all;
}

// The stores a behaviour test runs against (BOOST_DATA_TEST_CASE(name, stores(), store)).
enum class Store : std::uint8_t { kSqlite, kPostgresql };
inline std::ostream& operator<<(std::ostream& out, Store store) {
  return out << (store == Store::kSqlite ? "sqlite" : "postgresql");
}
inline auto stores() {
  return boost::unit_test::data::make({Store::kSqlite, Store::kPostgresql});
}

// The --ledger URL of the ledger that `db` names: that SQLite file, or the PostgreSQL database
// named after the path (created on first use), so opening the same path again reopens the same
// ledger.
inline std::string ledger_url(Store store, const std::filesystem::path& db) {
  if (store == Store::kSqlite) return "sqlite:" + db.string();
  return test::PostgresServer::shared().database(postgres_database_name(db));
}

// Everything the store holds of the ledger `db` names, as bytes to search.
inline std::string stored_bytes(Store store, const std::filesystem::path& db) {
  return store == Store::kSqlite ? read_database_files(db) : postgres_database_text(db);
}

inline std::unique_ptr<Ledger> open_store(Store store, const std::filesystem::path& db,
                                          const std::string& key_file, bool raw_ids = false) {
  if (store == Store::kSqlite) return open_sqlite(db, key_file, raw_ids);
  LedgerOptions options;
  options.url = ledger_url(store, db);
  options.pseudonym_key_file = key_file;
  options.store_raw_ids = raw_ids;
  auto ledger = open_ledger(options, nullptr);
  BOOST_REQUIRE_MESSAGE(ledger.has_value(), (ledger ? "" : ledger.error()));
  return std::move(ledger).value();
}

}  // namespace auc::cards::ledger::testing
