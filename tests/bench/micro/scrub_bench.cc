// What the ledger does to every hook call before queueing the row: replace the raw patient and
// user ids in facts, cards and systemActions with pseudonyms (cards/ledger/identifier_scrubber).
// The documents are the service's own output for the generated scenarios (100 prefetch
// resources). items_per_second is calls per second (BM_ScrubLedgerCall: all three documents).
#include <benchmark/benchmark.h>

#include <vector>

#include "cards/ledger/identifier_scrubber.h"
#include "tests/bench/micro/ledger_calls.h"

namespace auc::bench {
namespace {

using cards::ledger::HookCallRecord;

// The replacements AuditLedger::record_call builds: patient, user reference and bare user id.
cards::ledger::IdentifierScrubber scrubber_for(const HookCallRecord& d) {
  std::vector<cards::ledger::IdentifierReplacement> ids = {{d.patient_id, "pseudonym:P"},
                                                           {d.user_id, "pseudonym:U"}};
  if (auto slash = d.user_id.rfind('/'); slash != std::string::npos) {
    ids.push_back({d.user_id.substr(slash + 1), "pseudonym:U"});
  }
  return cards::ledger::IdentifierScrubber(std::move(ids));
}

// The three documents of a call, or (with `only`) one of them.
void scrub(benchmark::State& state, std::string HookCallRecord::*only) {
  const auto& documents = ledger_calls();
  std::vector<cards::ledger::IdentifierScrubber> scrubbers;
  std::size_t bytes = 0;
  for (const auto& d : documents) {
    scrubbers.push_back(scrubber_for(d));
    bytes += only != nullptr
                 ? (d.*only).size()
                 : d.facts_json.size() + d.cards_json.size() + d.system_actions_json.size();
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % documents.size();
    const auto& d = documents[k];
    const auto& s = scrubbers[k];
    for (auto member : {&HookCallRecord::facts_json, &HookCallRecord::cards_json,
                        &HookCallRecord::system_actions_json}) {
      if (only != nullptr && member != only) continue;
      auto scrubbed = s.scrub_json(d.*member);
      benchmark::DoNotOptimize(scrubbed.data());
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes / documents.size()));
  state.counters["input_kb"] = static_cast<double>(bytes / documents.size()) / 1024.0;
}

void BM_ScrubLedgerCall(benchmark::State& state) {
  scrub(state, nullptr);
}
BENCHMARK(BM_ScrubLedgerCall)->Unit(benchmark::kMicrosecond);

void BM_ScrubFacts(benchmark::State& state) {
  scrub(state, &HookCallRecord::facts_json);
}
BENCHMARK(BM_ScrubFacts)->Unit(benchmark::kMicrosecond);

void BM_ScrubCards(benchmark::State& state) {
  scrub(state, &HookCallRecord::cards_json);
}
BENCHMARK(BM_ScrubCards)->Unit(benchmark::kMicrosecond);

void BM_ScrubSystemActions(benchmark::State& state) {
  scrub(state, &HookCallRecord::system_actions_json);
}
BENCHMARK(BM_ScrubSystemActions)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace auc::bench
