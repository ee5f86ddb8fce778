// One malloc arena per core instead of glibc's default of eight per core. The server runs eight
// workers per core, and much of a call's memory is freed by a thread other than the one that
// allocated it (the ledger's writer frees the journaled call); with up to an arena per thread,
// each arena kept its own fragmented free memory and the resident size crept (1.3 MB per 50,000
// calls at c=16, against about 0.2 MB with one arena per core at the same throughput:
// tests/bench/run.sh checks it). Call before the first threads start.
#pragma once

namespace auc::hooks {

// Whether the process allocates through jemalloc (linked into the server unless a sanitizer
// build brings its own allocator) rather than the C library's malloc.
bool jemalloc_in_use();

// glibc's malloc only: leaves an operator's MALLOC_ARENA_MAX alone, and jemalloc, which keeps an
// arena per CPU of its own. Returns false when the allocator refused.
bool limit_malloc_arenas(unsigned cores);

}  // namespace auc::hooks
