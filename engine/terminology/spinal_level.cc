#include "engine/terminology/spinal_level.h"

#include <array>

namespace auc::engine {
namespace {

struct Segment {
  char letter;
  int count;
  int offset;  // index of the segment's first vertebra minus one
};
constexpr std::array<Segment, 4> kSegments{{{'C', 7, 0}, {'T', 12, 7}, {'L', 5, 19}, {'S', 5, 24}}};

char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::optional<std::uint8_t> parse_one(std::string_view w) {
  if (w.empty()) return std::nullopt;
  const char letter = upper(w[0]);
  std::size_t digits = 1;
  if (letter == 'T' && w.size() > 1 && upper(w[1]) == 'H') digits = 2;  // "Th12"
  if (w.size() <= digits || w.size() > digits + 2) return std::nullopt;
  int n = 0;
  for (std::size_t i = digits; i < w.size(); ++i) {
    if (w[i] < '0' || w[i] > '9') return std::nullopt;
    n = n * 10 + (w[i] - '0');
  }
  for (const Segment& s : kSegments) {
    if (s.letter == letter && n >= 1 && n <= s.count) {
      return static_cast<std::uint8_t>(s.offset + n);
    }
  }
  return std::nullopt;
}

std::string label_of(std::uint8_t index) {
  for (const Segment& s : kSegments) {
    if (index > s.offset && index <= s.offset + s.count) {
      return std::string(1, s.letter) + std::to_string(index - s.offset);
    }
  }
  return {};
}

int segment_of(std::uint8_t index) {
  for (std::size_t i = 0; i < kSegments.size(); ++i) {
    if (index > kSegments[i].offset && index <= kSegments[i].offset + kSegments[i].count) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

std::optional<SpinalLevels> parse_spinal_levels(std::string_view text) {
  const std::size_t dash = text.find('-');
  const auto first = parse_one(text.substr(0, dash));
  if (!first) return std::nullopt;
  if (dash == std::string_view::npos) return SpinalLevels{*first, *first};
  const auto last = parse_one(text.substr(dash + 1));
  if (!last || *last <= *first || segment_of(*first) != segment_of(*last)) return std::nullopt;
  return SpinalLevels{*first, *last};
}

std::string spinal_levels_label(const SpinalLevels& levels) {
  if (!levels.named()) return {};
  std::string out = label_of(levels.first);
  if (levels.last != levels.first) out += "-" + label_of(levels.last);
  return out;
}

}  // namespace auc::engine
