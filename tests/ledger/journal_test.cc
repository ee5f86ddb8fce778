// The call journal: what a file ledger has acknowledged but not yet inserted. Encodings must come
// back exactly; a write cut short by a crash must hide nothing written before it; and calls a
// crashed process left in the journal must be in the ledger when it opens again.
#include <openssl/evp.h>
#include <sqlite3.h>

#include <boost/test/unit_test.hpp>
#include <cstring>
#include <filesystem>
#include <vector>

#include "cards/ledger/sqlite/call_journal.h"
#include "cards/ledger/sqlite/call_row.h"
#include "ledger_fixture.h"

namespace auc::cards::ledger::testing {
namespace {

using sqlite::CallJournal;

CallRow sample_row(int n) {
  CallRow row;
  row.id = 0;
  row.record = sample_call(n);
  row.record.orders.push_back(row.record.orders.front());
  row.record.orders.back().ordered_codes.pop_back();
  row.record.cards.push_back(row.record.cards.front());
  row.record.error = "error " + std::to_string(n);
  row.record.unrecognised_codes = {{"order", "urn:oid:1.2.840.114350.1.13.999.2.7.2.696580",
                                    "IMG" + std::to_string(n), "MRI L-SPINE", 2},
                                   {"condition", "urn:oid:1.2.3", "HTN", "", 1}};
  row.patient_pseudonym = "patient-pseudonym-" + std::to_string(n);
  row.user_pseudonym = "user-pseudonym-" + std::to_string(n);
  row.key_id = "key-" + std::to_string(n);
  row.store_raw_ids = n % 2 == 1;
  if (!row.store_raw_ids) {  // as the ledger hands rows over: raw ids only when they are stored
    row.record.patient_id.clear();
    row.record.user_id.clear();
  }
  return row;
}

void check_same(const CallRow& a, const CallRow& b) {
  BOOST_TEST(a.id == b.id);
  BOOST_TEST(a.patient_pseudonym == b.patient_pseudonym);
  BOOST_TEST(a.user_pseudonym == b.user_pseudonym);
  BOOST_TEST(a.key_id == b.key_id);
  BOOST_TEST(a.store_raw_ids == b.store_raw_ids);
  const HookCallRecord& x = a.record;
  const HookCallRecord& y = b.record;
  BOOST_TEST(x.hook_instance == y.hook_instance);
  BOOST_TEST(x.service_id == y.service_id);
  BOOST_TEST(x.hook == y.hook);
  BOOST_TEST((x.received_at == y.received_at));
  BOOST_TEST((x.answered_at == y.answered_at));
  BOOST_TEST(x.latency_us == y.latency_us);
  BOOST_TEST(x.issuer == y.issuer);
  BOOST_TEST(x.tenant == y.tenant);
  BOOST_TEST(x.patient_id == y.patient_id);
  BOOST_TEST(x.user_id == y.user_id);
  BOOST_TEST(x.http_status == y.http_status);
  BOOST_TEST((x.data_source == y.data_source));
  BOOST_TEST(x.criteria_edition == y.criteria_edition);
  BOOST_TEST((x.orders == y.orders));
  BOOST_TEST((x.cards == y.cards));
  BOOST_TEST(x.facts_json == y.facts_json);
  BOOST_TEST(x.cards_json == y.cards_json);
  BOOST_TEST(x.system_actions_json == y.system_actions_json);
  BOOST_TEST(x.error == y.error);
  BOOST_TEST((x.unrecognised_codes == y.unrecognised_codes));
}

// `rows` are sample_row(0), sample_row(1), ... numbered from `first_id`.
void check_samples(const std::vector<CallRow>& rows, std::size_t count, std::int64_t first_id) {
  BOOST_TEST_REQUIRE(rows.size() == count);
  for (std::size_t n = 0; n < count; ++n) {
    CallRow expected = sample_row(static_cast<int>(n));
    expected.id = first_id + static_cast<std::int64_t>(n);
    check_same(rows[n], expected);
  }
}

BOOST_AUTO_TEST_CASE(call_rows_come_back_from_their_encoding_exactly) {
  CallRow row = sample_row(3);
  row.id = 42;
  std::string bytes;
  sqlite::encode_call_row(row, bytes);
  const auto decoded = sqlite::decode_call_row(bytes);
  BOOST_TEST_REQUIRE(decoded.has_value());
  check_same(*decoded, row);
  // Every shorter prefix, and one byte too many, is refused rather than half-read.
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    BOOST_TEST_REQUIRE(!sqlite::decode_call_row(std::string_view(bytes).substr(0, n)).has_value(),
                       "prefix of " << n << " bytes");
  }
  BOOST_TEST(!sqlite::decode_call_row(bytes + "x").has_value());
}

// A row as the previous journal format (1) laid it out, field by field.
std::string format_1_bytes(const CallRow& row) {
  std::string out;
  auto u8 = [&](std::uint8_t v) { out.push_back(static_cast<char>(v)); };
  auto i64 = [&](std::int64_t v) {
    for (int i = 0; i < 8; ++i) {
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff));
    }
  };
  auto str = [&](const std::string& s) {
    i64(static_cast<std::int64_t>(s.size()));
    out += s;
  };
  const HookCallRecord& c = row.record;
  u8(1);
  i64(row.id);
  str(row.patient_pseudonym);
  str(row.user_pseudonym);
  str(row.key_id);
  u8(row.store_raw_ids ? 1 : 0);
  str(c.hook_instance);
  str(c.service_id);
  str(c.hook);
  i64(c.received_at.time_since_epoch().count());
  i64(c.answered_at.time_since_epoch().count());
  i64(c.latency_us);
  str(c.issuer);
  str(c.tenant);
  str(c.patient_id);
  str(c.user_id);
  i64(c.http_status);
  u8(static_cast<std::uint8_t>(c.data_source));
  str(c.criteria_edition);
  i64(static_cast<std::int64_t>(c.orders.size()));
  for (const OrderEntry& o : c.orders) {
    str(o.order_reference);
    i64(static_cast<std::int64_t>(o.ordered_codes.size()));
    for (const Code& k : o.ordered_codes) {
      str(k.system);
      str(k.code);
      str(k.display);
    }
    str(o.procedure_id);
    str(o.variant);
    str(o.category);
    i64(o.rating);
    str(o.pama_rating);
  }
  i64(static_cast<std::int64_t>(c.cards.size()));
  for (const CardEntry& k : c.cards) {
    str(k.uuid);
    str(k.indicator);
    str(k.summary);
    str(k.order_reference);
    str(k.variant);
    str(k.suggested_procedure_id);
  }
  str(c.facts_json);
  str(c.cards_json);
  str(c.system_actions_json);
  str(c.error);
  return out;
}

