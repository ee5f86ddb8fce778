// An issuer trust file (--trust).
#include "hooks/auth/issuer_trust.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)auc::hooks::parse_issuer_trust(auc::fuzz::text(data, size), "/nonexistent-fuzz-dir",
                                       "fuzz.json");
  return 0;
}
