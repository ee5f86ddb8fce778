// jemalloc's settings for the server, read by jemalloc itself before main (an operator's
// MALLOC_CONF still overrides them). Built into the executable only, when it links jemalloc.
//
// jemalloc rather than glibc's malloc: a call allocates and frees hundreds of small blocks
// (model, assessment, cards, ledger record), much of it freed by another thread than the one that
// allocated it (the ledger's writer frees the journaled call); glibc spent about an eighth of a
// small call's CPU time in malloc and free, jemalloc's thread caches far less (perf_check,
// 5 resources, c=16: +13-18% calls/s in the same runs).
// - percpu_arena: one arena per CPU, as with glibc, so that free memory is not scattered over
//   an arena per thread (the server runs 8 workers per core) and the resident size stays flat;
// - background_thread and the decay times: unused pages go back to the operating system after
//   about a second, from jemalloc's own thread rather than on a caller's time;
// - tcache_max: each of the 16 workers' thread caches keeps blocks up to 4 KB only (32 KB by
//   default), which holds the peak RSS of tests/bench/run.sh's long run at 45 MB instead of 53 MB
//   with the same throughput.
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface.
const char* malloc_conf =
    "percpu_arena:percpu,background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,"
    "tcache_max:4096";
}
