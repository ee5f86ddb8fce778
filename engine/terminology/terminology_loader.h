// Builds a Terminology from mapping files: the shipped engine/data/terminology/*.csv, then any
// site-local files. Validates every row and refuses a code mapped to two different meanings.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/knowledge_base_error.h"
#include "engine/terminology/terminology.h"
#include "fhir/expected.h"

namespace auc::engine {

// Mapping file columns (header row required, any order; extra columns are ignored):
//   system   cpt | loinc | snomed | icd10cm | hcpcs, or a full URI (e.g. a site's Epic OID)
//   code     the code; ICD-10-CM may be written with its dot
//   concept  namespaced concept, see CONCEPTS.md (procedure/..., condition/..., ...)
//   display, region (unspecified | cervical | thoracic | lumbar | whole-body; default
//   unspecified), match (exact | prefix; default exact), unverified (yes/no), preferred
//   (yes/no), note (free text)
class TerminologyLoader {
 public:
  Expected<Ok, LoadError> add_file(const std::string& path);
  // `file` names the source in errors and in CodeMapping::source.
  Expected<Ok, LoadError> add_text(std::string_view text, const std::string& file);
  // Builds the lookup indexes. Refuses two preferred codes for one concept, region and system.
  Expected<Terminology, LoadError> finish() &&;

 private:
  Expected<Ok, LoadError> add_mapping(CodeMapping mapping, const std::string& file, int line);

  Terminology terminology_;
  std::unordered_map<std::string, std::size_t> seen_;  // system + '\x1f' + code -> index
};

}  // namespace auc::engine
