#include "cards/markdown.h"

namespace auc::cards {
namespace {
constexpr std::string_view kSpecial = "\\`*_[]<>|#\n\r";
}  // namespace

void append_markdown_text(std::string& out, std::string_view text) {
  // Runs of ordinary text are appended whole: this sits on the response's hot path.
  while (!text.empty()) {
    const std::size_t run = text.find_first_of(kSpecial);
    out.append(text.substr(0, run));
    if (run == std::string_view::npos) return;
    const char c = text[run];
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += '\\';
      out += c;
    }
    text.remove_prefix(run + 1);
  }
}

}  // namespace auc::cards
