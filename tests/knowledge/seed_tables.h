// Reads the tables extracted verbatim from the ACR source documents
// (tests/fixtures/knowledge/sources/), independently of engine/data, so the tests can hold the
// shipped criteria against the published tables.
#pragma once

#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace auc::test {

// The narrative (seed 000): per variant, the title and the (procedure name, category) rows as
// printed.
struct SeedVariantTable {
  std::string title;
  std::vector<std::pair<std::string, std::string>> rows;  // name, "Usually Appropriate", ...
};
std::map<int, SeedVariantTable> read_variant_tables(const std::string& path);

// The rating table (seed 002), one row per procedure, names rejoined across line breaks.
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

std::string variant_tables_path();  // the variant tables of the ACR narrative
std::string rating_table_path();    // the ACR rating table

}  // namespace auc::test
