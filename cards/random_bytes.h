// Random bytes for the ids the service hands out (card and suggestion uuids, request ids), from
// OpenSSL's CSPRNG. A card with three suggestions needs five uuids; asking OpenSSL for each one
// took a lock and a DRBG round per id, so each thread draws a block at a time and hands it out.
#pragma once

#include <cstddef>

namespace auc::cards {

// Fills `out[0, size)` and returns true, or returns false when the CSPRNG failed (the caller
// decides what a unique-but-not-secret fallback is). Bytes are handed out once and wiped from
// the thread's block as they are. The server never forks after start, so no two processes
// share a block.
bool random_bytes(unsigned char* out, std::size_t size);

}  // namespace auc::cards
