// The auditor API's query string (filters, limit, cursor) as cpp-httplib splits it, and a bare
// cursor.
#include <httplib.h>

#include "cards/ledger/cursor.h"
#include "hooks/audit/audit_query.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace auc;
  const std::string text(fuzz::text(data, size));
  httplib::Params params;
  httplib::detail::parse_query_text(text, params);
  (void)hooks::audit::parse_call_query(params);
  (void)hooks::audit::parse_summary_query(params);
  if (auto id = cards::ledger::decode_cursor(text)) {
    if (cards::ledger::decode_cursor(cards::ledger::encode_cursor(*id)) != id) __builtin_trap();
  }
  return 0;
}
