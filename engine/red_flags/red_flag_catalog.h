// Red flags: findings that take a case out of a topic's criteria because another ACR topic covers
// it (a spine infection, cauda equina syndrome, a new neurological deficit, major trauma). Which
// codes mean which red flag is in the code tables (concepts `red-flag/...`); what each red flag
// is called and which ACR topic covers it is in engine/data/red-flags/*.csv.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/knowledge_base_error.h"
#include "fhir/expected.h"

namespace auc::engine {

struct RedFlagKind {
  std::string concept_id;      // "red-flag/spine-infection"
  std::string name;            // "suspected spine infection"
  std::string covering_topic;  // the ACR topic for it: "Suspected Spine Infection"
  // A red flag only with a current spine fracture (a high-energy injury mechanism: a car crash
  // without a fracture is not this topic's business either way).
  bool needs_fracture = false;
  std::string source;  // "red-flags.csv:3"
};

class RedFlagCatalog {
 public:
  // Rows of one file: columns concept, name, covering_topic, needs_fracture (yes/no), note.
  Expected<Ok, LoadError> add_file(const std::string& path);
  const RedFlagKind* find(std::string_view concept_id) const;
  const std::vector<RedFlagKind>& kinds() const { return kinds_; }

 private:
  std::vector<RedFlagKind> kinds_;
};

inline constexpr std::string_view kRedFlagNamespace = "red-flag/";

}  // namespace auc::engine