// A journal a previous version left behind after a crash still replays after an upgrade.
BOOST_AUTO_TEST_CASE(rows_in_the_previous_journal_format_still_decode) {
  for (int n : {2, 3}) {  // raw ids not stored, and stored
    CallRow row = sample_row(n);
    row.id = 7 + n;
    row.record.unrecognised_codes.clear();  // neither earlier format carried them
    const std::string bytes = format_1_bytes(row);
    const auto decoded = sqlite::decode_call_row(bytes);
    BOOST_TEST_REQUIRE(decoded.has_value());
    check_same(*decoded, row);
    BOOST_TEST(!sqlite::decode_call_row(bytes.substr(0, bytes.size() - 1)).has_value());

    // Format 2 is format 3 without the unrecognised codes' count at the end.
    std::string format_2;
    sqlite::encode_call_row(row, format_2);
    BOOST_TEST_REQUIRE(format_2.substr(format_2.size() - 8) == std::string(8, '\0'));
    format_2.resize(format_2.size() - 8);
    format_2[0] = 2;
    const auto from_format_2 = sqlite::decode_call_row(format_2);
    BOOST_TEST_REQUIRE(from_format_2.has_value());
    check_same(*from_format_2, row);
  }
}

constexpr char kSomeLedger[] = "0123456789abcdef0123456789abcdef";

