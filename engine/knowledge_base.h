// Everything the engine knows, loaded and validated once at start: criteria topics, terminology
// and the safety rules with their free-text phrase lists, and the report-text lexicon.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/criteria/criteria.h"
#include "engine/knowledge_base_error.h"
#include "engine/prior/prior_studies.h"
#include "engine/red_flags/red_flag_catalog.h"
#include "engine/safety/phrase_list.h"
#include "engine/safety/safety_rules.h"
#include "engine/terminology/terminology.h"
#include "engine/text/text_lexicon.h"
#include "fhir/expected.h"

namespace auc::engine {

struct KnowledgeBaseOptions {
  // holds criteria/*.json, terminology/*.csv, safety/ (rules, phrases),
  // text/{findings,context}.csv, red-flags/*.csv and prior-imaging/*.csv
  std::string data_dir;
  std::string local_codes_dir;  // optional: site mapping files (Epic/Cerner order codes); "" = none
};

class KnowledgeBase {
 public:
  static Expected<std::shared_ptr<const KnowledgeBase>, LoadError> load(
      const KnowledgeBaseOptions& options);

  const std::vector<Topic>& topics() const { return topics_; }
  const Topic* topic(std::string_view id) const;
  const Terminology& terminology() const { return terminology_; }
  const SafetyRules& safety_rules() const { return safety_rules_; }
  const PhraseList& phrases() const { return phrases_; }
  // Finding phrases and ConText triggers for report text (data/text/*.csv).
  const TextLexicon& text_lexicon() const { return text_lexicon_; }

  // The procedure as rated anywhere (its name and attributes are the same in every variant);
  // nullptr when no topic rates it.
  const RatedProcedure* any_rating(std::string_view procedure_id) const;
  const RedFlagCatalog& red_flags() const { return red_flags_; }
  const PriorImagingWindows& prior_imaging_windows() const { return prior_imaging_windows_; }

  // A procedure's rating in a variant; nullptr when the variant does not rate it.
  const RatedProcedure* rating(const Topic& topic, int variant,
                               std::string_view procedure_id) const;

  // All procedures of a variant, best first: category, then rating, then lower radiation level
  // (paediatric RRL when `pediatric`), then stronger evidence, then name (for a stable order).
  std::vector<const RatedProcedure*> ranked(const Variant& variant, bool pediatric) const;

 private:
  std::vector<Topic> topics_;
  Terminology terminology_;
  SafetyRules safety_rules_;
  PhraseList phrases_;
  TextLexicon text_lexicon_;
  RedFlagCatalog red_flags_;
  PriorImagingWindows prior_imaging_windows_;
  friend class KnowledgeBaseLoader;
};

}  // namespace auc::engine
