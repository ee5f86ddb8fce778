// The questions an auditor can ask the ledger: filtered, cursor-paginated lists and summaries.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cards/ledger/records.h"

namespace auc::cards::ledger {

enum class OutcomeFilter : std::uint8_t {
  kAny,
  kAccepted,    // at least one card of the call was accepted
  kOverridden,  // at least one card of the call was overridden
  kNone,        // cards were shown but no feedback arrived (calls without cards never match)
};

// Every field is optional; set fields are ANDed. Times are [from, to) on received_at.
struct CallFilter {
  std::optional<Timestamp> received_from;
  std::optional<Timestamp> received_to;
  std::string service_id;
  std::string variant;        // any order of the call placed in this variant
  std::optional<int> rating;  // any order of the call rated this (1-9)
  std::string category;       // any order of the call in this appropriateness category
  std::string indicator;      // any card of the call with this indicator
  OutcomeFilter outcome = OutcomeFilter::kAny;
  std::string override_reason_code;  // any feedback on the call's cards with this reason code
};

struct PageRequest {
  std::string cursor;  // "" for the first page; otherwise CallPage::next_cursor
  int limit = 50;      // clamped to [1, kMaxPageSize]
};
inline constexpr int kMaxPageSize = 500;

// Newest first. A cursor is a position in the ledger sequence, so rows committed while an
// auditor pages never shift, duplicate or skip rows on later pages.
struct CallPage {
  std::vector<StoredCall> calls;
  std::string next_cursor;  // "" when there are no more rows
};

struct ReasonCount {
  std::string system;
  std::string code;
  std::string display;
  std::int64_t count = 0;
};

// Card and feedback counts for one group (a variant, or a suggested study).
struct GroupSummary {
  std::int64_t cards_shown = 0;
  std::int64_t accepted = 0;
  std::int64_t overridden = 0;
  std::vector<ReasonCount> override_reasons;  // most frequent first
};

struct SummaryFilter {
  std::optional<Timestamp> received_from;
  std::optional<Timestamp> received_to;
  std::string service_id;
};

// Acceptance rate = accepted / cards_shown (cards that never got feedback count as not accepted).
struct Summary {
  std::int64_t calls = 0;
  std::int64_t failed_calls = 0;  // http_status >= 400 or an error recorded
  std::int64_t cards_shown = 0;
  std::int64_t accepted = 0;
  std::int64_t overridden = 0;
  std::vector<ReasonCount> override_reasons;
  std::map<std::string, GroupSummary> by_variant;          // "" = no variant decided
  std::map<std::string, GroupSummary> by_suggested_study;  // "" = card without a suggestion
};

// The unrecognised-codes report: per (kind, system, code, service), how often and when the
// service saw a code it could not map. Stores keep it beside the calls, merged across every
// instance that shares the store, and bounded: past kMaxUnrecognisedCodes distinct entries new
// ones are only counted as dropped.
inline constexpr std::int64_t kMaxUnrecognisedCodes = 10000;

struct UnrecognisedCodeEntry {
  std::string kind;  // "order" | "condition" | "report"
  std::string system;
  std::string code;
  std::string display;  // as first seen
  std::string service;
  std::int64_t count = 0;
  Timestamp first_seen{};
  Timestamp last_seen{};
  bool operator==(const UnrecognisedCodeEntry&) const = default;
};

struct UnrecognisedCodeFilter {
  std::optional<Timestamp> from;  // last seen at or after
  std::optional<Timestamp> to;    // first seen at or before
  std::string system;             // exact; "" = any
  std::string kind;               // "" = any
};

struct UnrecognisedCodeReport {
  std::vector<UnrecognisedCodeEntry> codes;  // most seen first
  std::int64_t dropped = 0;                  // sightings of new codes refused once full
};

}  // namespace auc::cards::ledger
