// A hook request body posted to both services' handler, as the HTTP layer hands it over: the
// body checks (depth, UTF-8, repeated members), the request checks, draft orders, prefetch into
// the FHIR model, assessment, cards and systemActions, and the ledger's record of the call.
// Whatever the body, the answer is a 200 with cards, a 400 naming the problem, or a 412 for
// data that cannot be obtained, and it is always clean JSON.
#include "hooks/services/vcf_services.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_service.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace auc;
  static fuzz::Service service;
  static std::size_t calls = 0;
  if (++calls % 2000 == 0) service.reset_ledger();
  for (std::string_view id : {hooks::kOrderSelectServiceId, hooks::kOrderSignServiceId}) {
    const httplib::Response res = service.call(id, std::string(fuzz::text(data, size)));
    if (res.status != 200 && res.status != 400 && res.status != 412) fuzz::invariant_broken();
    if (!fuzz::is_clean_json(res.body)) fuzz::invariant_broken();
  }
  return 0;
}
