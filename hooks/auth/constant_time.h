// Comparison of secrets (bearer credentials, HMAC values) whose duration does not reveal
// how many leading bytes matched.
#pragma once

#include <openssl/crypto.h>

#include <string_view>

namespace auc::hooks {

inline bool constant_time_equals(std::string_view a, std::string_view b) {
  // Length is not secret for the credentials compared here; the contents are.
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace auc::hooks
