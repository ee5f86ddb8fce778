#include "engine/facts/text_findings.h"

#include "engine/text/base64.h"

namespace auc::engine {
namespace {

constexpr std::size_t kMaxQuote = 240;

// The sentence on one line, whitespace runs collapsed; a long sentence is cut around the phrase
// with "…" so the card shows what was matched.
std::string quote_of(const Mention& m) {
  std::string_view s = m.sentence;
  const std::size_t at = static_cast<std::size_t>(m.phrase.data() - s.data());
  if (s.size() > kMaxQuote) {
    const std::size_t half = (kMaxQuote - m.phrase.size()) / 2;
    const std::size_t from = at > half ? at - half : 0;
    s = s.substr(from, kMaxQuote);
  }
  std::string out;
  out.reserve(s.size() + 8);
  if (s.data() != m.sentence.data()) out += "\u2026";
  bool space = false;
  for (char c : s) {
    const bool ws = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (s.data() + s.size() != m.sentence.data() + m.sentence.size()) out += "\u2026";
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

const std::vector<TextFinding>& TextFindingReader::read(std::string_view resource_type,
                                                        std::string_view id,
                                                        std::string_view element,
                                                        std::string_view text) {
  findings_.clear();
  mentions_.clear();
  find_mentions(lexicon_, text, scratch_, mentions_);
  for (const Mention& m : mentions_) {
    if (m.negated || m.hypothetical || m.experiencer) continue;
    TextFinding f;
    f.concept_id = m.concept_id;
    f.evidence = Evidence{resource_type, id, {}, {}, {}, element, quote_of(m)};
    f.uncertain = m.uncertain;
    f.historical = m.historical;
    f.acute = m.acute;
    f.progression = m.progression;
    f.regions = m.regions;
    f.level = lower(m.level);
    findings_.push_back(std::move(f));
  }
  return findings_;
}

bool TextFindingReader::names_mri(std::string_view text) {
  mentions_.clear();
  find_mentions(lexicon_, text, scratch_, mentions_);
  for (const Mention& m : mentions_) {
    if (m.concept_id == "imaging/mri") return true;
  }
  return false;
}

std::optional<std::string> plain_text_of(std::string_view content_type, std::string_view data) {
  const std::string type = lower(content_type.substr(0, content_type.find(';')));
  if (type.find_first_not_of(' ') == std::string::npos) return std::nullopt;
  if (type.substr(type.find_first_not_of(' ')).rfind("text/plain", 0) != 0) return std::nullopt;
  return decode_base64(data);
}

}  // namespace auc::engine
