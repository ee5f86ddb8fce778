#include "cards/uuid_source.h"

#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

namespace auc::cards {
namespace {

std::string format_uuid(const unsigned char b[16]) {
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return std::string(out, 36);
}

}  // namespace

std::string RandomUuidSource::next() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
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
