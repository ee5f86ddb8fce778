// One call per scenario, each stage in its own function, for instruction counts under callgrind
// (tests/bench/callgrind.sh): a fixed number of iterations, so the counts do not depend on how
// fast the machine is. Beside the service's checked parse it runs a plain RapidJSON in-situ parse
// of the same body into a pooled document: the floor the checked parse is compared with.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "cards/hook_response.h"
#include "engine/assessment.h"
#include "hooks/services/json_body.h"
#include "tests/bench/generator/request_generator.h"
#include "tests/bench/micro/corpus.h"

namespace auc::bench {
namespace {

[[gnu::noinline]] bool stage_plain_parse(std::string& text, std::vector<char>& chunk) {
  rapidjson::MemoryPoolAllocator<> pool(chunk.data(), chunk.size());
  rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                             rapidjson::MemoryPoolAllocator<>>
      doc(&pool, 4096, &pool);
  doc.ParseInsitu(text.data());
  return !doc.HasParseError();
}

[[gnu::noinline]] bool stage_checked_parse(std::string& text, hooks::JsonBody& body) {
  return !body.parse(text).has_value();
}

[[gnu::noinline]] ReadRequest stage_read(const rapidjson::Value& doc) {
  return read_request(doc);
}

[[gnu::noinline]] std::vector<engine::Assessment> stage_assess(const ReadRequest& read) {
  std::vector<engine::Assessment> out;
  out.reserve(read.orders.size());
  for (const auto& o : read.orders) {
    out.push_back(engine::assess(knowledge_base(), o, read.record, bench_now()));
  }
  return out;
}

[[gnu::noinline]] std::size_t stage_render(const ReadRequest& read,
                                           const std::vector<engine::Assessment>& assessments,
                                           cards::UuidSource& uuids) {
  std::vector<cards::AssessedOrder> orders;
  for (std::size_t k = 0; k < assessments.size(); ++k) {
    orders.push_back({read.orders[k].json, &assessments[k]});
  }
  return cards::render_hook_response(orders, cards::CardPolicy{}, uuids).body.size();
}

void BM_CallCost(benchmark::State& state) {
  const auto& texts = bodies(static_cast<std::size_t>(state.range(0)));
  knowledge_base();
  bench_now();
  cards::SequentialUuidSource uuids;
  std::vector<char> chunk(1 << 20);
  std::string plain;
  std::string buffer;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string& text = texts[i++ % texts.size()];
    plain.assign(text);
    benchmark::DoNotOptimize(stage_plain_parse(plain, chunk));
    buffer.assign(text);
    hooks::JsonBody body;
    if (!stage_checked_parse(buffer, body)) state.SkipWithError("refused");
    const ReadRequest read = stage_read(body.doc());
    const auto assessments = stage_assess(read);
    benchmark::DoNotOptimize(stage_render(read, assessments, uuids));
  }
}
// Each scenario once per run.
BENCHMARK(BM_CallCost)
    ->Arg(5)
    ->Arg(100)
    ->Iterations(static_cast<benchmark::IterationCount>(scenario_names().size()))
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace auc::bench
