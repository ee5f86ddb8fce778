// The JWS signature algorithms this service can ever accept. `none` and the HMAC family are
// deliberately absent: with a shared secret the "public" key would be enough to forge tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace auc::hooks {

enum class JwsAlgorithm : std::uint8_t { kES256, kES384, kRS256, kRS384 };

std::optional<JwsAlgorithm> parse_jws_algorithm(std::string_view name);
std::string_view jws_algorithm_name(JwsAlgorithm alg);

}  // namespace auc::hooks
