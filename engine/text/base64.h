// Standard base64 (RFC 4648 section 4), as FHIR Attachment.data carries it. Whitespace and line
// breaks inside the text are skipped (MIME-wrapped content is common); padding is optional.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace auc::engine {

// The decoded bytes, or nullopt when a character is outside the alphabet or the length is
// impossible.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace auc::engine
