// Microbenchmarks of the service's per-call work, stage by stage, over the generated scenarios at
// 10, 100 and 1,000 prefetch resources: JSON parsing (DOM and in-situ), reading the FHIR model,
// fact extraction, variant inference (assess), card rendering, and all of them together.
// items_per_second is calls per second; bytes_per_second and input_kb are request body bytes.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "cards/hook_response.h"
#include "engine/assessment.h"
#include "engine/facts/extract_facts.h"
#include "hooks/services/json_body.h"
#include "tests/bench/micro/corpus.h"

namespace auc::bench {
namespace {

void sizes(benchmark::internal::Benchmark* b) {
  b->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);
}

std::size_t total_bytes(const std::vector<std::string>& texts) {
  std::size_t n = 0;
  for (const auto& t : texts) n += t.size();
  return n;
}

void report(benchmark::State& state, const std::vector<std::string>& texts) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(total_bytes(texts) / texts.size()));
  state.counters["input_kb"] = static_cast<double>(total_bytes(texts) / texts.size()) / 1024.0;
}

// RapidJSON DOM parse with the default allocator: what a naive handler does.
void BM_ParseDom(benchmark::State& state) {
  const auto& texts = bodies(static_cast<std::size_t>(state.range(0)));
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string& t = texts[i++ % texts.size()];
    rapidjson::Document doc;
    doc.Parse(t.data(), t.size());
    benchmark::DoNotOptimize(doc.HasParseError());
  }
  report(state, texts);
}
BENCHMARK(BM_ParseDom)->Apply(sizes);

// DOM parse whose memory comes from a reused pool (what hooks/services/json_body does).
void BM_ParsePooled(benchmark::State& state) {
  const auto& texts = bodies(static_cast<std::size_t>(state.range(0)));
  std::vector<char> chunk(1 << 20);
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string& t = texts[i++ % texts.size()];
    rapidjson::MemoryPoolAllocator<> pool(chunk.data(), chunk.size());
    rapidjson::Document doc(&pool);
    doc.Parse(t.data(), t.size());
    benchmark::DoNotOptimize(doc.HasParseError());
  }
  report(state, texts);
}
BENCHMARK(BM_ParsePooled)->Apply(sizes);

// In-situ parse into the (mutable) request buffer with a pooled allocator: strings are not
// copied. The memcpy stands for the body the HTTP layer already owns.
void BM_ParseInsituPooled(benchmark::State& state) {
  const auto& texts = bodies(static_cast<std::size_t>(state.range(0)));
  std::vector<char> chunk(1 << 20);
  std::vector<char> buffer;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string& t = texts[i++ % texts.size()];
    buffer.assign(t.begin(), t.end());
    buffer.push_back('\0');
    rapidjson::MemoryPoolAllocator<> pool(chunk.data(), chunk.size());
    rapidjson::Document doc(&pool);
    doc.ParseInsitu(buffer.data());
    benchmark::DoNotOptimize(doc.HasParseError());
  }
  report(state, texts);
}
BENCHMARK(BM_ParseInsituPooled)->Apply(sizes);

// As the server parses (hooks/services/json_body): the body, already in a reused buffer, parsed
// in place into a pooled arena. The assign stands for the body the HTTP layer has read.
void parse_as_the_service(benchmark::State& state, const std::string& text, std::string& buffer,
                          hooks::JsonBody& body) {
  buffer.assign(text);
  if (auto problem = body.parse(buffer)) state.SkipWithError(problem->message.c_str());
}

void BM_ParseService(benchmark::State& state) {
  const auto& texts = bodies(static_cast<std::size_t>(state.range(0)));
  std::string buffer;
  std::size_t i = 0;
  for (auto _ : state) {
    hooks::JsonBody body;
    parse_as_the_service(state, texts[i++ % texts.size()], buffer, body);
    benchmark::DoNotOptimize(body.doc().IsObject());
  }
  report(state, texts);
}
BENCHMARK(BM_ParseService)->Apply(sizes);

// parse_hook_request + draftOrders + every prefetch value into the FHIR model.
void BM_ReadFhirModel(benchmark::State& state) {
  const auto& reqs = prepared(static_cast<std::size_t>(state.range(0)));
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& r = reqs[i++ % reqs.size()];
    auto read = read_request(*r.doc);
    benchmark::DoNotOptimize(read.record.observations.data());
  }
  report(state, bodies(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_ReadFhirModel)->Apply(sizes);

void BM_ExtractFacts(benchmark::State& state) {
  const auto& reqs = prepared(static_cast<std::size_t>(state.range(0)));
  const auto& kb = knowledge_base();
  const auto now = bench_now();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& r = reqs[i++ % reqs.size()];
    auto facts = engine::extract_facts(kb.terminology(), kb.text_lexicon(), r.read.orders.front(),
                                       r.read.record, now, {});
    benchmark::DoNotOptimize(facts.facts.data());
  }
  report(state, bodies(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_ExtractFacts)->Apply(sizes);

// Facts, the variant decision table, ratings and alternatives.
void BM_Assess(benchmark::State& state) {
  const auto& reqs = prepared(static_cast<std::size_t>(state.range(0)));
  const auto& kb = knowledge_base();
  const auto now = bench_now();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& r = reqs[i++ % reqs.size()];
    auto a = engine::assess(kb, r.read.orders.front(), r.read.record, now);
    benchmark::DoNotOptimize(a.variant);
  }
  report(state, bodies(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_Assess)->Apply(sizes);

// Cards, suggestions and systemActions from ready assessments (independent of prefetch size
// except through the facts the detail cites).
void BM_RenderCards(benchmark::State& state) {
  const auto& reqs = prepared(static_cast<std::size_t>(state.range(0)));
  const auto& kb = knowledge_base();
  std::vector<engine::Assessment> assessments;
  for (const auto& r : reqs) {
    assessments.push_back(engine::assess(kb, r.read.orders.front(), r.read.record, bench_now()));
  }
  cards::SequentialUuidSource uuids;
  const cards::CardPolicy policy;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % reqs.size();
    const cards::AssessedOrder order{reqs[k].read.orders.front().json, &assessments[k]};
    auto response = cards::render_hook_response({&order, 1}, policy, uuids);
    benchmark::DoNotOptimize(response.body.data());
  }
  report(state, bodies(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_RenderCards)->Apply(sizes);

// Everything the service does for a call except HTTP and the ledger write, parsing as the
// service does (hooks/services/json_body: in place, pooled arena).
void BM_Pipeline(benchmark::State& state) {
  const auto& texts = bodies(static_cast<std::size_t>(state.range(0)));
  const auto& kb = knowledge_base();
  const auto now = bench_now();
  cards::SequentialUuidSource uuids;
  const cards::CardPolicy policy;
  std::string buffer;
  std::size_t i = 0;
  for (auto _ : state) {
    hooks::JsonBody body;
    parse_as_the_service(state, texts[i++ % texts.size()], buffer, body);
    auto read = read_request(body.doc());
    std::vector<engine::Assessment> assessments;
    std::vector<cards::AssessedOrder> orders;
    assessments.reserve(read.orders.size());
    for (const auto& o : read.orders) {
      assessments.push_back(engine::assess(kb, o, read.record, now));
      orders.push_back({o.json, &assessments.back()});
    }
    auto response = cards::render_hook_response(orders, policy, uuids);
    benchmark::DoNotOptimize(response.body.data());
  }
  report(state, texts);
}
BENCHMARK(BM_Pipeline)->Apply(sizes);

}  // namespace
}  // namespace auc::bench

BENCHMARK_MAIN();
