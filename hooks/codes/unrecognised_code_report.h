// What the service saw and could not map, for integration engineers: each unrecognised order,
// condition and report code with how often and when it was seen and by which service. Kept in
// memory (it starts empty at each start) and bounded: codes come from EHR data, so beyond
// kMaxCodes distinct entries new ones are only counted as dropped.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "cards/ledger/records.h"
#include "hooks/codes/unrecognised_codes.h"

namespace auc::hooks {

struct UnrecognisedCodeEntry {
  std::string kind;  // "order" | "condition" | "report"
  std::string system;
  std::string code;
  std::string display;  // as first seen
  std::string service;
  std::int64_t count = 0;
  cards::ledger::Timestamp first_seen{};
  cards::ledger::Timestamp last_seen{};
};

struct UnrecognisedCodeFilter {
  std::optional<cards::ledger::Timestamp> from;  // seen at or after
  std::optional<cards::ledger::Timestamp> to;    // seen at or before
  std::string system;                            // exact; "" = any
  std::string kind;                              // "" = any
};

class UnrecognisedCodeReport {
 public:
  static constexpr std::size_t kMaxCodes = 10000;

  void record(std::string_view service, std::span<const UnrecognisedCode> codes,
              cards::ledger::Timestamp seen);
  // Most seen first.
  std::vector<UnrecognisedCodeEntry> list(const UnrecognisedCodeFilter& filter) const;
  std::int64_t dropped() const;

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string>;  // kind, system,
                                                                               // code, service
  mutable std::mutex mutex_;
  std::map<Key, UnrecognisedCodeEntry, std::less<>> entries_;
  std::int64_t dropped_ = 0;
};

// The report as JSON ({"codes":[...],"dropped":N}) and as a site code file (CSV with the
// concept column blank, for the engineer to fill in and load with --local-codes).
std::string unrecognised_codes_json(const std::vector<UnrecognisedCodeEntry>& entries,
                                    std::int64_t dropped);
std::string unrecognised_codes_csv(const std::vector<UnrecognisedCodeEntry>& entries);

}  // namespace auc::hooks
