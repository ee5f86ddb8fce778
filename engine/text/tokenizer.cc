#include "engine/text/tokenizer.h"

#include <array>

namespace auc::engine {
namespace {

constexpr bool ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The lower-case form of each ASCII letter or digit, 0 for every other byte.
constexpr std::array<char, 256> make_lower_alnum() {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    if (ascii_alnum(ch)) t[c] = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
  }
  return t;
}
constexpr std::array<char, 256> kLowerAlnum = make_lower_alnum();

// The base letters of U+00C0..U+00FF (second byte 0x80..0xBF after 0xC3); 0 for non-letters.
// Upper and lower case share the pattern 32 code points apart.
constexpr char kLatin1Fold[] = "aaaaaaaceeeeiiiidnooooo\0ouuuuyts";

// The folded letters of the UTF-8 sequence at text[i] (empty when it is not a Latin-1 letter)
// and its length in bytes.
std::string_view fold_utf8(std::string_view text, std::size_t i, std::size_t& length) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  length = 1;
  if (b0 < 0x80) return {};
  if (b0 >= 0xc0 && b0 < 0xe0)
    length = 2;
  else if (b0 >= 0xe0 && b0 < 0xf0)
    length = 3;
  else if (b0 >= 0xf0)
    length = 4;
  if (i + length > text.size()) {
    length = text.size() - i;
    return {};
  }
  if (b0 != 0xc3 || length != 2) return {};
  const auto b1 = static_cast<unsigned char>(text[i + 1]);
  if (b1 < 0x80 || b1 > 0xbf) return {};
  const std::size_t index = (b1 - 0x80) % 32;
  if (b1 == 0x9f) return "ss";   // ß
  if (b1 == 0xbf) return "y";    // ÿ
  if (index == 30) return "th";  // Þ þ
  const char* letter = kLatin1Fold + index;
  if (*letter == '\0') return {};
  return {letter, 1};
}

bool list_item_starts(std::string_view text, std::size_t i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  if (i >= text.size()) return false;
  if (text[i] == '-' || text[i] == '*') return true;
  if (text.substr(i, 3) == "\xe2\x80\xa2") return true;  // bullet
  std::size_t digits = 0;
  while (i + digits < text.size() && text[i + digits] >= '0' && text[i + digits] <= '9') ++digits;
  if (digits == 0 || digits > 2 || i + digits >= text.size()) return false;
  return text[i + digits] == '.' || text[i + digits] == ')';
}

bool blank_line_follows(std::string_view text, std::size_t i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
  return i < text.size() && text[i] == '\n';
}

}  // namespace

void tokenize(std::string_view text, Tokens& out) {
  out.clear();
  // A normalized word is never longer than its text (a fold turns two bytes into at most two),
  // so the letters are written through a pointer into a buffer of the text's size.
  out.normalized.resize(text.size());
  char* const norm = out.normalized.data();
  std::size_t norm_size = 0;
  auto mark = [&](Boundary b) {
    if (out.list.empty()) return;
    Boundary& after = out.list.back().after;
    if (b > after) after = b;
  };
  bool in_word = false;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    std::size_t length = 1;
    std::string_view folded;
    const bool plain = kLowerAlnum[byte] != 0;
    if (byte >= 0x80) folded = fold_utf8(text, i, length);
    if (plain || !folded.empty()) {
      if (!in_word) {
        Token t;
        t.begin = static_cast<std::uint32_t>(i);
        t.norm_begin = static_cast<std::uint32_t>(norm_size);
        out.list.push_back(t);
        in_word = true;
      }
      if (plain) {
        // The whole run of ASCII letters and digits at once.
        std::size_t end = i;
        while (end < text.size()) {
          const char l = kLowerAlnum[static_cast<unsigned char>(text[end])];
          if (l == 0) break;
          norm[norm_size++] = l;
          ++end;
        }
        length = end - i;
      } else {
        for (const char f : folded) norm[norm_size++] = f;
      }
      Token& t = out.list.back();
      t.end = static_cast<std::uint32_t>(i + length);
      t.norm_size = static_cast<std::uint32_t>(norm_size - t.norm_begin);
      i += length;
      continue;
    }
    in_word = false;
    const bool next_is_word = i + 1 < text.size() && ascii_alnum(text[i + 1]);
    if ((c == '.' || c == '!' || c == '?' || c == ';') && !next_is_word) {
      mark(c == '.' ? Boundary::kPeriod : Boundary::kStrong);
    } else if (c == '\n' && (blank_line_follows(text, i + 1) || list_item_starts(text, i + 1))) {
      mark(Boundary::kStrong);
    }
    i += length;
  }
  out.normalized.resize(norm_size);
}

}  // namespace auc::engine
