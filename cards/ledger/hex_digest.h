// Lowercase hex of bytes, and the SHA-256 of a text in that form: the keys the ledger and the
// shared replay guard store (one spelling, so equal inputs give equal keys everywhere).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace auc::cards::ledger {

std::string to_hex(const unsigned char* data, std::size_t size);
std::string sha256_hex(std::string_view text);

}  // namespace auc::cards::ledger
