// Finds the lexicon's findings in free text and reads each one's context the way ConText does:
// a trigger term ("no", "cannot exclude", "history of") applies to the findings in its scope,
// which runs in the trigger's direction to the end of the sentence, to a termination term
// ("but", "however") or to the trigger's word window, whichever comes first.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/text/text_lexicon.h"
#include "engine/text/tokenizer.h"

namespace auc::engine {

// Region bits as the facts use them: 1 << Region (cervical 1, thoracic 2, lumbar 3); sacral
// levels have no region here.
struct Mention {
  std::string_view concept_id;  // from the lexicon
  std::string_view phrase;      // the matched words as written
  std::string_view sentence;    // the whole sentence as written
  std::string_view level;       // the nearest spinal level in the sentence ("L1"), if any
  std::uint8_t regions = 0;     // the region of `level`
  bool negated = false;
  bool uncertain = false;
  bool historical = false;
  bool hypothetical = false;
  bool experiencer = false;  // about someone other than the patient
  bool acute = false;
  bool progression = false;

  // Stated as present, about the patient, now or in the past.
  bool affirmed() const { return !negated && !uncertain && !hypothetical && !experiencer; }
};

// Reusable buffers so repeated calls do not allocate once warm.
struct MentionScratch {
  Tokens tokens;
  std::vector<int> ids;
  struct Item {
    std::uint32_t first = 0;  // token range [first, last)
    std::uint32_t last = 0;
    int finding = TextLexicon::kNoEntry;
    int trigger = TextLexicon::kNoEntry;
  };
  std::vector<Item> items;
  std::vector<std::uint32_t> levels;  // token positions of spinal levels in the sentence
};

// Appends the mentions of `text` to `out`; their views point into `text` and the lexicon.
void find_mentions(const TextLexicon& lexicon, std::string_view text, MentionScratch& scratch,
                   std::vector<Mention>& out);

}  // namespace auc::engine
