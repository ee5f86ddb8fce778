#include "engine/text/find_mentions.h"

#include <algorithm>
#include <limits>

#include "engine/terminology/terminology.h"

namespace auc::engine {
namespace {

using Item = MentionScratch::Item;
constexpr std::uint32_t kFar = std::numeric_limits<std::uint32_t>::max();

// The region of a spinal level written as one word ("l1", "t12", "th12", "c5"); kWholeBody
// stands for "not a level"; sacral levels are levels without a region.
Region level_region(std::string_view w, bool& is_level) {
  is_level = false;
  std::size_t digits_at = 1;
  if (w.size() >= 3 && w[0] == 't' && w[1] == 'h') digits_at = 2;
  if (w.size() <= digits_at || w.size() > digits_at + 2) return Region::kUnspecified;
  int n = 0;
  for (std::size_t i = digits_at; i < w.size(); ++i) {
    if (w[i] < '0' || w[i] > '9') return Region::kUnspecified;
    n = n * 10 + (w[i] - '0');
  }
  if (n < 1) return Region::kUnspecified;
  switch (w[0]) {
    case 'c':
      is_level = n <= 7 && digits_at == 1;
      return Region::kCervical;
    case 't':
      is_level = n <= 12;
      return Region::kThoracic;
    case 'l':
      is_level = n <= 5 && digits_at == 1;
      return Region::kLumbar;
    case 's':
      is_level = n <= 5 && digits_at == 1;
      return Region::kUnspecified;
    default:
      return Region::kUnspecified;
  }
}

bool sentence_ends_after(const TextLexicon& lexicon, const Tokens& tokens, const Token& t) {
  if (t.after == Boundary::kStrong) return true;
  if (t.after != Boundary::kPeriod) return false;
  const std::string_view w = tokens.word(t);
  // "e.g.", initials and listed abbreviations ("approx.", "vs.") do not end a sentence; a
  // spinal level ("L1.") does.
  if (w.size() == 1 && !(w[0] >= '0' && w[0] <= '9')) return false;
  return !lexicon.is_abbreviation(w);
}

bool terminated_between(const TextLexicon& lexicon, const std::vector<Item>& items,
                        std::size_t from, std::size_t to) {
  for (std::size_t i = from + 1; i < to; ++i) {
    const int t = items[i].trigger;
    if (t != TextLexicon::kNoEntry &&
        lexicon.triggers()[static_cast<std::size_t>(t)].context == ContextClass::kTermination) {
      return true;
    }
  }
  return false;
}

class SentenceReader {
 public:
  SentenceReader(const TextLexicon& lexicon, std::string_view text, MentionScratch& s)
      : lexicon_(lexicon), text_(text), s_(s) {}

  void read(std::uint32_t first, std::uint32_t last, std::vector<Mention>& out) {
    collect(first, last);
    const std::vector<Token>& toks = s_.tokens.list;
    const std::uint32_t begin = toks[first].begin;
    std::uint32_t end = toks[last - 1].end;
    if (end < text_.size() && (text_[end] == '.' || text_[end] == '!' || text_[end] == '?')) ++end;
    const std::string_view sentence = text_.substr(begin, end - begin);
    for (std::size_t k = 0; k < s_.items.size(); ++k) {
      const Item& f = s_.items[k];
      if (f.finding == TextLexicon::kNoEntry) continue;
      const FindingTerm& term = lexicon_.findings()[static_cast<std::size_t>(f.finding)];
      Mention m;
      m.concept_id = term.concept_id;
      m.phrase = text_.substr(toks[f.first].begin, toks[f.last - 1].end - toks[f.first].begin);
      m.sentence = sentence;
      nearest_level(f, m);
      if (term.requires_level && m.level.empty()) continue;
      read_context(k, m);
      out.push_back(m);
    }
  }

