#include "cards/random_bytes.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>

namespace auc::cards {
namespace {

// Large enough for a busy call's ids at one draw, small enough that a thread holds little.
constexpr std::size_t kBlockBytes = 512;

struct Block {
  std::array<unsigned char, kBlockBytes> bytes{};
  std::size_t used = kBlockBytes;  // empty until the first draw
};

thread_local Block t_block;

}  // namespace

bool random_bytes(unsigned char* out, std::size_t size) {
  if (size > kBlockBytes) return RAND_bytes(out, static_cast<int>(size)) == 1;
  Block& block = t_block;
  if (kBlockBytes - block.used < size) {
    if (RAND_bytes(block.bytes.data(), static_cast<int>(kBlockBytes)) != 1) return false;
    block.used = 0;
  }
  unsigned char* from = block.bytes.data() + block.used;
  std::memcpy(out, from, size);
  OPENSSL_cleanse(from, size);
  block.used += size;
  return true;
}

}  // namespace auc::cards
