// The words the report-text reader knows: finding phrases (engine/data/text/findings.csv) and
// ConText trigger terms (engine/data/text/context.csv), compiled into one phrase trie over word
// tokens so a sentence is matched in a single left-to-right pass.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/knowledge_base_error.h"
#include "fhir/expected.h"

namespace auc::engine {

// ConText classes (Harkema et al. 2009) plus the project's qualifiers. A trigger changes how the
// findings in its scope are read; termination ends a scope; a pseudo-trigger ("no change")
// only stops its own words from triggering; an abbreviation's period does not end a sentence.
enum class ContextClass : std::uint8_t {
  kNegated,
  kUncertain,
  kHistorical,
  kHypothetical,
  kExperiencer,  // someone other than the patient ("family history of")
  kAcute,        // acute / new / recent: a fresh fracture
  kProgression,  // worsening / progressive / increasing
  kTermination,
  kPseudo,
  kAbbreviation,
};
std::string_view context_class_label(ContextClass c);

enum class Direction : std::uint8_t { kForward, kBackward, kBidirectional };

struct TriggerTerm {
  ContextClass context = ContextClass::kNegated;
  Direction direction = Direction::kForward;
  int window = 0;  // words the scope reaches; 0: to the sentence end or a termination term
};

struct FindingTerm {
  std::string concept_id;       // condition/..., finding/..., imaging/...
  bool requires_level = false;  // counts only when the sentence names a spinal level (L1, T12)
};

class TextLexicon {
 public:
  static constexpr int kNoEntry = -1;
  struct Node {
    std::vector<std::pair<int, int>> children;  // (token id, node index), sorted by token id
    int finding = kNoEntry;                     // index into findings()
    int trigger = kNoEntry;                     // index into triggers()
  };

  bool empty() const { return nodes_.size() <= 1; }
  // The id of a normalized word, or kNoEntry when no phrase uses it.
  int token_id(std::string_view word) const;
  const Node& root() const { return nodes_.front(); }
  // The child of `node` for `token`, or nullptr.
  const Node* child(const Node& node, int token) const;
  bool is_abbreviation(std::string_view word) const { return abbreviations_.contains(word); }
  const std::vector<FindingTerm>& findings() const { return findings_; }
  const std::vector<TriggerTerm>& triggers() const { return triggers_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int, Hash, std::equal_to<>> tokens_;
  std::vector<Node> nodes_{Node{}};
  std::vector<FindingTerm> findings_;
  std::vector<TriggerTerm> triggers_;
  std::unordered_set<std::string, Hash, std::equal_to<>> abbreviations_;
  friend class TextLexiconLoader;
};

// findings.csv columns: phrase, concept, requires_level (yes/no), note.
// context.csv columns: phrase, class (negated | uncertain | historical | hypothetical |
// experiencer | acute | progression | termination | pseudo | abbreviation), direction (forward |
// backward | bidirectional; empty for termination, pseudo, abbreviation), window (words; empty
// or 0: to the sentence end), note. Errors name the file, the row and the column; a phrase
// given two meanings names both rows.
class TextLexiconLoader {
 public:
  Expected<Ok, LoadError> add_findings_file(const std::string& path);
  Expected<Ok, LoadError> add_context_file(const std::string& path);
  Expected<Ok, LoadError> add_findings_text(std::string_view text, const std::string& file);
  Expected<Ok, LoadError> add_context_text(std::string_view text, const std::string& file);
  Expected<TextLexicon, LoadError> finish() &&;

 private:
  // Adds a phrase's word path to the trie and returns its end node, or the error.
  Expected<int, LoadError> phrase_node(std::string_view phrase, const std::string& file, int line);

  TextLexicon lexicon_;
  std::unordered_map<int, std::string> node_source_;  // end node -> "file row N"
};

}  // namespace auc::engine
