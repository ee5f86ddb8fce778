// Reads the ACR source documents directly, independently of engine/data, so the tests can hold
// the shipped criteria against the published tables.
#pragma once

#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace auc::test {

// Seed 000: per variant, the title and the (procedure name, category) rows as printed.
struct SeedVariantTable {
  std::string title;
  std::vector<std::pair<std::string, std::string>> rows;  // name, "Usually Appropriate", ...
};
std::map<int, SeedVariantTable> read_variant_tables(const std::string& path);

// Seed 002: the rating table, one row per procedure, names rejoined across line breaks.
struct SeedRating {
  std::string name;
  std::string category;  // as printed: "Usually appropriate", "May be appropriate (Disagreement)"
  std::string soe;
  std::string rrl_adult;
  std::string rrl_peds;
  int rating = 0;
  int median = 0;
  std::array<int, 9> votes{};
  std::vector<std::array<std::string, 3>> references;  // number, PMID, quality
};
std::map<int, std::vector<SeedRating>> read_rating_table(const std::string& path);

std::string seed_path(const std::string& prefix);  // AUC_SEEDS_DIR file starting with prefix

}  // namespace auc::test
