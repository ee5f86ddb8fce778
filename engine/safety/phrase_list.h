// Names of contrast agents, implants and MR safety labels as they appear in free text
// (engine/data/safety/phrases.csv): allergy and device entries are often typed, not coded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/knowledge_base_error.h"
#include "fhir/expected.h"

namespace auc::engine {

class PhraseList {
 public:
  // The concepts whose phrases occur in `text`, each once: case-insensitive, at the start of a
  // word. A generic phrase counts only when no specific phrase of the same concept kind
  // ("safety/contrast-", "safety/implant-", "safety/mr-") matched.
  void match(std::string_view text, std::vector<std::string_view>& concepts) const;

  std::size_t size() const { return phrases_.size(); }

 private:
  friend Expected<PhraseList, LoadError> parse_phrase_csv(std::string_view, const std::string&);
  struct Phrase {
    std::string concept_id;
    std::string kind;  // the concept up to and including its last '-'
    std::string text;  // lower case
    bool generic = false;
  };
  std::vector<Phrase> phrases_;
};

// Header `concept,phrase[,generic][,note]`; concepts must be safety/contrast-*, safety/implant-*
// or safety/mr-*. Refuses naming file, row and column.
Expected<PhraseList, LoadError> parse_phrase_csv(std::string_view text, const std::string& file);
Expected<PhraseList, LoadError> load_phrase_file(const std::string& path);

}  // namespace auc::engine