// The identity a ledger database was given when it was created.
std::string identity_of(const std::filesystem::path& db) {
  sqlite3* raw = nullptr;
  BOOST_REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string id;
  if (sqlite3_prepare_v2(raw, "SELECT id FROM ledger_identity", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    id = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  BOOST_REQUIRE_EQUAL(id.size(), CallJournal::kLedgerIdBytes);
  return id;
}

// A journal started as the ledger starts it, whose sink keeps what it is handed.
struct StartedJournal {
  StartedJournal(const std::filesystem::path& db, std::int64_t last_id,
                 const std::string& ledger = kSomeLedger) {
    sqlite::JournalOptions options;
    options.sync = false;
    auto opened = CallJournal::open(db.string(), ledger, options);
    BOOST_REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error()));
    journal = std::move(opened).value();
    journal->start(last_id, [this](std::vector<CallRow> rows, bool) -> Expected<Ok, LedgerError> {
      for (auto& r : rows) handed.push_back(std::move(r));
      return Ok{};
    });
  }
  std::unique_ptr<CallJournal> journal;
  std::vector<CallRow> handed;
};

// How many calls an auditor sees.
std::size_t calls_in(Ledger& ledger) {
  auto page = ledger.list_calls(CallFilter{}, PageRequest{"", 100});
  BOOST_TEST_REQUIRE(page.has_value());
  return page->calls.size();
}

std::vector<CallRow> read_back(const std::filesystem::path& db,
                               const std::string& ledger = kSomeLedger) {
  auto journal = CallJournal::open(db.string(), ledger, sqlite::JournalOptions{});
  BOOST_REQUIRE(journal.has_value());
  auto rows = (*journal)->read_rows();
  BOOST_REQUIRE(rows.has_value());
  return std::move(rows).value();
}

BOOST_AUTO_TEST_CASE(journaled_calls_are_read_back_up_to_a_torn_or_corrupt_entry) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  {
    StartedJournal j(db, 10);
    for (int n = 0; n < 3; ++n) {
      auto id = j.journal->add(sample_row(n));
      BOOST_TEST_REQUIRE(id.has_value());
      BOOST_TEST(*id == 11 + n);
    }
    BOOST_TEST_REQUIRE(j.handed.size() == 3u);
    BOOST_TEST(j.handed[2].id == 13);
  }
  const auto file = CallJournal::file_path(db.string(), 0);
  auto rows = read_back(db);
  check_samples(rows, 3, 11);

  // A crash in the middle of writing the last entry (its end never reached the disk): the first
  // two are still there.
  const auto full = read_file(file);
  const auto end = full.find_last_not_of('\0') + 1;
  std::string torn = full;
  torn.replace(end - 5, 5, 5, '\0');
  write_file(file, torn);
  rows = read_back(db);
  BOOST_TEST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[1].id == 12);

  // Read for another database, none of it is taken.
  BOOST_TEST(read_back(db, "fedcba9876543210fedcba9876543210").empty());

  // A flipped byte inside the second entry: its digest fails, reading stops before it.
  std::string corrupt = full;
  const auto second = corrupt.find("hook-instance-1");
  BOOST_TEST_REQUIRE(second != std::string::npos);
  corrupt[second] ^= 0x20;
  write_file(file, corrupt);
  rows = read_back(db);
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(rows[0].id == 11);
}

// Entries written by a version that checksummed them with a SHA-256 prefix ("AUCJ"): each
// entry's header is rewritten that way, as that version left it.
std::string as_sha256_entries(std::string text, bool keep_checksum) {
  constexpr std::size_t kHeader = 4 + 4 + 8 + CallJournal::kLedgerIdBytes;
  for (std::size_t at = 0; at + kHeader <= text.size() && text.compare(at, 3, "AUC") == 0;) {
    std::size_t length = 0;
    for (int i = 0; i < 4; ++i) {
      length |= std::size_t{static_cast<unsigned char>(text[at + 4 + static_cast<std::size_t>(i)])}
                << (8 * i);
    }
    text[at + 3] = 'J';
    if (!keep_checksum) {
      unsigned char digest[EVP_MAX_MD_SIZE];
      unsigned int size = 0;
      EVP_Digest(text.data() + at + kHeader, length, digest, &size, EVP_sha256(), nullptr);
      std::memcpy(text.data() + at + 8, digest, 8);
    }
    at += kHeader + length;
  }
  return text;
}

