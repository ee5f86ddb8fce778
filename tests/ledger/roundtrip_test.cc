// A call and its feedback survive the trip through each store (a real SQLite file, a real
// PostgreSQL database) with every field intact, and nothing that identifies the patient or user
// in the clear reaches the storage.
#define BOOST_TEST_MODULE ledger
#include <boost/test/unit_test.hpp>

#include "ledger_fixture.h"

namespace auc::cards::ledger::testing {
namespace {

BOOST_DATA_TEST_CASE(call_and_feedback_round_trip_with_every_field, stores(), store) {
  TempDir dir;
  const auto key = write_file(dir.path() / "key", kKeyA);
  const auto db = dir.path() / "ledger.sqlite";
  const HookCallRecord call = sample_call(4);
  std::int64_t id = 0;
  {
    auto ledger = open_store(store, db, key);
    auto recorded = ledger->record_call(call);
    BOOST_REQUIRE(recorded.has_value());
    id = *recorded;
    auto accepted = ledger->record_feedback(sample_feedback(call.cards[0].uuid, "accepted"));
    BOOST_REQUIRE(accepted.has_value());
    BOOST_TEST(!accepted->duplicate);
  }
  // Reopened: what is read back comes from the file, not from memory.
  auto ledger = open_store(store, db, key);
  auto got = ledger->get_call(id);
  BOOST_REQUIRE(got.has_value());
  BOOST_REQUIRE(got->has_value());
  const StoredCall& s = **got;
  BOOST_TEST(s.id == id);
  BOOST_TEST(s.hook_instance == call.hook_instance);
  BOOST_TEST(s.service_id == call.service_id);
  BOOST_TEST(s.hook == call.hook);
  BOOST_TEST(s.received_at.time_since_epoch().count() ==
             call.received_at.time_since_epoch().count());
  BOOST_TEST(s.answered_at.time_since_epoch().count() ==
             call.answered_at.time_since_epoch().count());
  BOOST_TEST(s.latency_us == call.latency_us);
  BOOST_TEST(s.issuer == call.issuer);
  BOOST_TEST(s.tenant == call.tenant);
  BOOST_TEST(s.patient_pseudonym.size() == 32u);
  BOOST_TEST(s.user_pseudonym.size() == 32u);
  BOOST_TEST(s.patient_pseudonym != s.user_pseudonym);
  BOOST_TEST(s.pseudonym_key_id.size() == 16u);
  BOOST_TEST(!s.patient_id.has_value());
  BOOST_TEST(!s.user_id.has_value());
  BOOST_TEST(s.http_status == 200);
  BOOST_TEST(data_source_name(s.data_source) == "mixed");
  BOOST_TEST(s.criteria_edition == call.criteria_edition);
  BOOST_TEST((s.orders == call.orders));
  BOOST_TEST((s.cards == call.cards));
  BOOST_TEST(s.facts_json == call.facts_json);
  BOOST_TEST(s.cards_json == call.cards_json);
  BOOST_TEST(s.error == call.error);
  // The system action kept its shape, with the patient reference pseudonymised.
  BOOST_TEST(s.system_actions_json.find("Patient/pseudonym:" + s.patient_pseudonym) !=
             std::string::npos);
  BOOST_TEST(s.system_actions_json.find("pseudonym:" + s.user_pseudonym) != std::string::npos);
  BOOST_TEST(s.system_actions_json.find(kPatientId) == std::string::npos);

  BOOST_REQUIRE_EQUAL(s.feedback.size(), 1u);
  const FeedbackRecord expected = sample_feedback(call.cards[0].uuid, "accepted");
  const FeedbackRecord& f = s.feedback[0].record;
  BOOST_TEST(s.feedback[0].id > 0);
  BOOST_TEST(f.service_id == expected.service_id);
  BOOST_TEST(f.card_uuid == expected.card_uuid);
  BOOST_TEST(f.outcome == "accepted");
  BOOST_TEST(f.accepted_suggestion_ids == expected.accepted_suggestion_ids);
  BOOST_TEST((f.override_reason == expected.override_reason));
  BOOST_TEST(f.user_comment == expected.user_comment);
  BOOST_TEST(f.outcome_timestamp == expected.outcome_timestamp);
  BOOST_TEST(f.received_at.time_since_epoch().count() ==
             expected.received_at.time_since_epoch().count());
  BOOST_TEST(f.issuer == expected.issuer);
  BOOST_TEST(f.tenant == expected.tenant);
}

BOOST_DATA_TEST_CASE(override_feedback_round_trips_reason_and_comment, stores(), store) {
  TempDir dir;
  auto ledger =
      open_store(store, dir.path() / "ledger.sqlite", write_file(dir.path() / "key", kKeyA));
  const HookCallRecord call = sample_call(1);
  auto id = ledger->record_call(call);
  BOOST_REQUIRE(id.has_value());
  const FeedbackRecord overridden = sample_feedback(call.cards[0].uuid, "overridden");
  BOOST_REQUIRE(ledger->record_feedback(overridden).has_value());
  auto got = ledger->get_call(*id);
  BOOST_REQUIRE(got.has_value() && got->has_value());
  BOOST_REQUIRE_EQUAL((*got)->feedback.size(), 1u);
  const FeedbackRecord& f = (*got)->feedback[0].record;
  BOOST_TEST(f.outcome == "overridden");
  BOOST_TEST((f.override_reason == overridden.override_reason));
  BOOST_TEST(f.user_comment == "discussed with patient");
  BOOST_TEST(f.accepted_suggestion_ids.empty());
}

BOOST_DATA_TEST_CASE(duplicate_feedback_is_stored_once, stores(), store) {
  TempDir dir;
  auto ledger =
      open_store(store, dir.path() / "ledger.sqlite", write_file(dir.path() / "key", kKeyA));
  const HookCallRecord call = sample_call(2);
  auto id = ledger->record_call(call);
  BOOST_REQUIRE(id.has_value());
  FeedbackRecord f = sample_feedback(call.cards[0].uuid, "accepted");
  auto first = ledger->record_feedback(f);
  f.received_at += std::chrono::seconds(30);  // an EHR retry: same report, later arrival
  auto second = ledger->record_feedback(f);
  BOOST_REQUIRE(first.has_value() && second.has_value());
  BOOST_TEST(!first->duplicate);
  BOOST_TEST(second->duplicate);
  FeedbackRecord different = f;
  different.outcome_timestamp = "2027-01-15T10:05:00Z";
  auto third = ledger->record_feedback(different);
  BOOST_REQUIRE(third.has_value());
  BOOST_TEST(!third->duplicate);
  auto got = ledger->get_call(*id);
  BOOST_REQUIRE(got.has_value() && got->has_value());
  BOOST_TEST((*got)->feedback.size() == 2u);
}

// Records have no field for tokens at all; the server test greps the file for the JWT it sent.
BOOST_DATA_TEST_CASE(database_holds_no_raw_ids, stores(), store) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  {
    auto ledger = open_store(store, db, write_file(dir.path() / "key", kKeyA));
    HookCallRecord call = sample_call(3);
    // Even an error message that quotes the patient id must not carry it to disk.
    call.error = std::string("FHIR read of Patient/") + kPatientId + " failed";
    BOOST_REQUIRE(ledger->record_call(call).has_value());
    BOOST_REQUIRE(
        ledger->record_feedback(sample_feedback(call.cards[0].uuid, "overridden")).has_value());
  }
  const std::string bytes =
      store == Store::kSqlite ? read_database_files(db) : postgres_database_text(db);
  BOOST_REQUIRE(bytes.size() > 1024);
  BOOST_TEST(bytes.find("hook-instance-3") != std::string::npos);  // the grep does see data
  BOOST_TEST(bytes.find(kPatientId) == std::string::npos);
  BOOST_TEST(bytes.find("dr-4411-raw") == std::string::npos);
}

BOOST_DATA_TEST_CASE(raw_ids_are_stored_only_when_configured, stores(), store) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  auto ledger = open_store(store, db, write_file(dir.path() / "key", kKeyA), /*raw_ids=*/true);
  auto id = ledger->record_call(sample_call(5));
  BOOST_REQUIRE(id.has_value());
  auto got = ledger->get_call(*id);
  BOOST_REQUIRE(got.has_value() && got->has_value());
  BOOST_TEST((*got)->patient_id.value_or("") == kPatientId);
  BOOST_TEST((*got)->user_id.value_or("") == kUserId);
  BOOST_TEST((*got)->patient_pseudonym.size() == 32u);  // still pseudonymised for grouping
}

BOOST_DATA_TEST_CASE(unknown_call_id_is_not_found, stores(), store) {
  TempDir dir;
  auto ledger =
      open_store(store, dir.path() / "ledger.sqlite", write_file(dir.path() / "key", kKeyA));
  auto got = ledger->get_call(42);
  BOOST_REQUIRE(got.has_value());
  BOOST_TEST(!got->has_value());
}

}  // namespace
}  // namespace auc::cards::ledger::testing
