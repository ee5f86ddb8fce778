// A criteria file (engine/data/criteria/*.json).
#include "engine/criteria/criteria_loader.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)auc::engine::parse_criteria_json(auc::fuzz::text(data, size), "fuzz.json");
  return 0;
}
