// Splits report text into lower-case word tokens and marks where sentences may end. Shared by the
// lexicon loader (phrases are tokenized the same way) and the matcher, so a phrase matches
// whatever punctuation, case or line breaks the report puts between its words.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace auc::engine {

// What follows a token, as far as sentences go.
enum class Boundary : std::uint8_t {
  kNone,
  kPeriod,  // ". " after the token: a sentence end unless the token is an abbreviation
  kStrong,  // "!", "?", ";", a blank line, or a line that starts a list item ("2.", "-")
};

struct Token {
  std::uint32_t begin = 0;  // byte offsets of the word in the text
  std::uint32_t end = 0;
  std::uint32_t norm_begin = 0;  // the normalized word in Tokens::normalized
  std::uint32_t norm_size = 0;
  Boundary after = Boundary::kNone;
};

struct Tokens {
  std::string normalized;
  std::vector<Token> list;

  std::string_view word(const Token& t) const {
    return {normalized.data() + t.norm_begin, t.norm_size};
  }
  void clear() {
    normalized.clear();
    list.clear();
  }
};

// Words are runs of ASCII letters and digits, lower-cased; Latin-1 letters written in UTF-8 fold
// to their base letter ("Kümmell" -> "kummell", "ß" -> "ss"); everything else separates words.
void tokenize(std::string_view text, Tokens& out);

}  // namespace auc::engine
