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
  // Only the string values that change are re-encoded (compactly, as RapidJSON's writer does);
  // every other byte, formatting included, is kept.
  std::string scrub_json(std::string_view json) const;
  // The same in place: a document with nothing to replace is neither copied nor touched.
  void scrub_json_in_place(std::string& json) const;
  std::string scrub_text(std::string_view text) const;

  // False only when no id can occur in `text` read as JSON or as plain text, so scrubbing
  // would return it unchanged; decided on the raw bytes, without parsing.
  bool may_contain_ids(std::string_view text) const;

 private:
  struct Rule {
    std::string raw;
    std::string replacement;
    bool anywhere = false;   // long enough to be replaced inside other text
    bool verbatim = false;   // no character JSON must escape: appears as-is in encoded strings
    bool has_slash = false;  // could be hidden by an escaped "\/"
    // Whether find_verbatim_ids looks for it: not when another id occurs inside it, since every
    // occurrence of this one then holds one of those ("Practitioner/12" holds "12").
    bool searched = true;
    // Only for short ids: "raw" (a string value that is exactly the id) and /raw" (one that
    // ends in a reference to it).
    std::string whole_value;
    std::string reference;
  };

  // Writes the scrubbed `s` into `out` and returns true, or returns false when nothing matched
  // (leaving `out` unspecified).
  bool scrub_into(std::string_view s, std::string& out) const;

  // Appends offsets in `text` where ids occur as they are, at least one inside every occurrence of
  // every id, and returns true; or returns false when an id could be spelled with escapes there
  // (so no offsets can be trusted).
  bool find_verbatim_ids(std::string_view text, std::vector<std::size_t>& offsets) const;

  // Rewrites, without parsing, the strings that hold the ids at `offsets`, when every one of
  // them is a value (not a key) without escapes; returns false, leaving `json` as it was,
  // otherwise. Only for documents where find_verbatim_ids found every id, and rules that all
  // apply anywhere and whose replacements need no escaping (plain_rules_).
  bool scrub_plain_strings(std::string& json, const std::vector<std::size_t>& offsets) const;

  std::vector<Rule> rules_;   // longest ids first, empty ids dropped
  bool plain_rules_ = false;  // every id long and verbatim, every replacement verbatim
};

}  // namespace auc::cards::ledger
