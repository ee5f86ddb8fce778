// bench_generate: writes benchmark request bodies.
//   bench_generate --out DIR [--count N] [--resources N] [--seed S] [--today YYYY-MM-DD]
// writes DIR/req-0000.json ... and DIR/manifest.tsv (file, scenario, bytes);
//   bench_generate --print [...] writes the first request to stdout.
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "tests/bench/generator/request_generator.h"

namespace {

int usage() {
  std::fputs(
      "usage: bench_generate (--out DIR | --print) [--count N] [--resources N] [--seed S] "
      "[--today YYYY-MM-DD]\n",
      stderr);
  return 2;
}

bool to_size(std::string_view s, std::size_t& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

int main(int argc, char** argv) {
  auc::bench::GeneratorOptions options;
  std::size_t count = 32;
  std::string out_dir;
  bool print = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--print") {
      print = true;
    } else if (a == "--out" && has_value) {
      out_dir = argv[++i];
    } else if (a == "--count" && has_value) {
      if (!to_size(argv[++i], count) || count == 0) return usage();
    } else if (a == "--resources" && has_value) {
      if (!to_size(argv[++i], options.resources) || options.resources > 100000) return usage();
    } else if (a == "--seed" && has_value) {
      std::size_t seed = 0;
      if (!to_size(argv[++i], seed)) return usage();
      options.seed = seed;
    } else if (a == "--today" && has_value) {
      if (!auc::bench::parse_day(argv[++i], options.today)) return usage();
    } else {
      return usage();
    }
  }
  if (print == !out_dir.empty()) return usage();  // exactly one of them

  const auto requests = auc::bench::generate_requests(print ? 1 : count, options);
  if (print) {
    std::fwrite(requests[0].body.data(), 1, requests[0].body.size(), stdout);
    std::fputc('\n', stdout);
    return 0;
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  std::ofstream manifest(out_dir + "/manifest.tsv");
  std::size_t total = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "req-%04zu.json", i);
    std::ofstream f(out_dir + "/" + name, std::ios::binary);
    f.write(requests[i].body.data(), static_cast<std::streamsize>(requests[i].body.size()));
    if (!f) {
      std::fprintf(stderr, "bench_generate: cannot write %s/%s\n", out_dir.c_str(), name);
      return 1;
    }
    manifest << name << '\t' << requests[i].scenario << '\t' << requests[i].body.size() << '\n';
    total += requests[i].body.size();
  }
  std::fprintf(stderr, "bench_generate: %zu requests, %zu resources each, %zu bytes on average\n",
               requests.size(), options.resources, total / requests.size());
  return 0;
}
