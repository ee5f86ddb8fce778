// Everything the engine knows, loaded and validated once at start: criteria topics and terminology.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/criteria/criteria.h"
#include "engine/knowledge_base_error.h"
#include "engine/terminology/terminology.h"
#include "fhir/expected.h"

namespace auc::engine {

struct KnowledgeBaseOptions {
  std::string data_dir;         // holds criteria/*.json and terminology/*.csv
  std::string local_codes_dir;  // optional: site mapping files (Epic/Cerner order codes); "" = none
};

class KnowledgeBase {
 public:
  static Expected<std::shared_ptr<const KnowledgeBase>, LoadError> load(
      const KnowledgeBaseOptions& options);

  const std::vector<Topic>& topics() const { return topics_; }
  const Topic* topic(std::string_view id) const;
  const Terminology& terminology() const { return terminology_; }

  // A procedure's rating in a variant; nullptr when the variant does not rate it.
  const RatedProcedure* rating(const Topic& topic, int variant,
                               std::string_view procedure_id) const;

  // All procedures of a variant, best first: category, then rating, then lower radiation level
  // (paediatric RRL when `pediatric`), then stronger evidence, then name (for a stable order).
  std::vector<const RatedProcedure*> ranked(const Variant& variant, bool pediatric) const;

 private:
  std::vector<Topic> topics_;
  Terminology terminology_;
  friend class KnowledgeBaseLoader;
};

}  // namespace auc::engine
