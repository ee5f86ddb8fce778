// Where the services hand what they answered: the audit ledger's write side. A 200 goes out
// only after record_call returned; a failed write turns the answer into a 503.
// Feedback is checked against the card as the ledger recorded it (find_card).
//
// LedgerAuditSink forwards to the cards::ledger::Ledger. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "cards/ledger/ledger.h"
#include "cards/ledger/records.h"
#include "fhir/expected.h"

namespace auc::hooks {

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual Expected<std::int64_t, cards::ledger::LedgerError> record_call(
      cards::ledger::HookCallRecord call) = 0;
  virtual Expected<cards::ledger::FeedbackWriteResult, cards::ledger::LedgerError> record_feedback(
      const cards::ledger::FeedbackRecord& feedback) = 0;
  virtual Expected<std::optional<cards::ledger::CardOffer>, cards::ledger::LedgerError> find_card(
      std::string_view uuid) = 0;
};

class LedgerAuditSink final : public AuditSink {
 public:
  explicit LedgerAuditSink(cards::ledger::Ledger& ledger) : ledger_(ledger) {}
  Expected<std::int64_t, cards::ledger::LedgerError> record_call(
      cards::ledger::HookCallRecord call) override {
    return ledger_.record_call(std::move(call));
  }
  Expected<cards::ledger::FeedbackWriteResult, cards::ledger::LedgerError> record_feedback(
      const cards::ledger::FeedbackRecord& feedback) override {
    return ledger_.record_feedback(feedback);
  }
  Expected<std::optional<cards::ledger::CardOffer>, cards::ledger::LedgerError> find_card(
      std::string_view uuid) override {
    return ledger_.find_card(uuid);
  }

 private:
  cards::ledger::Ledger& ledger_;
};

}  // namespace auc::hooks
