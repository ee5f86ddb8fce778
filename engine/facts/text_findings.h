// Findings read from the free text of one resource element, ready for the fact extractor: which
// concept, whether it is current, suspected or historical, where it was read (Evidence with the
// element and the sentence), and the spinal level the sentence names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/facts/fact.h"
#include "engine/text/find_mentions.h"
#include "engine/text/text_lexicon.h"

namespace auc::engine {

struct TextFinding {
  std::string_view concept_id;
  Evidence evidence;        // resource, element and the sentence
  bool uncertain = false;   // a suspicion ("cannot exclude"), not a documented finding
  bool historical = false;  // "history of", "old", "chronic", "healed"
  bool acute = false;
  bool progression = false;
  std::uint8_t regions = 0;  // region bits of the nearest spinal level
  std::string level;         // that level, lower case ("l1"); empty when none
};

class TextFindingReader {
 public:
  explicit TextFindingReader(const TextLexicon& lexicon) : lexicon_(lexicon) {}

  // The findings in `text` that are about the patient and not negated or hypothetical.
  // `resource_type`, `id` and `element` must outlive the findings (they are views).
  const std::vector<TextFinding>& read(std::string_view resource_type, std::string_view id,
                                       std::string_view element, std::string_view text);
  // Whether `text` (a report's code text or display) names MRI.
  bool names_mri(std::string_view text);

 private:
  const TextLexicon& lexicon_;
  MentionScratch scratch_;
  std::vector<Mention> mentions_;
  std::vector<TextFinding> findings_;
};

// The text of a text/plain attachment: its base64 data decoded; nullopt for other content types
// or undecodable data.
std::optional<std::string> plain_text_of(std::string_view content_type, std::string_view data);

}  // namespace auc::engine
