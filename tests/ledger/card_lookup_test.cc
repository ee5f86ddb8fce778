// find_card answers what a recorded card offered (its call's service, suggestion ids, override
// reasons) from either store, and a stored feedback comment loses the call's raw ids.
#include <boost/test/unit_test.hpp>

#include "cards/ledger/card_offer.h"
#include "cards/ledger/comment_scrubber.h"
#include "ledger_fixture.h"

namespace auc::cards::ledger::testing {
namespace {

const char* const kReasons = "https://auc-hooks.example.org/fhir/CodeSystem/override-reason";

HookCallRecord call_with_an_offer() {
  HookCallRecord call = sample_call(0);
  call.cards_json = std::string(R"([{"uuid":"other-card","suggestions":[{"uuid":"s-other"}]},)") +
                    R"({"uuid":"card-uuid-0","summary":"Consider MRI","suggestions":[)" +
                    R"({"uuid":"s-1","label":"MRI"},{"uuid":"s-2","label":"CT"}],)" +
                    R"("overrideReasons":[{"system":")" + kReasons +
                    R"(","code":"patient-preference","display":"Patient preference"},)" +
                    R"({"system":")" + kReasons + R"(","code":"other"}]}])";
  return call;
}

BOOST_AUTO_TEST_SUITE(card_lookup)

BOOST_DATA_TEST_CASE(find_card_reads_what_the_card_offered_and_nothing_for_unknown_uuids, stores(),
                     store) {
  TempDir dir;
  auto ledger =
      open_store(store, dir.path() / "ledger.sqlite", write_file(dir.path() / "key", kKeyA));
  BOOST_REQUIRE(ledger->record_call(call_with_an_offer()).has_value());

  auto found = ledger->find_card("card-uuid-0");
  BOOST_REQUIRE(found.has_value());
  BOOST_REQUIRE(found->has_value());
  const CardOffer& offer = **found;
  BOOST_TEST(offer.service_id == "auc-order-select");
  BOOST_TEST((offer.suggestion_ids == std::vector<std::string>{"s-1", "s-2"}));
  BOOST_REQUIRE(offer.override_reasons.size() == 2u);
  BOOST_TEST(offer.override_reasons[0].code == "patient-preference");
  BOOST_TEST(offer.override_reasons[0].system == kReasons);
  BOOST_TEST(offer.override_reasons[1].code == "other");
  BOOST_TEST(offer.issuer == "https://ehr.example.org");
  BOOST_TEST(offer.patient_pseudonym.size() == 32u);

  auto unknown = ledger->find_card("card-uuid-1");
  BOOST_REQUIRE(unknown.has_value());
  BOOST_TEST(!unknown->has_value());
  // A uuid that appears in the cards JSON but not as a recorded card of any call.
  auto not_indexed = ledger->find_card("other-card");
  BOOST_REQUIRE(not_indexed.has_value());
  BOOST_TEST(!not_indexed->has_value());
}

BOOST_AUTO_TEST_CASE(card_offer_ignores_other_cards_and_malformed_json) {
  BOOST_TEST(!card_offer_from_cards_json("not json", "a").has_value());
  BOOST_TEST(!card_offer_from_cards_json(R"({"uuid":"a"})", "a").has_value());
  auto offer = card_offer_from_cards_json(
      R"([{"uuid":"b","suggestions":[{"uuid":"x"}]},{"uuid":"a","suggestions":"no"}])", "a");
  BOOST_REQUIRE(offer.has_value());
  BOOST_TEST(offer->suggestion_ids.empty());
}

BOOST_DATA_TEST_CASE(a_stored_comment_holds_pseudonyms_not_the_calls_raw_ids, stores(), store) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  auto ledger = open_store(store, db, write_file(dir.path() / "key", kKeyA));
  auto id = ledger->record_call(call_with_an_offer());
  BOOST_REQUIRE(id.has_value());
  FeedbackRecord f = sample_feedback("card-uuid-0", "overridden");
  f.user_comment = std::string("pt ") + kPatientId + " refused; Patient/" + kPatientId +
                   ". Ordered by dr-4411-raw (" + kUserId + "), not pat-7f3e9c2a-raw2.";
  BOOST_REQUIRE(ledger->record_feedback(f).has_value());

  auto got = ledger->get_call(*id);
  BOOST_REQUIRE(got.has_value() && got->has_value());
  const StoredCall& call = **got;
  BOOST_REQUIRE(call.feedback.size() == 1u);
  const std::string p = "pseudonym:" + call.patient_pseudonym;
  const std::string u = "pseudonym:" + call.user_pseudonym;
  BOOST_TEST(call.feedback[0].record.user_comment == "pt " + p + " refused; Patient/" + p +
                                                         ". Ordered by " + u + " (" + u +
                                                         "), not pat-7f3e9c2a-raw2.");
  // The raw ids are nowhere in the store, comment included.
  const std::string bytes = stored_bytes(store, db);
  BOOST_TEST(bytes.find("refused; Patient/pseudonym:") != std::string::npos);  // the comment is in
  BOOST_TEST(bytes.find("by dr-4411-raw") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_comment_scrubber_leaves_text_without_the_ids_alone) {
  auto p = Pseudonymiser::from_key(kKeyA);
  BOOST_REQUIRE(p.has_value());
  CardOffer card;
  card.issuer = "https://ehr.example.org";
  card.tenant = "t";
  card.patient_pseudonym = p->pseudonym("patient", card.issuer, card.tenant, "123");
  card.user_pseudonym = p->pseudonym("user", card.issuer, card.tenant, "PractitionerRole/9");
  const std::string text = "Dose 123mg ok... 1234 and 9th; Patient/1234 -- é ü";
  BOOST_TEST(scrub_comment(text, *p, card) == text);
  BOOST_TEST(scrub_comment("123. 9", *p, card) ==
             "pseudonym:" + card.patient_pseudonym + ". pseudonym:" + card.user_pseudonym);
  BOOST_TEST(scrub_comment("", *p, card).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace auc::cards::ledger::testing
