#include "cards/markdown.h"

#include <array>

namespace auc::cards {
namespace {

// Markdown punctuation and line breaks, as a byte table: the scan below sits on the response's
// hot path (a card's detail is a few kilobytes of EHR and criteria text).
constexpr std::array<bool, 256> special_bytes() {
  std::array<bool, 256> table{};
  for (char c : std::string_view("\\`*_[]<>|#\n\r")) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr std::array<bool, 256> kSpecial = special_bytes();

}  // namespace

void append_markdown_text(std::string& out, std::string_view text) {
  // Runs of ordinary text are appended whole.
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!kSpecial[static_cast<unsigned char>(c)]) continue;
    out.append(text.data() + run_start, i - run_start);
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += '\\';
      out += c;
    }
    run_start = i + 1;
  }
  out.append(text.data() + run_start, text.size() - run_start);
}

}  // namespace auc::cards