BOOST_AUTO_TEST_CASE(entries_an_earlier_version_checksummed_with_sha256_are_still_read) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  {
    StartedJournal j(db, 20);
    for (int n = 0; n < 2; ++n) BOOST_TEST_REQUIRE(j.journal->add(sample_row(n)).has_value());
  }
  const auto file = CallJournal::file_path(db.string(), 0);
  const std::string current = read_file(file);
  BOOST_TEST_REQUIRE(current.compare(0, 4, "AUCX") == 0);

  write_file(file, as_sha256_entries(current, false));
  check_samples(read_back(db), 2, 21);

  // The magic decides which checksum is checked: an old magic over a new checksum fails.
  write_file(file, as_sha256_entries(current, true));
  BOOST_TEST(read_back(db).empty());
}

BOOST_AUTO_TEST_CASE(calls_a_crashed_process_journaled_are_in_the_ledger_when_it_opens_again) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  const auto key = write_file(dir.path() / "key", kKeyA);
  {
    auto ledger = open_sqlite(db, key);
    BOOST_TEST_REQUIRE(ledger->record_call(sample_call(0)).value() == 1);
    BOOST_TEST_REQUIRE(ledger->record_call(sample_call(1)).value() == 2);
  }
  // What a process that crashed right after acknowledging calls 3 and 4 leaves behind: both in
  // the journal, neither in the database. (Its rows are scrubbed, as record_call leaves them.)
  std::vector<CallRow> journaled;
  {
    StartedJournal j(db, 2, identity_of(db));
    for (int n = 2; n < 4; ++n) {
      CallRow row = sample_row(n);
      row.record.patient_id.clear();
      row.record.user_id.clear();
      row.record.system_actions_json = "[]";
      row.store_raw_ids = false;
      BOOST_TEST_REQUIRE(j.journal->add(row).has_value());
    }
    journaled = j.handed;
  }
  auto ledger = open_sqlite(db, key);
  for (const CallRow& row : journaled) {
    auto stored = ledger->get_call(row.id);
    BOOST_TEST_REQUIRE(stored.has_value());
    BOOST_TEST_REQUIRE(stored->has_value(), "call " << row.id << " was lost");
    const StoredCall& c = **stored;
    BOOST_TEST(c.hook_instance == row.record.hook_instance);
    BOOST_TEST(c.patient_pseudonym == row.patient_pseudonym);
    BOOST_TEST(c.facts_json == row.record.facts_json);
    BOOST_TEST((c.orders == row.record.orders));
    BOOST_TEST((c.cards.size() == row.record.cards.size()));
    BOOST_TEST(c.error == row.record.error);
  }
  BOOST_TEST(calls_in(*ledger) == 4u);
  // The next call continues the sequence, and opening again inserts nothing twice.
  BOOST_TEST(ledger->record_call(sample_call(9)).value() == 5);
  ledger.reset();
  ledger = open_sqlite(db, key);
  BOOST_TEST(calls_in(*ledger) == 5u);
}

BOOST_AUTO_TEST_CASE(calls_already_in_the_database_are_not_inserted_twice) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  const auto key = write_file(dir.path() / "key", kKeyA);
  {
    auto ledger = open_sqlite(db, key);
    BOOST_TEST_REQUIRE(ledger->record_call(sample_call(0)).has_value());
  }
  {
    // A journal that still holds call 1, already committed: the process died before reusing it.
    StartedJournal j(db, 0, identity_of(db));
    BOOST_TEST_REQUIRE(j.journal->add(sample_row(0)).value() == 1);
  }
  auto ledger = open_sqlite(db, key);
  BOOST_TEST(calls_in(*ledger) == 1u);
}

BOOST_AUTO_TEST_CASE(a_journal_left_beside_a_replaced_database_is_not_replayed_into_it) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  const auto key = write_file(dir.path() / "key", kKeyA);
  {
    auto ledger = open_sqlite(db, key);
    BOOST_TEST_REQUIRE(ledger->record_call(sample_call(0)).has_value());
  }
  {
    StartedJournal j(db, 1, identity_of(db));  // call 2, journaled, never inserted
    BOOST_TEST_REQUIRE(j.journal->add(sample_row(1)).value() == 2);
  }
  // An operator replaces the database but leaves the journal files.
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(db.string() + suffix);
  }
  auto ledger = open_sqlite(db, key);
  BOOST_TEST(calls_in(*ledger) == 0u);
  BOOST_TEST(ledger->record_call(sample_call(2)).value() == 1);
}

}  // namespace
}  // namespace auc::cards::ledger::testing
