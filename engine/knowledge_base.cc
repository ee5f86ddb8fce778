#include "engine/knowledge_base.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "engine/criteria/criteria_loader.h"
#include "engine/criteria/ranking.h"
#include "engine/safety/phrase_list.h"
#include "engine/safety/safety_rules.h"
#include "engine/terminology/terminology_loader.h"

namespace auc::engine {
namespace {

namespace fs = std::filesystem;

// Files with `extension` in `dir`, sorted by name so load order (and so which row an error
// names) does not depend on the file system.
Expected<std::vector<std::string>, LoadError> files_in(const fs::path& dir,
                                                       std::string_view extension) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Unexpected{LoadError{dir.string(), "", "", "directory not found"}};
  }
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == extension) {
      files.push_back(entry.path().string());
    }
  }
  if (ec) return Unexpected{LoadError{dir.string(), "", "", "cannot list: " + ec.message()}};
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

class KnowledgeBaseLoader {
 public:
  static Expected<std::shared_ptr<const KnowledgeBase>, LoadError> load(
      const KnowledgeBaseOptions& options) {
    auto kb = std::make_shared<KnowledgeBase>();
    const fs::path data(options.data_dir);

    auto criteria_files = files_in(data / "criteria", ".json");
    if (!criteria_files) return Unexpected{criteria_files.error()};
    if (criteria_files->empty()) {
      return Unexpected{LoadError{(data / "criteria").string(), "", "", "no criteria files"}};
    }
    for (const std::string& file : *criteria_files) {
      auto topic = load_criteria_file(file);
      if (!topic) return Unexpected{topic.error()};
      // One edition per topic: two files for one topic would make the applied edition ambiguous.
      if (kb->topic(topic->id)) {
        return Unexpected{LoadError{file, "/id", "id",
                                    "topic \"" + topic->id +
                                        "\" is already loaded from another "
                                        "file; keep exactly one edition per topic"}};
      }
      kb->topics_.push_back(std::move(*topic));
    }

    TerminologyLoader terminology;
    auto shipped = files_in(data / "terminology", ".csv");
    if (!shipped) return Unexpected{shipped.error()};
    std::vector<std::string> mapping_files = std::move(*shipped);
    if (!options.local_codes_dir.empty()) {
      auto local = files_in(options.local_codes_dir, ".csv");
      if (!local) return Unexpected{local.error()};
      mapping_files.insert(mapping_files.end(), local->begin(), local->end());
    }
    for (const std::string& file : mapping_files) {
      if (auto added = terminology.add_file(file); !added) return Unexpected{added.error()};
    }
    auto built = std::move(terminology).finish();
    if (!built) return Unexpected{built.error()};
    kb->terminology_ = std::move(*built);

    TextLexiconLoader text;
    if (auto added = text.add_findings_file((data / "text" / "findings.csv").string()); !added) {
      return Unexpected{added.error()};
    }
    if (auto added = text.add_context_file((data / "text" / "context.csv").string()); !added) {
      return Unexpected{added.error()};
    }
    auto lexicon = std::move(text).finish();
    if (!lexicon) return Unexpected{lexicon.error()};
    kb->text_lexicon_ = std::move(*lexicon);

    if (auto checked = check_procedure_concepts(*kb); !checked) {
      return Unexpected{checked.error()};
    }

    // One rules file, so thresholds and windows are never split between files.
    auto rule_files = files_in(data / "safety", ".json");
    if (!rule_files) return Unexpected{rule_files.error()};
    if (rule_files->size() != 1) {
      return Unexpected{LoadError{(data / "safety").string(), "", "",
                                  "expected exactly one safety rules file (*.json), found " +
                                      std::to_string(rule_files->size())}};
    }
    auto rules = load_safety_rules_file(rule_files->front());
    if (!rules) return Unexpected{rules.error()};
    kb->safety_rules_ = std::move(*rules);
    auto phrases = load_phrase_file((data / "safety" / "phrases.csv").string());
    if (!phrases) return Unexpected{phrases.error()};
    kb->phrases_ = std::move(*phrases);
    // Red flags are optional data (a knowledge base without them rates every case), but a code
    // mapped to a red flag the catalog does not describe refuses to start.
    if (std::error_code ec; fs::is_directory(data / "red-flags", ec)) {
      auto red_flag_files = files_in(data / "red-flags", ".csv");
      if (!red_flag_files) return Unexpected{red_flag_files.error()};
      for (const std::string& file : *red_flag_files) {
        if (auto added = kb->red_flags_.add_file(file); !added) return Unexpected{added.error()};
      }
    }
    // Prior-imaging windows are optional too: without them no prior study is looked for.
    if (std::error_code ec; fs::is_directory(data / "prior-imaging", ec)) {
      auto window_files = files_in(data / "prior-imaging", ".csv");
      if (!window_files) return Unexpected{window_files.error()};
      for (const std::string& file : *window_files) {
        if (auto added = kb->prior_imaging_windows_.add_file(file); !added) {
          return Unexpected{added.error()};
        }
      }
    }
    if (auto checked = check_red_flag_concepts(*kb); !checked) {
      return Unexpected{checked.error()};
    }
    return std::shared_ptr<const KnowledgeBase>(std::move(kb));
  }

