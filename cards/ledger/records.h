// What the audit ledger records: one row per answered hook call and one per feedback report.
// Write-side records carry raw patient/user ids; the ledger replaces them with keyed pseudonyms
// before anything reaches the database (raw ids are kept only under --ledger-raw-ids).
// There is deliberately no field for tokens: nothing that authenticates may ever be recorded.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace auc::cards::ledger {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// Where the patient data that drove the decision came from.
enum class DataSource : std::uint8_t { kNone, kPrefetch, kFhir, kMixed };
std::string_view data_source_name(DataSource s);  // "none" | "prefetch" | "fhir" | "mixed"
std::optional<DataSource> parse_data_source(std::string_view name);

struct Code {
  std::string system;
  std::string code;
  std::string display;
  bool operator==(const Code&) const = default;
};

// One draft order of the hook call and how the engine rated it.
struct OrderEntry {
  std::string order_reference;      // e.g. "ServiceRequest/draft-1"
  std::vector<Code> ordered_codes;  // the codes as the EHR sent them
  std::string procedure_id;         // RatedProcedure id, "" when the codes are not recognised
  std::string variant;              // criteria variant id, "" when none could be decided
  std::string category;             // e.g. "usually-appropriate"
  int rating = 0;                   // ACR rating 1-9, 0 when unrated
  std::string pama_rating;          // "appropriate" | "not-appropriate" | "no-criteria-apply"
  bool operator==(const OrderEntry&) const = default;
};

// One card returned, with what the summaries group by. The card itself is in cards_json.
struct CardEntry {
  std::string uuid;
  std::string indicator;  // "info" | "warning" | "critical"
  std::string summary;
  std::string order_reference;         // the order the card is about
  std::string variant;                 // the variant that order was placed in
  std::string suggested_procedure_id;  // the better-rated study suggested, "" when none
  bool operator==(const CardEntry&) const = default;
};

// A code of the call that the knowledge base could not map (an order, condition or report code),
// for the unrecognised-codes report; `count` is how often the call held it.
struct UnrecognisedCodeSeen {
  std::string kind;  // "order" | "condition" | "report"
  std::string system;
  std::string code;
  std::string display;
  std::int64_t count = 1;
  bool operator==(const UnrecognisedCodeSeen&) const = default;
};

// Written by the hook handler after the response is built and before it is sent.
struct HookCallRecord {
  std::string hook_instance;
  std::string service_id;
  std::string hook;  // "order-select" | "order-sign"
  Timestamp received_at{};
  Timestamp answered_at{};
  std::int64_t latency_us = 0;
  std::string issuer;  // EHR identity from the verified JWT ("" with --auth off)
  std::string tenant;
  std::string patient_id;  // raw context.patientId: pseudonymised on write
  std::string user_id;     // raw context.userId (e.g. "Practitioner/123"): pseudonymised on write
  int http_status = 200;
  DataSource data_source = DataSource::kNone;
  std::string criteria_edition;
  std::vector<OrderEntry> orders;
  std::vector<CardEntry> cards;
  std::string facts_json = "null";  // the engine's assessment: facts, resource references, codes
  std::string cards_json = "[]";    // the cards array exactly as returned
  std::string system_actions_json = "[]";
  std::string error;  // "" on success; never a request body, token or identifier
  // Merged into the store's unrecognised-codes report in the transaction that stores the call.
  std::vector<UnrecognisedCodeSeen> unrecognised_codes;
};

struct OverrideReason {
  std::string system;
  std::string code;
  std::string display;
  bool operator==(const OverrideReason&) const = default;
};

// One entry of a CDS Hooks feedback POST.
struct FeedbackRecord {
  std::string service_id;
  std::string card_uuid;
  std::string outcome;  // "accepted" | "overridden"
  std::vector<std::string> accepted_suggestion_ids;
  OverrideReason override_reason;  // all empty when none was given
  std::string user_comment;
  std::string outcome_timestamp;  // as the EHR sent it (ISO 8601)
  Timestamp received_at{};
  std::string issuer;
  std::string tenant;
};

// What one returned card offered, as the ledger has it: feedback about the card is checked
// against it, and a feedback comment is scrubbed of the ids of the card's call.
struct CardOffer {
  std::string service_id;
  std::vector<std::string> suggestion_ids;       // suggestions[].uuid
  std::vector<OverrideReason> override_reasons;  // overrideReasons[] Codings
  std::string issuer;                            // the call's EHR
  std::string tenant;
  std::string patient_pseudonym;
  std::string user_pseudonym;
};

// Read side: what an auditor sees.
struct StoredFeedback {
  std::int64_t id = 0;
  FeedbackRecord record;
};

struct StoredCall {
  std::int64_t id = 0;  // ledger sequence number, increasing in commit order
  std::string hook_instance;
  std::string service_id;
  std::string hook;
  Timestamp received_at{};
  Timestamp answered_at{};
  std::int64_t latency_us = 0;
  std::string issuer;
  std::string tenant;
  std::string patient_pseudonym;
  std::string user_pseudonym;
  std::string pseudonym_key_id;  // which key produced the pseudonyms (changes when rotated)
  std::optional<std::string> patient_id;  // only with --ledger-raw-ids
  std::optional<std::string> user_id;
  int http_status = 0;
  DataSource data_source = DataSource::kNone;
  std::string criteria_edition;
  std::vector<OrderEntry> orders;
  std::vector<CardEntry> cards;
  std::string facts_json;
  std::string cards_json;
  std::string system_actions_json;
  std::string error;
  std::vector<StoredFeedback> feedback;  // feedback on any of this call's cards, oldest first
};

}  // namespace auc::cards::ledger
