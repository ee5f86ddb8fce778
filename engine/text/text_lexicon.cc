#include "engine/text/text_lexicon.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "engine/terminology/csv_table.h"
#include "engine/text/tokenizer.h"

namespace auc::engine {
namespace {

constexpr std::array<std::string_view, 10> kClassLabels{
    "negated", "uncertain",   "historical",  "hypothetical", "experiencer",
    "acute",   "progression", "termination", "pseudo",       "abbreviation"};

// The concept namespaces a text finding may name; the fact extractor decides which it uses.
constexpr std::array<std::string_view, 3> kFindingNamespaces{"condition/", "finding/", "imaging/"};

std::string row_label(int line) {
  return "row " + std::to_string(line);
}

std::optional<bool> parse_flag(std::string_view s) {
  if (s.empty() || s == "no" || s == "false" || s == "0") return false;
  if (s == "yes" || s == "true" || s == "1") return true;
  return std::nullopt;
}

Expected<std::string, LoadError> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{LoadError{path, "", "", "cannot open file"}};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string_view context_class_label(ContextClass c) {
  return kClassLabels[static_cast<std::size_t>(c)];
}

int TextLexicon::token_id(std::string_view word) const {
  const auto it = tokens_.find(word);
  return it == tokens_.end() ? kNoEntry : it->second;
}

const TextLexicon::Node* TextLexicon::child(const Node& node, int token) const {
  const auto it =
      std::lower_bound(node.children.begin(), node.children.end(), std::pair<int, int>{token, -1});
  if (it == node.children.end() || it->first != token) return nullptr;
  return &nodes_[static_cast<std::size_t>(it->second)];
}

Expected<int, LoadError> TextLexiconLoader::phrase_node(std::string_view phrase,
                                                        const std::string& file, int line) {
  Tokens tokens;
  tokenize(phrase, tokens);
  if (tokens.list.empty()) {
    return Unexpected{LoadError{file, row_label(line), "phrase", "the phrase has no words"}};
  }
  int node = 0;
  for (const Token& t : tokens.list) {
    const std::string_view word = tokens.word(t);
    auto [it, added] =
        lexicon_.tokens_.try_emplace(std::string(word), static_cast<int>(lexicon_.tokens_.size()));
    const int token = it->second;
    auto& children = lexicon_.nodes_[static_cast<std::size_t>(node)].children;
    auto pos = std::lower_bound(children.begin(), children.end(), std::pair<int, int>{token, -1});
    if (pos != children.end() && pos->first == token) {
      node = pos->second;
      continue;
    }
    const int next = static_cast<int>(lexicon_.nodes_.size());
    children.insert(pos, {token, next});  // `children` is not used after the push_back below
    lexicon_.nodes_.emplace_back();
    node = next;
  }
  const auto& n = lexicon_.nodes_[static_cast<std::size_t>(node)];
  if (n.finding != TextLexicon::kNoEntry || n.trigger != TextLexicon::kNoEntry) {
    return Unexpected{
        LoadError{file, row_label(line), "phrase",
                  "\"" + std::string(phrase) + "\" is already defined at " + node_source_[node]}};
  }
  node_source_[node] = std::filesystem::path(file).filename().string() + " " + row_label(line);
  return node;
}

Expected<Ok, LoadError> TextLexiconLoader::add_findings_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return Unexpected{text.error()};
  return add_findings_text(*text, path);
}

Expected<Ok, LoadError> TextLexiconLoader::add_context_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return Unexpected{text.error()};
  return add_context_text(*text, path);
}

