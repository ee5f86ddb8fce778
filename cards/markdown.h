// GitHub-flavoured markdown escaping for text that comes from the EHR or the criteria data, so a
// display such as "T12|L1 *old*" cannot break the card's table or emphasis.
#pragma once

#include <string>
#include <string_view>

namespace auc::cards {

// Appends `text` with markdown punctuation backslash-escaped and line breaks turned into spaces.
void append_markdown_text(std::string& out, std::string_view text);

}  // namespace auc::cards
