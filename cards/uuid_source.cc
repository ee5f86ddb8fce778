#include "cards/uuid_source.h"

#include <chrono>
#include <cstring>
#include <random>
#include <string_view>

#include "cards/random_bytes.h"

namespace auc::cards {
namespace {

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", lower-case hex (a card with three suggestions takes
// five of these: no printf).
std::string format_uuid(const unsigned char b[16]) {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out(36, '-');
  std::size_t at = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++at;  // keep the dash
    out[at++] = kHex[b[i] >> 4];
    out[at++] = kHex[b[i] & 0x0f];
  }
  return out;
}

}  // namespace

std::string RandomUuidSource::next() {
  unsigned char b[16];
  if (!random_bytes(b, sizeof b)) {
    // The CSPRNG never fails once seeded; if it did, ids must still be unique, not secret.
    thread_local std::mt19937_64 fallback(
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
    for (auto& byte : b) byte = static_cast<unsigned char>(fallback());
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return format_uuid(b);
}

std::string SequentialUuidSource::next() {
  ++counter_;
  unsigned char b[16] = {};
  b[6] = 0x40;
  b[8] = 0x80;
  for (int i = 0; i < 6; ++i) b[15 - i] = static_cast<unsigned char>(counter_ >> (8 * i));
  return format_uuid(b);
}

}  // namespace auc::cards
