// A code-table CSV (shipped or a site's --local-codes file), read as the loader reads it.
#include "engine/terminology/csv_reader.h"
#include "engine/terminology/terminology_loader.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace auc;
  (void)engine::parse_csv(fuzz::text(data, size));
  engine::TerminologyLoader loader;
  if (loader.add_text(fuzz::text(data, size), "fuzz.csv")) (void)std::move(loader).finish();
  return 0;
}
