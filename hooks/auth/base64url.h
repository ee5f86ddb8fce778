// base64url without padding (RFC 7515 section 2), strict: the JOSE alphabet only, no padding,
// no whitespace, and unused trailing bits must be zero so every byte string has exactly one
// encoding (otherwise a changed last character could decode to the same signature).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace auc::hooks {

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace auc::hooks
