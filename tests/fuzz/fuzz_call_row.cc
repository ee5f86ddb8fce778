// A call-journal entry's payload as read back after a crash. (The entry's SHA-256 prefix is
// checked before the payload is decoded; this target feeds the decoder directly.)
#include "cards/ledger/sqlite/call_row.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace auc::cards::ledger::sqlite;
  auto row = decode_call_row(auc::fuzz::text(data, size));
  if (!row) return 0;
  // What decodes must encode to something that decodes the same way.
  std::string again;
  encode_call_row(*row, again);
  auto back = decode_call_row(again);
  if (!back) __builtin_trap();
  std::string twice;
  encode_call_row(*back, twice);
  if (twice != again) __builtin_trap();
  return 0;
}
