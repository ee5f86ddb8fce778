// Filters, cursor pagination and summaries over several hundred calls written concurrently.
#include <boost/test/unit_test.hpp>
#include <set>
#include <thread>

#include "ledger_fixture.h"

namespace auc::cards::ledger::testing {
namespace {

constexpr int kCalls = 360;
constexpr int kWriters = 24;

struct Populated {
  TempDir dir;
  std::unique_ptr<Ledger> ledger;
  std::map<std::int64_t, int> sample_of_id;
};

std::unique_ptr<Populated> populate(Store store, int calls = kCalls) {
  auto p = std::make_unique<Populated>();
  p->ledger =
      open_store(store, p->dir.path() / "ledger.sqlite", write_file(p->dir.path() / "k", kKeyA));
  p->sample_of_id = populate_ledger(*p->ledger, calls, kWriters);
  return p;
}

// Read-only tests share one populated ledger: filling it dominates their run time.
Populated& shared(Store store) {
  static std::map<Store, std::unique_ptr<Populated>> populated;
  auto& p = populated[store];
  if (!p) p = populate(store);
  return *p;
}

// All rows matching `filter`, following cursors with a small page size.
std::vector<StoredCall> all_pages(Ledger& ledger, const CallFilter& filter, int limit = 37) {
  std::vector<StoredCall> out;
  PageRequest page{"", limit};
  for (int guard = 0; guard < 1000; ++guard) {
    auto result = ledger.list_calls(filter, page);
    BOOST_REQUIRE(result.has_value());
    BOOST_REQUIRE(result->calls.size() <= static_cast<std::size_t>(limit));
    for (auto& c : result->calls) out.push_back(std::move(c));
    if (result->next_cursor.empty()) break;
    page.cursor = result->next_cursor;
  }
  return out;
}

template <class Pred>
std::set<int> expected_samples(Pred pred) {
  std::set<int> s;
  for (int n = 0; n < kCalls; ++n) {
    if (pred(n)) s.insert(n);
  }
  return s;
}

std::set<int> samples_of(const Populated& p, const std::vector<StoredCall>& calls) {
  std::set<int> s;
  for (const auto& c : calls) s.insert(p.sample_of_id.at(c.id));
  return s;
}

BOOST_DATA_TEST_CASE(filters_and_pagination_over_several_hundred_calls, stores(), store) {
  Populated* p = &shared(store);
  Ledger& ledger = *p->ledger;

  auto everything = all_pages(ledger, {});
  BOOST_TEST(everything.size() == static_cast<std::size_t>(kCalls));
  for (std::size_t i = 1; i < everything.size(); ++i) {
    BOOST_TEST(everything[i - 1].id > everything[i].id);  // newest first, no repeats
  }

  CallFilter by_service;
  by_service.service_id = "auc-order-sign";
  BOOST_TEST((samples_of(*p, all_pages(ledger, by_service)) ==
              expected_samples([](int n) { return n % 2 == 1; })));

  CallFilter by_variant;
  by_variant.variant = "variant-3";
  BOOST_TEST((samples_of(*p, all_pages(ledger, by_variant)) ==
              expected_samples([](int n) { return 1 + n % 9 == 3; })));

  CallFilter by_rating;
  by_rating.rating = 7;
  BOOST_TEST((samples_of(*p, all_pages(ledger, by_rating)) ==
              expected_samples([](int n) { return 1 + n % 9 == 7; })));

  CallFilter by_indicator;
  by_indicator.indicator = "warning";
  BOOST_TEST((samples_of(*p, all_pages(ledger, by_indicator)) ==
              expected_samples([](int n) { return n % 3 == 0; })));

  CallFilter by_time;
  by_time.received_from = at_seconds(1'800'000'000 + 100);
  by_time.received_to = at_seconds(1'800'000'000 + 150);
  BOOST_TEST((samples_of(*p, all_pages(ledger, by_time, 7)) ==
              expected_samples([](int n) { return n >= 100 && n < 150; })));

  CallFilter accepted;
  accepted.outcome = OutcomeFilter::kAccepted;
  BOOST_TEST((samples_of(*p, all_pages(ledger, accepted)) ==
              expected_samples([](int n) { return n % 5 == 0; })));

  CallFilter overridden;
  overridden.outcome = OutcomeFilter::kOverridden;
  BOOST_TEST((samples_of(*p, all_pages(ledger, overridden)) ==
              expected_samples([](int n) { return n % 5 == 1; })));

  CallFilter no_feedback;
  no_feedback.outcome = OutcomeFilter::kNone;
  BOOST_TEST((samples_of(*p, all_pages(ledger, no_feedback)) ==
              expected_samples([](int n) { return !has_feedback(n); })));

  CallFilter by_reason;
  by_reason.override_reason_code = "patient-preference";
  BOOST_TEST((samples_of(*p, all_pages(ledger, by_reason)) ==
              expected_samples([](int n) { return n % 5 == 1 && n % 2 == 0; })));

  CallFilter combined;
  combined.service_id = "auc-order-select";
  combined.indicator = "warning";
  combined.outcome = OutcomeFilter::kAccepted;
  BOOST_TEST((samples_of(*p, all_pages(ledger, combined, 5)) ==
              expected_samples([](int n) { return n % 2 == 0 && n % 3 == 0 && n % 5 == 0; })));
}

BOOST_DATA_TEST_CASE(pages_are_stable_while_new_calls_are_written, stores(), store) {
  auto p = populate(store, kCalls / 2);
  Ledger& ledger = *p->ledger;
  auto first = ledger.list_calls({}, PageRequest{"", 100});
  BOOST_REQUIRE(first.has_value());
  BOOST_REQUIRE(!first->next_cursor.empty());
  std::vector<std::int64_t> seen;
  for (const auto& c : first->calls) seen.push_back(c.id);
  // Writes land between pages, as they would while an auditor pages through the ledger.
  for (int n = 1000; n < 1040; ++n) BOOST_REQUIRE(ledger.record_call(sample_call(n)));
  std::string cursor = first->next_cursor;
  while (!cursor.empty()) {
    auto page = ledger.list_calls({}, PageRequest{cursor, 100});
    BOOST_REQUIRE(page.has_value());
    for (const auto& c : page->calls) seen.push_back(c.id);
    cursor = page->next_cursor;
  }
  std::set<std::int64_t> unique(seen.begin(), seen.end());
  BOOST_TEST(unique.size() == seen.size());
  std::set<std::int64_t> original;
  for (const auto& [id, n] : p->sample_of_id) original.insert(id);
  BOOST_TEST((unique == original));
}

BOOST_DATA_TEST_CASE(bad_cursor_is_rejected_and_limit_is_clamped, stores(), store) {
  TempDir dir;
  auto ledger = open_store(store, dir.path() / "l.sqlite", write_file(dir.path() / "k", kKeyA));
  for (const char* bad : {"garbage", "v1.", "v1.-5", "v1.12abc", "v2.10"}) {
    auto page = ledger->list_calls({}, PageRequest{bad, 10});
    BOOST_REQUIRE(!page.has_value());
    BOOST_TEST((page.error().kind == LedgerError::Kind::kInvalid));
  }
  for (int n = 0; n < 3; ++n) BOOST_REQUIRE(ledger->record_call(sample_call(n)));
  auto page = ledger->list_calls({}, PageRequest{"", 0});
  BOOST_REQUIRE(page.has_value());
  BOOST_TEST(page->calls.size() == 1u);
  BOOST_TEST(!page->next_cursor.empty());
}

BOOST_DATA_TEST_CASE(summary_counts_cards_acceptance_and_override_reasons, stores(), store) {
  Populated* p = &shared(store);
  auto summary = p->ledger->summarize({});
  BOOST_REQUIRE(summary.has_value());
  const Summary& s = *summary;
  BOOST_TEST(s.calls == kCalls);
  BOOST_TEST(s.failed_calls == 0);
  BOOST_TEST(s.cards_shown == kCalls);
  BOOST_TEST(s.accepted ==
             static_cast<std::int64_t>(expected_samples([](int n) { return n % 5 == 0; }).size()));
  BOOST_TEST(s.overridden ==
             static_cast<std::int64_t>(expected_samples([](int n) { return n % 5 == 1; }).size()));
  BOOST_REQUIRE_EQUAL(s.override_reasons.size(), 2u);
  const auto preference = expected_samples([](int n) { return n % 5 == 1 && n % 2 == 0; });
  const auto judgement = expected_samples([](int n) { return n % 5 == 1 && n % 2 == 1; });
  for (const auto& r : s.override_reasons) {
    BOOST_TEST(r.system == "http://example.org/override-reason");
    const auto& expected = r.code == "patient-preference" ? preference : judgement;
    BOOST_TEST(r.count == static_cast<std::int64_t>(expected.size()));
  }
  // By variant: variant-2 holds samples with n % 9 == 1.
  const GroupSummary& v2 = s.by_variant.at("variant-2");
  BOOST_TEST(v2.cards_shown ==
             static_cast<std::int64_t>(expected_samples([](int n) { return n % 9 == 1; }).size()));
  BOOST_TEST(v2.accepted == static_cast<std::int64_t>(expected_samples([](int n) {
                                                        return n % 9 == 1 && n % 5 == 0;
                                                      }).size()));
  // By suggested study: cards with a CT suggestion are the samples with n % 4 == 0.
  const GroupSummary& ct = s.by_suggested_study.at("ct-spine-without-iv-contrast");
  BOOST_TEST(ct.cards_shown ==
             static_cast<std::int64_t>(expected_samples([](int n) { return n % 4 == 0; }).size()));
  std::int64_t ct_overrides = 0;
  for (const auto& r : ct.override_reasons) ct_overrides += r.count;
  BOOST_TEST(ct_overrides == static_cast<std::int64_t>(expected_samples([](int n) {
                                                         return n % 4 == 0 && n % 5 == 1;
                                                       }).size()));

  SummaryFilter sign_only;
  sign_only.service_id = "auc-order-sign";
  auto sign = p->ledger->summarize(sign_only);
  BOOST_REQUIRE(sign.has_value());
  BOOST_TEST(sign->calls == kCalls / 2);
}

}  // namespace
}  // namespace auc::cards::ledger::testing
