// Shared by the libFuzzer targets: the input as text, and reading a repository file once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace auc::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A product invariant broken where no sanitizer would notice: libFuzzer records it as a crash.
[[noreturn]] inline void invariant_broken() {
  __builtin_trap();
}

// A file of the repository (trust files, fixtures) for a target's start-up.
inline std::string read_source_file(const std::string& path) {
  std::string out;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) invariant_broken();
  char chunk[4096];
  for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, f)) > 0;) out.append(chunk, n);
  std::fclose(f);
  return out;
}

}  // namespace auc::fuzz
