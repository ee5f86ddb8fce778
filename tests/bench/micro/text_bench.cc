// The report-text matcher (engine/text): tokenizing, phrase matching and ConText over a
// radiology report, reported as time per 1 KB of text (time_per_kb, seconds) and as bytes per
// second.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/text/find_mentions.h"
#include "tests/bench/micro/corpus.h"

namespace auc::bench {
namespace {

// A lumbar MRI report as radiologists dictate it: history, technique, findings by level,
// impression, with negations, uncertainty, history and line breaks.
constexpr const char* kReport =
    "EXAM: MRI LUMBAR SPINE WITHOUT CONTRAST\n"
    "CLINICAL HISTORY: 78-year-old woman with acute low back pain after a fall. History of "
    "breast cancer, in remission. Evaluate for compression fracture.\n"
    "TECHNIQUE: Multiplanar, multisequence MRI of the lumbar spine without IV contrast, "
    "including sagittal T1, T2 and STIR.\n"
    "COMPARISON: Radiographs of the lumbar spine dated 2024-05-20.\n"
    "FINDINGS:\n"
    "Alignment: Mild exaggeration of the thoracolumbar kyphosis, not significantly changed.\n"
    "Vertebrae: There is an acute compression fracture of the L1 vertebral body with approx. "
    "30% loss of anterior height and diffuse bone marrow edema on STIR. No retropulsion. No "
    "intravertebral cleft. Chronic T12 compression deformity without marrow edema, unchanged. "
    "No suspicious marrow replacing lesion. Cannot exclude a small hemangioma at L3.\n"
    "Discs: Mild disc desiccation at L4-L5 and L5-S1 without significant canal stenosis.\n"
    "Conus: Normal in signal and position, terminating at L1-L2.\n"
    "Paraspinal soft tissues: Unremarkable.\n"
    "IMPRESSION:\n"
    "1. Acute L1 compression fracture with bone marrow edema, no retropulsion.\n"
    "2. Chronic T12 compression deformity.\n"
    "3. No evidence of osseous metastatic disease.\n";

// Its own function, so tests/bench/callgrind.sh can count its instructions.
[[gnu::noinline]] void match_report(const engine::TextLexicon& lexicon, const std::string& text,
                                    engine::MentionScratch& scratch,
                                    std::vector<engine::Mention>& mentions) {
  mentions.clear();
  engine::find_mentions(lexicon, text, scratch, mentions);
}

void BM_TextMatcherPerKb(benchmark::State& state) {
  const engine::TextLexicon& lexicon = knowledge_base().text_lexicon();
  const std::string text(kReport);
  engine::MentionScratch scratch;
  std::vector<engine::Mention> mentions;
  for (auto _ : state) {
    match_report(lexicon, text, scratch, mentions);
    benchmark::DoNotOptimize(mentions.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
  state.counters["report_bytes"] = static_cast<double>(text.size());
  state.counters["mentions"] = static_cast<double>(mentions.size());
  state.counters["time_per_kb"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(text.size()) / 1024.0,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_TextMatcherPerKb)->Unit(benchmark::kMicrosecond);
// A fixed count, for instructions under callgrind.
BENCHMARK(BM_TextMatcherPerKb)->Iterations(100)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace auc::bench