 private:
  static Expected<Ok, LoadError> check_red_flag_concepts(const KnowledgeBase& kb) {
    for (const CodeMapping& m : kb.terminology_.mappings()) {
      if (!m.concept_id.starts_with(kRedFlagNamespace)) continue;
      if (kb.red_flags_.find(m.concept_id) != nullptr) continue;
      const auto colon = m.source.rfind(':');
      return Unexpected{LoadError{m.source.substr(0, colon), "row " + m.source.substr(colon + 1),
                                  "concept",
                                  "no red-flags/*.csv row describes \"" + m.concept_id + "\""}};
    }
    return Ok{};
  }

  // A code mapped to procedure/<id> must name a procedure some topic rates: a typo would
  // otherwise silently make an order unratable.
  static Expected<Ok, LoadError> check_procedure_concepts(const KnowledgeBase& kb) {
    constexpr std::string_view kPrefix = "procedure/";
    for (const CodeMapping& m : kb.terminology_.mappings()) {
      if (!m.concept_id.starts_with(kPrefix)) continue;
      const std::string_view id = std::string_view(m.concept_id).substr(kPrefix.size());
      bool known = false;
      for (const Topic& topic : kb.topics_) {
        for (const Variant& variant : topic.variants) {
          known = known || variant.procedure(id) != nullptr;
        }
      }
      if (!known) {
        const auto colon = m.source.rfind(':');
        return Unexpected{
            LoadError{m.source.substr(0, colon), "row " + m.source.substr(colon + 1), "concept",
                      "no criteria topic rates procedure \"" + std::string(id) + "\""}};
      }
    }
    return Ok{};
  }
};

Expected<std::shared_ptr<const KnowledgeBase>, LoadError> KnowledgeBase::load(
    const KnowledgeBaseOptions& options) {
  return KnowledgeBaseLoader::load(options);
}

const RatedProcedure* KnowledgeBase::any_rating(std::string_view procedure_id) const {
  for (const Topic& t : topics_) {
    for (const Variant& v : t.variants) {
      if (const RatedProcedure* p = v.procedure(procedure_id)) return p;
    }
  }
  return nullptr;
}

const Topic* KnowledgeBase::topic(std::string_view id) const {
  for (const Topic& t : topics_) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const RatedProcedure* KnowledgeBase::rating(const Topic& topic, int variant,
                                            std::string_view procedure_id) const {
  const Variant* v = topic.variant(variant);
  return v ? v->procedure(procedure_id) : nullptr;
}

std::vector<const RatedProcedure*> KnowledgeBase::ranked(const Variant& variant,
                                                         bool pediatric) const {
  std::vector<const RatedProcedure*> out;
  out.reserve(variant.procedures.size());
  for (const RatedProcedure& p : variant.procedures) out.push_back(&p);
  std::sort(out.begin(), out.end(), [pediatric](const RatedProcedure* a, const RatedProcedure* b) {
    return ranks_before(*a, *b, pediatric);
  });
  return out;
}

}  // namespace auc::engine
