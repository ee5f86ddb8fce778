#include "cards/ledger/records.h"

namespace auc::cards::ledger {

std::string_view data_source_name(DataSource s) {
  switch (s) {
    case DataSource::kPrefetch:
      return "prefetch";
    case DataSource::kFhir:
      return "fhir";
    case DataSource::kMixed:
      return "mixed";
    case DataSource::kNone:
      break;
  }
  return "none";
}

std::optional<DataSource> parse_data_source(std::string_view name) {
  for (auto s : {DataSource::kNone, DataSource::kPrefetch, DataSource::kFhir, DataSource::kMixed}) {
    if (data_source_name(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace auc::cards::ledger
