// The ledger's work for one hook call, as record_call does it for the hook handler: pseudonyms,
// scrubbing, the hand-over to the writer, the inserts and the commit, into a SQLite file.
// Durability process-crash, so the time is CPU and not this disk's fsync (which run.sh measures
// on its own). items_per_second is calls per second, one caller at a time as at c=1.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cards/ledger/open_ledger.h"
#include "cards/ledger/pseudonymiser.h"
#include "tests/bench/micro/ledger_calls.h"

namespace auc::bench {
namespace {

void BM_LedgerRecordCall(benchmark::State& state) {
  std::string dir = (std::filesystem::temp_directory_path() / "auc-ledger-bench.XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) {
    state.SkipWithError("cannot create a temporary directory");
    return;
  }
  cards::ledger::LedgerOptions options;
  options.url = "sqlite:" + dir + "/ledger.db";
  options.durable_through_power_loss = false;
  std::vector<std::string> warnings;
  auto ledger = cards::ledger::open_ledger(options, &warnings);
  if (!ledger) {
    state.SkipWithError(ledger.error().c_str());
    return;
  }
  const auto& calls = ledger_calls();
  std::size_t i = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto call = calls[i++ % calls.size()];
    state.ResumeTiming();
    auto id = (*ledger)->record_call(std::move(call));
    if (!id) state.SkipWithError(id.error().message.c_str());
    benchmark::DoNotOptimize(id);
  }
  state.SetItemsProcessed(state.iterations());
  // Every benchmark reports input_kb (the CSV reporter needs the same counters in every row):
  // here the JSON documents a call stores.
  std::size_t bytes = 0;
  for (const auto& c : calls) {
    bytes += c.facts_json.size() + c.cards_json.size() + c.system_actions_json.size();
  }
  state.counters["input_kb"] = static_cast<double>(bytes / calls.size()) / 1024.0;
  ledger->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_LedgerRecordCall)->Unit(benchmark::kMicrosecond)->UseRealTime();

// One pseudonym (a call takes two: patient and user).
void BM_Pseudonym(benchmark::State& state) {
  auto p = cards::ledger::Pseudonymiser::from_key("0123456789abcdef0123456789abcdef-bench-key");
  if (!p) {
    state.SkipWithError(p.error().c_str());
    return;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(p->pseudonym("patient", "https://ehr.example/fhir", "tenant-1",
                                          "Patient-8f1c2e7a-33b1-4c1e-9d0e"));
  }
}
BENCHMARK(BM_Pseudonym);

}  // namespace
}  // namespace auc::bench