Expected<Ok, LoadError> TextLexiconLoader::add_findings_text(std::string_view text,
                                                             const std::string& file) {
  auto table = read_csv_table(text, file, {"phrase", "concept"});
  if (!table) return Unexpected{table.error()};
  for (std::size_t r = 1; r < table->csv.rows.size(); ++r) {
    const CsvRow& row = table->csv.rows[r];
    auto refuse = [&](const char* column, std::string message) {
      return Unexpected{LoadError{file, row_label(row.line), column, std::move(message)}};
    };
    FindingTerm term;
    term.concept_id = table->field(row, "concept");
    const bool known_namespace =
        std::any_of(kFindingNamespaces.begin(), kFindingNamespaces.end(), [&](std::string_view ns) {
          return term.concept_id.starts_with(ns) && term.concept_id.size() > ns.size();
        });
    if (!known_namespace) {
      return refuse("concept", "\"" + term.concept_id +
                                   "\" is not a condition/, finding/ or imaging/ concept");
    }
    const auto level = parse_flag(table->field(row, "requires_level"));
    if (!level) return refuse("requires_level", "expected yes or no");
    term.requires_level = *level;
    auto node = phrase_node(table->field(row, "phrase"), file, row.line);
    if (!node) return Unexpected{node.error()};
    lexicon_.nodes_[static_cast<std::size_t>(*node)].finding =
        static_cast<int>(lexicon_.findings_.size());
    lexicon_.findings_.push_back(std::move(term));
  }
  return Ok{};
}

Expected<Ok, LoadError> TextLexiconLoader::add_context_text(std::string_view text,
                                                            const std::string& file) {
  auto table = read_csv_table(text, file, {"phrase", "class", "direction"});
  if (!table) return Unexpected{table.error()};
  for (std::size_t r = 1; r < table->csv.rows.size(); ++r) {
    const CsvRow& row = table->csv.rows[r];
    auto refuse = [&](const char* column, std::string message) {
      return Unexpected{LoadError{file, row_label(row.line), column, std::move(message)}};
    };
    const std::string label = table->field(row, "class");
    const auto cls = std::find(kClassLabels.begin(), kClassLabels.end(), label);
    if (cls == kClassLabels.end()) return refuse("class", "unknown class \"" + label + "\"");
    TriggerTerm term;
    term.context = static_cast<ContextClass>(cls - kClassLabels.begin());
    const std::string phrase = table->field(row, "phrase");
    const std::string direction = table->field(row, "direction");
    const bool scoped = term.context != ContextClass::kTermination &&
                        term.context != ContextClass::kPseudo &&
                        term.context != ContextClass::kAbbreviation;
    if (!scoped) {
      if (!direction.empty()) return refuse("direction", label + " terms take no direction");
    } else if (direction == "forward") {
      term.direction = Direction::kForward;
    } else if (direction == "backward") {
      term.direction = Direction::kBackward;
    } else if (direction == "bidirectional") {
      term.direction = Direction::kBidirectional;
    } else {
      return refuse("direction",
                    "expected forward, backward or bidirectional, got \"" + direction + "\"");
    }
    const std::string window = table->field(row, "window");
    if (!window.empty()) {
      const auto [end, ec] =
          std::from_chars(window.data(), window.data() + window.size(), term.window);
      if (ec != std::errc{} || end != window.data() + window.size() || term.window < 0) {
        return refuse("window", "expected a number of words, got \"" + window + "\"");
      }
    }
    if (term.context == ContextClass::kAbbreviation) {
      Tokens tokens;
      tokenize(phrase, tokens);
      if (tokens.list.size() != 1) return refuse("phrase", "an abbreviation is one word");
      lexicon_.abbreviations_.emplace(tokens.word(tokens.list.front()));
      continue;
    }
    auto node = phrase_node(phrase, file, row.line);
    if (!node) return Unexpected{node.error()};
    lexicon_.nodes_[static_cast<std::size_t>(*node)].trigger =
        static_cast<int>(lexicon_.triggers_.size());
    lexicon_.triggers_.push_back(term);
  }
  return Ok{};
}

Expected<TextLexicon, LoadError> TextLexiconLoader::finish() && {
  return std::move(lexicon_);
}

}  // namespace auc::engine
