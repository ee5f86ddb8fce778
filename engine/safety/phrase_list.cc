#include "engine/safety/phrase_list.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "engine/terminology/csv_reader.h"

namespace auc::engine {
namespace {

constexpr std::array<std::string_view, 9> kPhraseConcepts{
    "safety/contrast-iodinated", "safety/contrast-gadolinium",     "safety/implant-pacemaker",
    "safety/implant-icd",        "safety/implant-neurostimulator", "safety/implant-cochlear",
    "safety/mr-unsafe",          "safety/mr-conditional",          "safety/mr-safe",
};

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// `needle` (lower case) at a word start in `hay` (lower case).
bool occurs_at_word_start(std::string_view hay, std::string_view needle) {
  for (std::size_t pos = hay.find(needle); pos != std::string_view::npos;
       pos = hay.find(needle, pos + 1)) {
    if (pos == 0 || !alnum(hay[pos - 1])) return true;
  }
  return false;
}

std::string row_label(int line) {
  return "row " + std::to_string(line);
}

}  // namespace

void PhraseList::match(std::string_view text, std::vector<std::string_view>& concepts) const {
  if (text.empty()) return;
  std::string hay(text.size(), ' ');
  std::transform(text.begin(), text.end(), hay.begin(), lower);
  const std::size_t first = concepts.size();
  std::vector<std::string_view> generic_hits;
  for (const Phrase& p : phrases_) {
    if (!occurs_at_word_start(hay, p.text)) continue;
    (p.generic ? generic_hits : concepts).push_back(p.concept_id);
  }
  for (std::string_view g : generic_hits) {
    const std::string_view kind = g.substr(0, g.rfind('-') + 1);
    const bool specific =
        std::any_of(concepts.begin() + static_cast<std::ptrdiff_t>(first), concepts.end(),
                    [&](std::string_view c) { return c.starts_with(kind); });
    if (!specific) concepts.push_back(g);
  }
  std::sort(concepts.begin() + static_cast<std::ptrdiff_t>(first), concepts.end());
  concepts.erase(std::unique(concepts.begin() + static_cast<std::ptrdiff_t>(first), concepts.end()),
                 concepts.end());
}

Expected<PhraseList, LoadError> parse_phrase_csv(std::string_view text, const std::string& file) {
  CsvParse csv = parse_csv(text);
  if (csv.error_line != 0) {
    return Unexpected{LoadError{file, row_label(csv.error_line), "", "unterminated quote"}};
  }
  if (csv.rows.empty()) return Unexpected{LoadError{file, "row 1", "", "no header row"}};
  int concept_col = -1, phrase_col = -1, generic_col = -1;
  const CsvRow& header = csv.rows.front();
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& h = header.fields[i];
    if (h == "concept") concept_col = static_cast<int>(i);
    if (h == "phrase") phrase_col = static_cast<int>(i);
    if (h == "generic") generic_col = static_cast<int>(i);
  }
  if (concept_col < 0 || phrase_col < 0) {
    return Unexpected{LoadError{file, row_label(header.line),
                                concept_col < 0 ? "concept" : "phrase", "missing column"}};
  }
  PhraseList list;
  for (std::size_t r = 1; r < csv.rows.size(); ++r) {
    const CsvRow& row = csv.rows[r];
    auto field = [&](int col) -> std::string {
      return col >= 0 && static_cast<std::size_t>(col) < row.fields.size() ? row.fields[col]
                                                                           : std::string();
    };
    PhraseList::Phrase p;
    p.concept_id = field(concept_col);
    if (std::find(kPhraseConcepts.begin(), kPhraseConcepts.end(), p.concept_id) ==
        kPhraseConcepts.end()) {
      return Unexpected{LoadError{file, row_label(row.line), "concept",
                                  "\"" + p.concept_id +
                                      "\" is not a concept free text can name (safety/contrast-*, "
                                      "safety/implant-*, safety/mr-*)"}};
    }
    p.kind = p.concept_id.substr(0, p.concept_id.rfind('-') + 1);
    const std::string raw = field(phrase_col);
    p.text.resize(raw.size());
    std::transform(raw.begin(), raw.end(), p.text.begin(), lower);
    if (p.text.size() < 3 || !alnum(p.text.front())) {
      return Unexpected{LoadError{file, row_label(row.line), "phrase",
                                  "a phrase must start with a letter or digit and have at least 3 "
                                  "characters (\"" +
                                      raw + "\")"}};
    }
    const std::string generic = field(generic_col);
    if (generic != "" && generic != "yes" && generic != "no") {
      return Unexpected{
          LoadError{file, row_label(row.line), "generic", "must be yes, no or empty"}};
    }
    p.generic = generic == "yes";
    for (const auto& seen : list.phrases_) {
      if (seen.text == p.text) {
        return Unexpected{
            LoadError{file, row_label(row.line), "phrase", "\"" + raw + "\" is listed twice"}};
      }
    }
    list.phrases_.push_back(std::move(p));
  }
  return list;
}

Expected<PhraseList, LoadError> load_phrase_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{LoadError{path, "", "", "cannot open file"}};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_phrase_csv(text.str(), path);
}

}  // namespace auc::engine
