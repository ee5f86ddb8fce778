#include "cards/markdown.h"

namespace auc::cards {

void append_markdown_text(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '#':
        out += '\\';
        out += c;
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
}

}  // namespace auc::cards
