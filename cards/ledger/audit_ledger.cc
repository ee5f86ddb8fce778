#include "cards/ledger/audit_ledger.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>
#include <utility>
#include <vector>

#include "cards/ledger/comment_scrubber.h"
#include "cards/ledger/cursor.h"
#include "cards/ledger/hex_digest.h"
#include "cards/ledger/identifier_scrubber.h"

namespace auc::cards::ledger {

AuditLedger::AuditLedger(std::unique_ptr<CallStore> store, Pseudonymiser pseudonymiser,
                         bool store_raw_ids)
    : store_(std::move(store)),
      pseudonymiser_(std::move(pseudonymiser)),
      store_raw_ids_(store_raw_ids) {}

AuditLedger::~AuditLedger() {
  purger_.reset();
}

namespace {

// Stores merge a call's sightings one row per code: a code the call holds twice (two orders with
// the same orderable) is one sighting counted twice, listed where it was first seen with the
// display it had there. Sorted rather than compared pairwise: a large record repeats a handful of
// local codes on every resource, and pairwise erasing was quadratic in the resources.
void merge_repeated_codes(std::vector<UnrecognisedCodeSeen>& codes) {
  if (codes.size() < 2) return;
  auto key = [&codes](std::size_t i) {
    return std::tie(codes[i].kind, codes[i].system, codes[i].code);
  };
  std::vector<std::size_t> by_code(codes.size());
  std::iota(by_code.begin(), by_code.end(), std::size_t{0});
  // Stable, so each run of one code starts at its first sighting.
  std::stable_sort(by_code.begin(), by_code.end(),
                   [&key](std::size_t a, std::size_t b) { return key(a) < key(b); });
  std::vector<bool> first(codes.size(), false);
  for (std::size_t run = 0; run < by_code.size();) {
    const std::size_t kept = by_code[run];
    first[kept] = true;
    std::size_t next = run + 1;
    for (; next < by_code.size() && key(by_code[next]) == key(kept); ++next) {
      codes[kept].count += codes[by_code[next]].count;
    }
    run = next;
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (!first[i]) continue;
    if (out != i) codes[out] = std::move(codes[i]);
    ++out;
  }
  codes.resize(out);
}

}  // namespace

void AuditLedger::start_retention(std::chrono::hours max_age, std::chrono::milliseconds interval,
                                  PurgeReport report) {
  purger_ = std::make_unique<RetentionPurger>(*this, max_age, interval, std::move(report));
}

Expected<std::int64_t, LedgerError> AuditLedger::record_call(HookCallRecord call) {
  merge_repeated_codes(call.unrecognised_codes);
  CallRow row;
  row.record = std::move(call);
  scrub(row);
  return store_->add_call(std::move(row));
}

void AuditLedger::scrub(CallRow& row) const {
  HookCallRecord& r = row.record;
  row.patient_pseudonym = pseudonymiser_.pseudonym("patient", r.issuer, r.tenant, r.patient_id);
  row.user_pseudonym = pseudonymiser_.pseudonym("user", r.issuer, r.tenant, r.user_id);
  row.key_id = pseudonymiser_.key_id();
  row.store_raw_ids = store_raw_ids_;
  if (store_raw_ids_) return;
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
  for (UnrecognisedCodeSeen& code : r.unrecognised_codes) {
    code.display = scrubber.scrub_text(code.display);
  }
  r.patient_id.clear();
  r.user_id.clear();
}

Expected<FeedbackWriteResult, LedgerError> AuditLedger::record_feedback(
    const FeedbackRecord& feedback) {
  // The comment loses the card's call's ids; the dedupe key is taken from what is stored, so no
  // digest of a raw id is kept either.
  FeedbackRecord scrubbed = feedback;
  if (!store_raw_ids_ && !feedback.user_comment.empty()) {
    auto card = store_->find_card(feedback.card_uuid);
    if (!card) return Unexpected(card.error());
    if (*card) scrubbed.user_comment = scrub_comment(feedback.user_comment, pseudonymiser_, **card);
  }
  auto added = store_->add_feedback(scrubbed, feedback_key(scrubbed));
  if (!added) return Unexpected(added.error());
  return FeedbackWriteResult{!*added};
}

Expected<CallPage, LedgerError> AuditLedger::list_calls(const CallFilter& filter,
                                                        const PageRequest& page) {
  std::optional<std::int64_t> before;
  if (!page.cursor.empty()) {
    before = decode_cursor(page.cursor);
    if (!before) return Unexpected(LedgerError{LedgerError::Kind::kInvalid, "invalid cursor"});
  }
  const int limit = std::clamp(page.limit, 1, kMaxPageSize);
  // One extra row tells whether another page exists.
  auto calls = store_->find_calls(filter, before, limit + 1);
  if (!calls) return Unexpected(calls.error());
  CallPage result;
  result.calls = std::move(calls).value();
  if (result.calls.size() > static_cast<std::size_t>(limit)) {
    result.calls.pop_back();
    result.next_cursor = encode_cursor(result.calls.back().id);
  }
  return result;
}

Expected<std::optional<StoredCall>, LedgerError> AuditLedger::get_call(std::int64_t id) {
  return store_->find_call(id);
}

Expected<Summary, LedgerError> AuditLedger::summarize(const SummaryFilter& filter) {
  auto counted = store_->count(filter);
  if (!counted) return counted;
  Summary& summary = *counted;
  // Totals from the per-variant groups: every card is in exactly one variant group.
  std::map<std::pair<std::string, std::string>, ReasonCount> reasons;
  for (const auto& [variant, g] : summary.by_variant) {
    summary.cards_shown += g.cards_shown;
    summary.accepted += g.accepted;
    summary.overridden += g.overridden;
    for (const auto& r : g.override_reasons) {
      auto& total = reasons[{r.system, r.code}];
      total.system = r.system;
      total.code = r.code;
      if (total.display.empty()) total.display = r.display;
      total.count += r.count;
    }
  }
  for (auto& [key, r] : reasons) summary.override_reasons.push_back(std::move(r));
  std::sort(summary.override_reasons.begin(), summary.override_reasons.end(),
            [](const auto& a, const auto& b) {
              return a.count != b.count ? a.count > b.count : a.code < b.code;
            });
  return counted;
}

Expected<std::int64_t, LedgerError> AuditLedger::purge_before(Timestamp cutoff) {
  return store_->purge_before(cutoff);
}

std::string AuditLedger::description() const {
  std::string d = store_->description();
  d += ", pseudonym key " + pseudonymiser_.key_id();
  if (store_raw_ids_) d += ", RAW IDS STORED";
  return d;
}

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
  return sha256_hex(material);
}

}  // namespace auc::cards::ledger
