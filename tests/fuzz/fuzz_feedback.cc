// A feedback body posted to the feedback handler of a service whose ledger holds a real call
// (a fixture request answered with cards): the shape checks, the checks against the card the
// ledger returned, and the ledger's write with the comment scrubber. Whatever the body, the
// answer is a 200 or a 400 naming the problem, as clean JSON.
#include <string>

#include "hooks/services/vcf_services.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_service.h"

namespace {

// A fresh ledger holding one order-select call with cards (the fuzzer's seeds name its uuids).
void seed_ledger(auc::fuzz::Service& service) {
  static const std::string request = auc::fuzz::read_source_file(
      AUC_SOURCE_DIR "/tests/fixtures/requests/variant-1-order-select.json");
  service.reset_ledger();
  const httplib::Response res = service.call(auc::hooks::kOrderSelectServiceId, request);
  if (res.status != 200 || res.body.find("\"uuid\"") == std::string::npos) {
    auc::fuzz::invariant_broken();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace auc;
  static fuzz::Service service;
  static std::size_t calls = 0;
  if (calls++ % 2000 == 0) seed_ledger(service);
  for (std::string_view id : {hooks::kOrderSelectServiceId, hooks::kOrderSignServiceId}) {
    const httplib::Response res = service.feedback(id, std::string(fuzz::text(data, size)));
    if (res.status != 200 && res.status != 400) fuzz::invariant_broken();
    if (!fuzz::is_clean_json(res.body)) fuzz::invariant_broken();
  }
  return 0;
}
