#include "cards/ledger/cursor.h"

#include <charconv>

namespace auc::cards::ledger {
namespace {
constexpr std::string_view kPrefix = "v1.";
}

std::string encode_cursor(std::int64_t before_id) {
  return std::string(kPrefix) + std::to_string(before_id);
}

std::optional<std::int64_t> decode_cursor(std::string_view cursor) {
  if (!cursor.starts_with(kPrefix)) return std::nullopt;
  cursor.remove_prefix(kPrefix.size());
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), id);
  if (ec != std::errc() || end != cursor.data() + cursor.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace auc::cards::ledger
