// Spinal levels as the code tables and report text name them: one vertebra ("L1", "T12",
// "Th12") or a run of adjacent vertebrae an ICD-10-CM code names as one site ("T11-T12": the
// fracture is at one of them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace auc::engine {

// first..last, counted down the spine: C1 = 1 ... C7 = 7, T1 = 8 ... T12 = 19, L1 = 20 ... L5 = 24,
// S1 = 25 ... S5 = 29. {0, 0} names no level.
struct SpinalLevels {
  std::uint8_t first = 0;
  std::uint8_t last = 0;

  bool named() const { return first != 0; }
  // Whether a fracture at these levels can be the one at `other` (the runs share a vertebra).
  bool overlaps(const SpinalLevels& other) const {
    return named() && other.named() && first <= other.last && other.first <= last;
  }
  friend bool operator==(const SpinalLevels&, const SpinalLevels&) = default;
};

// "L1", "l1", "Th12", "T11-T12" (a run in one region, top first). nullopt when it is not one.
std::optional<SpinalLevels> parse_spinal_levels(std::string_view text);
// "L1", "T11-T12"; empty for no level.
std::string spinal_levels_label(const SpinalLevels& levels);

}  // namespace auc::engine
