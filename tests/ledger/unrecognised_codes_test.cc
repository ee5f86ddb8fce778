// The unrecognised-codes report kept in the ledger: counts add up per code and service, first and
// last seen widen, filters by time, system and kind; it survives reopening the ledger, two
// instances on one PostgreSQL database see each other's codes, and the table stays bounded.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "cards/ledger/unrecognised_code_tally.h"
#include "ledger_fixture.h"

namespace auc::cards::ledger::testing {
namespace {

constexpr char kEpic[] = "urn:oid:1.2.840.114350.1.13.999.2.7.2.696580";

HookCallRecord call_seeing(int n, std::vector<UnrecognisedCodeSeen> codes) {
  HookCallRecord call = sample_call(n);
  call.service_id = "auc-order-select";
  call.unrecognised_codes = std::move(codes);
  return call;
}

const UnrecognisedCodeEntry* find(const UnrecognisedCodeReport& report, std::string_view code) {
  for (const auto& e : report.codes) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

UnrecognisedCodeReport all_codes(Ledger& ledger, const UnrecognisedCodeFilter& filter = {}) {
  auto report = ledger.unrecognised_codes(filter);
  BOOST_REQUIRE_MESSAGE(report.has_value(), (report ? "" : report.error().message));
  return std::move(report).value();
}

BOOST_AUTO_TEST_SUITE(unrecognised_code_report)

BOOST_DATA_TEST_CASE(counts_merge_per_code_and_filters_select, stores(), store) {
  TempDir dir;
  const std::string key = write_file(dir.path() / "key", kKeyA);
  auto ledger = open_store(store, dir.path() / "codes-merge.sqlite", key);
  // Calls 3, 1 and 2 seconds after the sample epoch; the same orderable on two orders of call 3.
  BOOST_REQUIRE(
      ledger
          ->record_call(call_seeing(4, {{"order", kEpic, "IMG1", "MRI L-SPINE", 1},
                                        {"order", kEpic, "IMG1", "MRI L-SPINE again", 1},
                                        {"condition", "urn:oid:1.2.3", "HTN", "Hypertension", 1}}))
          .has_value());
  BOOST_REQUIRE(ledger->record_call(call_seeing(2, {{"order", kEpic, "IMG1", "renamed", 1}})));
  BOOST_REQUIRE(
      ledger->record_call(call_seeing(6, {{"report", "urn:oid:1.2.3", "F-1", "Finding one", 1}})));
  BOOST_REQUIRE(ledger->record_call(sample_call(8)));  // nothing unrecognised

  const UnrecognisedCodeReport report = all_codes(*ledger);
  BOOST_TEST_REQUIRE(report.codes.size() == 3u);
  BOOST_TEST(report.dropped == 0);
  const UnrecognisedCodeEntry& img = report.codes.front();  // most seen first
  BOOST_TEST(img.code == "IMG1");
  BOOST_TEST(img.kind == "order");
  BOOST_TEST(img.system == kEpic);
  BOOST_TEST(img.count == 3);
  BOOST_TEST(img.display == "MRI L-SPINE");  // as first stored
  BOOST_TEST(img.service == "auc-order-select");
  BOOST_TEST((img.first_seen == sample_call(2).received_at));
  BOOST_TEST((img.last_seen == sample_call(4).received_at));

  UnrecognisedCodeFilter by_system;
  by_system.system = kEpic;
  BOOST_TEST(all_codes(*ledger, by_system).codes.size() == 1u);
  UnrecognisedCodeFilter by_kind;
  by_kind.kind = "report";
  const auto reports = all_codes(*ledger, by_kind);
  BOOST_TEST_REQUIRE(reports.codes.size() == 1u);
  BOOST_TEST(reports.codes[0].code == "F-1");
  UnrecognisedCodeFilter late;  // last seen at or after call 6
  late.from = sample_call(6).received_at;
  const auto late_codes = all_codes(*ledger, late);
  BOOST_TEST_REQUIRE(late_codes.codes.size() == 1u);
  BOOST_TEST(late_codes.codes[0].code == "F-1");
  UnrecognisedCodeFilter early;  // first seen at or before call 2
  early.to = sample_call(2).received_at;
  const auto early_codes = all_codes(*ledger, early);
  BOOST_TEST_REQUIRE(early_codes.codes.size() == 1u);
  BOOST_TEST(early_codes.codes[0].code == "IMG1");

  // Retention forgets codes not seen since the cutoff, and only those.
  BOOST_REQUIRE(ledger->purge_before(sample_call(5).received_at));
  const auto kept = all_codes(*ledger);
  BOOST_TEST_REQUIRE(kept.codes.size() == 1u);
  BOOST_TEST(kept.codes[0].code == "F-1");
}

BOOST_DATA_TEST_CASE(the_report_survives_reopening_the_ledger, stores(), store) {
  TempDir dir;
  const std::string key = write_file(dir.path() / "key", kKeyA);
  const auto db = dir.path() / "codes-reopen.sqlite";
  {
    auto ledger = open_store(store, db, key);
    BOOST_REQUIRE(ledger->record_call(call_seeing(1, {{"order", kEpic, "IMG9", "CT HEAD", 2}})));
  }
  auto reopened = open_store(store, db, key);
  BOOST_REQUIRE(reopened->record_call(call_seeing(3, {{"order", kEpic, "IMG9", "CT HEAD", 1}})));
  const auto report = all_codes(*reopened);
  BOOST_TEST_REQUIRE(report.codes.size() == 1u);
  BOOST_TEST(report.codes[0].count == 3);
  BOOST_TEST((report.codes[0].first_seen == sample_call(1).received_at));
}

// A large record repeats a few local codes on every resource, interleaved.
BOOST_DATA_TEST_CASE(interleaved_repeats_in_one_call_count_once_per_code, stores(), store) {
  TempDir dir;
  const std::string key = write_file(dir.path() / "key", kKeyA);
  auto ledger = open_store(store, dir.path() / "codes-interleaved.sqlite", key);
  const std::vector<std::string> local = {"HTN", "DM2", "CKD3", "GERD"};
  std::vector<UnrecognisedCodeSeen> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string& code = local[static_cast<std::size_t>(i) % local.size()];
    seen.push_back({"condition", "urn:oid:1.2.3", code, code + " #" + std::to_string(i), 1});
  }
  // The same code under another kind is another row.
  seen.push_back({"report", "urn:oid:1.2.3", "HTN", "finding", 2});
  BOOST_REQUIRE(ledger->record_call(call_seeing(3, seen)));

  const UnrecognisedCodeReport report = all_codes(*ledger);
  BOOST_TEST_REQUIRE(report.codes.size() == 5u);
  for (std::size_t i = 0; i < local.size(); ++i) {
    const auto entry = std::find_if(report.codes.begin(), report.codes.end(), [&](const auto& e) {
      return e.kind == "condition" && e.code == local[i];
    });
    BOOST_TEST_REQUIRE((entry != report.codes.end()));
    BOOST_TEST(entry->count == 25);
    BOOST_TEST(entry->display == local[i] + " #" + std::to_string(i));  // the first sighting's
  }
  const auto finding = std::find_if(report.codes.begin(), report.codes.end(),
                                    [](const auto& e) { return e.kind == "report"; });
  BOOST_TEST_REQUIRE((finding != report.codes.end()));
  BOOST_TEST(finding->count == 2);
}

BOOST_AUTO_TEST_CASE(instances_sharing_a_postgresql_ledger_see_each_others_codes) {
  TempDir dir;
  const std::string key = write_file(dir.path() / "key", kKeyA);
  const auto db = dir.path() / "codes-shared.sqlite";
  auto a = open_store(Store::kPostgresql, db, key);
  auto b = open_store(Store::kPostgresql, db, key);
  BOOST_REQUIRE(a->record_call(call_seeing(5, {{"order", kEpic, "IMG1", "MRI L-SPINE", 1}})));
  BOOST_REQUIRE(b->record_call(call_seeing(1, {{"order", kEpic, "IMG1", "MRI L-SPINE", 1},
                                               {"condition", "urn:oid:1.2.3", "HTN", "", 1}})));
  for (Ledger* ledger : {a.get(), b.get()}) {
    const auto report = all_codes(*ledger);
    BOOST_TEST_REQUIRE(report.codes.size() == 2u);
    const UnrecognisedCodeEntry* img = find(report, "IMG1");
    BOOST_TEST_REQUIRE(img != nullptr);
    BOOST_TEST(img->count == 2);
    BOOST_TEST((img->first_seen == sample_call(1).received_at));
    BOOST_TEST((img->last_seen == sample_call(5).received_at));
    BOOST_TEST(find(report, "HTN") != nullptr);
  }
}

BOOST_DATA_TEST_CASE(past_the_bound_new_codes_are_only_counted_as_dropped, stores(), store) {
  TempDir dir;
  const std::string key = write_file(dir.path() / "key", kKeyA);
  auto ledger = open_store(store, dir.path() / "codes-bound.sqlite", key);
  std::vector<UnrecognisedCodeSeen> many;
  for (std::int64_t i = 0; i < kMaxUnrecognisedCodes; ++i) {
    many.push_back({"order", kEpic, "LOCAL-" + std::to_string(i), "", 1});
  }
  BOOST_REQUIRE(ledger->record_call(call_seeing(1, std::move(many))));
  BOOST_REQUIRE(ledger->record_call(call_seeing(
      2, {{"order", kEpic, "LOCAL-7", "", 1}, {"order", kEpic, "ONE-TOO-MANY", "", 2}})));
  const auto report = all_codes(*ledger);
  BOOST_TEST(report.codes.size() == static_cast<std::size_t>(kMaxUnrecognisedCodes));
  BOOST_TEST(find(report, "ONE-TOO-MANY") == nullptr);
  BOOST_TEST(report.dropped == 2);
  const UnrecognisedCodeEntry* seen_again = find(report, "LOCAL-7");
  BOOST_TEST_REQUIRE(seen_again != nullptr);
  BOOST_TEST(seen_again->count == 2);  // codes already listed are still counted
}

// A batch's calls reach the store as one entry per code and service.
BOOST_AUTO_TEST_CASE(a_batch_adds_up_each_code_once) {
  UnrecognisedCodeTally tally;
  tally.add(call_seeing(5, {{"order", kEpic, "IMG1", "MRI L-SPINE", 2}}));
  tally.add(call_seeing(1, {{"order", kEpic, "IMG1", "renamed", 1},
                            {"condition", "urn:oid:1.2.3", "HTN", "Hypertension", 1}}));
  HookCallRecord other_service = call_seeing(3, {{"order", kEpic, "IMG1", "MRI L-SPINE", 1}});
  other_service.service_id = "auc-order-sign";
  tally.add(other_service);
  BOOST_TEST_REQUIRE(tally.entries().size() == 3u);
  const UnrecognisedCodeEntry& img = tally.entries()[0];
  BOOST_TEST(img.count == 3);
  BOOST_TEST(img.display == "MRI L-SPINE");
  BOOST_TEST(img.service == "auc-order-select");
  BOOST_TEST((img.first_seen == sample_call(1).received_at));
  BOOST_TEST((img.last_seen == sample_call(5).received_at));
  BOOST_TEST(tally.entries()[1].code == "HTN");
  BOOST_TEST(tally.entries()[2].service == "auc-order-sign");
  BOOST_TEST(UnrecognisedCodeTally().empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace auc::cards::ledger::testing
