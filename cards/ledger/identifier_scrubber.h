// Removes raw patient and user ids from the JSON and text the ledger stores (cards, system
// actions, facts, errors), replacing them with their pseudonyms. The hook handler does not have
// to remember to do it: a Patient reference inside a returned ServiceRequest would otherwise put
// the raw id into the database.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace auc::cards::ledger {

struct IdentifierReplacement {
  std::string raw;
  std::string replacement;
};

class IdentifierScrubber {
 public:
  // Ids this long or longer are replaced wherever they occur inside a string; shorter ones only
  // when they are a whole string or the id part of a reference ("Patient/12"), so a short id
  // such as "7" cannot mangle unrelated text.
  static constexpr std::size_t kMinSubstringLength = 4;

  explicit IdentifierScrubber(std::vector<IdentifierReplacement> replacements);

  // Rewrites string values (not keys) of a JSON document; returns invalid JSON as scrubbed text.
  std::string scrub_json(std::string_view json) const;
  std::string scrub_text(std::string_view text) const;

 private:
  std::vector<IdentifierReplacement> replacements_;
};

}  // namespace auc::cards::ledger
