// A JWKS document, as fetched from an issuer's jku or written in a trust file.
#include "hooks/auth/json_web_key.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)auc::hooks::parse_jwks(auc::fuzz::text(data, size));
  return 0;
}
