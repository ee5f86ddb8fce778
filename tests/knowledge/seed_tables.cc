#include "tests/knowledge/seed_tables.h"

#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace auc::test {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string strip_bold(std::string s) {
  for (auto pos = s.find("**"); pos != std::string::npos; pos = s.find("**")) s.erase(pos, 2);
  return s;
}

bool is_int(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// Whitespace tokens; a token ending in '-' after a letter or digit was a word the PDF broke
// across lines ("mid-" "thigh", "3-" "10"), so it is glued to the next token.
std::vector<std::string> tokens(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  std::string t;
  bool glue = false;
  while (in >> t) {
    if (glue) {
      out.back() += t;
    } else {
      out.push_back(t);
    }
    const std::string& last = out.back();
    glue = last.size() > 1 && last.back() == '-' &&
           std::isalnum(static_cast<unsigned char>(last[last.size() - 2]));
  }
  return out;
}

class TokenStream {
 public:
  explicit TokenStream(std::vector<std::string> t) : t_(std::move(t)) {}
  bool done() const { return i_ >= t_.size(); }
  const std::string& peek(std::size_t ahead = 0) const {
    static const std::string empty;
    return i_ + ahead < t_.size() ? t_[i_ + ahead] : empty;
  }
  std::string next() { return t_.at(i_++); }
  // Consumes `words` if they come next.
  bool accept(const std::vector<std::string>& words) {
    for (std::size_t k = 0; k < words.size(); ++k) {
      if (peek(k) != words[k]) return false;
    }
    i_ += words.size();
    return true;
  }
  std::optional<std::string> accept_any(const std::vector<std::vector<std::string>>& phrases) {
    for (const auto& words : phrases) {
      if (accept(words)) {
        std::string joined;
        for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
        return joined;
      }
    }
    return std::nullopt;
  }

 private:
  std::vector<std::string> t_;
  std::size_t i_ = 0;
};

const std::vector<std::vector<std::string>> kCategories{
    {"Usually", "appropriate"},
    {"May", "be", "appropriate", "(Disagreement)"},
    {"May", "be", "appropriate"},
    {"Usually", "not", "appropriate"}};
const std::vector<std::vector<std::string>> kSoe{
    {"Strong"}, {"Moderate"}, {"Limited"}, {"Expert", "Consensus"}, {"Expert", "Opinion"}};

std::string radiation(TokenStream& ts) {
  if (ts.accept({"Varies"})) return "Varies";
  if (ts.accept({"N/A"})) return "N/A";
  if (ts.accept({"O", "0", "mSv"})) return "O 0 mSv";
  if (ts.peek().starts_with("\u2622") && ts.peek(2) == "mSv") {
    std::string text = ts.next();
    text += " " + ts.next();
    return text + " " + ts.next();
  }
  throw std::runtime_error("unreadable radiation level at \"" + ts.peek() + "\"");
}

bool at_name_boundary(const TokenStream& ts) {
  // A category phrase ends the procedure name.
  for (const auto& words : kCategories) {
    bool match = true;
    for (std::size_t k = 0; k < words.size() && match; ++k) match = ts.peek(k) == words[k];
    if (match) return true;
  }
  return false;
}

SeedRating rating_row(TokenStream& ts) {
  SeedRating row;
  while (!at_name_boundary(ts)) {
    if (ts.done()) throw std::runtime_error("procedure name runs to the end: " + row.name);
    row.name += (row.name.empty() ? "" : " ") + ts.next();
  }
  row.category = *ts.accept_any(kCategories);
  auto soe = ts.accept_any(kSoe);
  if (!soe) throw std::runtime_error("no SOE after " + row.name);
  row.soe = *soe;
  row.rrl_adult = radiation(ts);
  row.rrl_peds = radiation(ts);
  ts.accept({"[ped]"});
  std::array<int, 11> numbers{};
  for (int& n : numbers) {
    const std::string t = ts.next();
    if (!is_int(t)) throw std::runtime_error("expected a number in " + row.name + ", got " + t);
    n = std::stoi(t);
  }
  row.rating = numbers[0];
  row.median = numbers[1];
  for (int k = 0; k < 9; ++k) row.votes[k] = numbers[2 + k];
  if (ts.accept({"References", "Study", "Quality"})) {
    while (is_int(ts.peek()) && ts.peek(1).starts_with("(") && ts.peek(1).ends_with(")")) {
      std::string number = ts.next();
      std::string pmid = ts.next();
      pmid = pmid.substr(1, pmid.size() - 2);
      row.references.push_back({number, pmid, ts.next()});
    }
  }
  return row;
}

}  // namespace

std::string variant_tables_path() {
  return AUC_FIXTURES_DIR "/knowledge/sources/acr-vcf-variant-tables.txt";
}

std::string rating_table_path() {
  return AUC_FIXTURES_DIR "/knowledge/sources/acr-vcf-rating-table.txt";
}

std::map<int, SeedVariantTable> read_variant_tables(const std::string& path) {
  std::istringstream in(read_file(path));
  std::map<int, SeedVariantTable> out;
  std::string line;
  SeedVariantTable* current = nullptr;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.starts_with("Variant ") && line.find(':') != std::string::npos && !in_table) {
      const int number = std::stoi(line.substr(8));
      // Only the leading tables: the discussion repeats the headings later.
      if (out.contains(number)) break;
      current = &out[number];
      current->title = strip_bold(line.substr(line.find(':') + 2));
    } else if (current && line == "Procedure\tAppropriateness Category") {
      in_table = true;
    } else if (in_table && line.empty()) {
      in_table = false;
      current = nullptr;
    } else if (in_table) {
      const auto tab = line.find('\t');
      current->rows.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
  }
  return out;
}

std::map<int, std::vector<SeedRating>> read_rating_table(const std::string& path) {
  TokenStream ts(tokens(read_file(path)));
  std::map<int, std::vector<SeedRating>> out;
  const std::vector<std::string> header{"Final", "Tabulations", "1", "2", "3", "4",
                                        "5",     "6",           "7", "8", "9"};
  while (!ts.done()) {
    // Skip to the next variant's table header.
    if (!(ts.peek() == "Variant" && ts.peek(1).ends_with(":"))) {
      ts.next();
      continue;
    }
    ts.next();
    const int number = std::stoi(ts.next());
    while (!ts.accept(header)) {
      if (ts.done()) throw std::runtime_error("variant without a table header");
      ts.next();
    }
    auto& rows = out[number];
    while (!ts.done() && !(ts.peek() == "Variant" && ts.peek(1).ends_with(":"))) {
      rows.push_back(rating_row(ts));
    }
  }
  return out;
}

}  // namespace auc::test
