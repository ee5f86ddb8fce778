// Page cursors: a position in the ledger sequence. Opaque to auditors; versioned so the format
// can change without old cursors being misread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace auc::cards::ledger {

std::string encode_cursor(std::int64_t before_id);
// nullopt for anything encode_cursor did not produce.
std::optional<std::int64_t> decode_cursor(std::string_view cursor);

}  // namespace auc::cards::ledger