 private:
  void collect(std::uint32_t first, std::uint32_t last) {
    s_.items.clear();
    s_.levels.clear();
    for (std::uint32_t i = first; i < last; ++i) {
      bool is_level = false;
      level_region(s_.tokens.word(s_.tokens.list[i]), is_level);
      if (is_level) s_.levels.push_back(i);
    }
    for (std::uint32_t i = first; i < last;) {
      const TextLexicon::Node* node = &lexicon_.root();
      Item best;
      for (std::uint32_t j = i; j < last && s_.ids[j] != TextLexicon::kNoEntry; ++j) {
        node = lexicon_.child(*node, s_.ids[j]);
        if (node == nullptr) break;
        if (node->finding != TextLexicon::kNoEntry || node->trigger != TextLexicon::kNoEntry) {
          best = Item{i, j + 1, node->finding, node->trigger};  // the longest phrase wins
        }
      }
      if (best.last == 0) {
        ++i;
        continue;
      }
      s_.items.push_back(best);
      i = best.last;
    }
  }

  void nearest_level(const Item& f, Mention& m) const {
    std::uint32_t best = kFar;
    for (std::uint32_t pos : s_.levels) {
      const std::uint32_t d = pos < f.first ? f.first - pos : pos >= f.last ? pos - f.last + 1 : 0;
      if (d >= best) continue;
      best = d;
      const Token& t = s_.tokens.list[pos];
      m.level = text_.substr(t.begin, t.end - t.begin);
      bool is_level = false;
      const Region r = level_region(s_.tokens.word(t), is_level);
      m.regions =
          r == Region::kUnspecified ? 0 : static_cast<std::uint8_t>(1u << static_cast<unsigned>(r));
    }
  }

  void read_context(std::size_t k, Mention& m) const {
    const Item& f = s_.items[k];
    std::uint32_t acute_distance = kFar, historical_distance = kFar;
    for (std::size_t i = 0; i < s_.items.size(); ++i) {
      const Item& t = s_.items[i];
      if (t.trigger == TextLexicon::kNoEntry) continue;
      const TriggerTerm& term = lexicon_.triggers()[static_cast<std::size_t>(t.trigger)];
      if (term.context == ContextClass::kTermination || term.context == ContextClass::kPseudo) {
        continue;
      }
      std::uint32_t distance = 0;
      if (i < k) {
        if (term.direction == Direction::kBackward) continue;
        if (terminated_between(lexicon_, s_.items, i, k)) continue;
        distance = f.first - t.last;
      } else {
        if (term.direction == Direction::kForward) continue;
        if (terminated_between(lexicon_, s_.items, k, i)) continue;
        distance = t.first - f.last;
      }
      if (term.window > 0 && distance > static_cast<std::uint32_t>(term.window)) continue;
      switch (term.context) {
        case ContextClass::kNegated:
          m.negated = true;
          break;
        case ContextClass::kUncertain:
          m.uncertain = true;
          break;
        case ContextClass::kHistorical:
          historical_distance = std::min(historical_distance, distance);
          break;
        case ContextClass::kHypothetical:
          m.hypothetical = true;
          break;
        case ContextClass::kExperiencer:
          m.experiencer = true;
          break;
        case ContextClass::kAcute:
          acute_distance = std::min(acute_distance, distance);
          break;
        case ContextClass::kProgression:
          m.progression = true;
          break;
        default:
          break;
      }
    }
    // "Chronic T12 deformity and acute L1 fracture": each finding takes the nearer qualifier.
    m.historical = historical_distance != kFar && historical_distance <= acute_distance;
    m.acute = acute_distance != kFar && acute_distance < historical_distance;
  }

  const TextLexicon& lexicon_;
  std::string_view text_;
  MentionScratch& s_;
};

}  // namespace

void find_mentions(const TextLexicon& lexicon, std::string_view text, MentionScratch& scratch,
                   std::vector<Mention>& out) {
  if (lexicon.empty() || text.empty()) return;
  tokenize(text, scratch.tokens);
  const std::vector<Token>& toks = scratch.tokens.list;
  scratch.ids.resize(toks.size());
  for (std::size_t i = 0; i < toks.size(); ++i) {
    scratch.ids[i] = lexicon.token_id(scratch.tokens.word(toks[i]));
  }
  SentenceReader reader(lexicon, text, scratch);
  std::uint32_t first = 0;
  for (std::uint32_t i = 0; i < toks.size(); ++i) {
    if (i + 1 == toks.size() || sentence_ends_after(lexicon, scratch.tokens, toks[i])) {
      reader.read(first, i + 1, out);
      first = i + 1;
    }
  }
}

}  // namespace auc::engine
