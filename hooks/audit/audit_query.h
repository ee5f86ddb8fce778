// Query-string parameters of the auditor API, parsed into ledger filters. Unknown parameters
// are refused so a misspelt filter never silently widens an audit.
#pragma once

#include <httplib.h>

#include <string>

#include "cards/ledger/query.h"
#include "fhir/expected.h"

namespace auc::hooks::audit {

struct ParamError {
  std::string parameter;
  std::string message;
};

struct CallQuery {
  cards::ledger::CallFilter filter;
  cards::ledger::PageRequest page;
};

// from, to, service, variant, rating, category, indicator, outcome, override_reason, limit, cursor
Expected<CallQuery, ParamError> parse_call_query(const httplib::Params& params);
// from, to, service
Expected<cards::ledger::SummaryFilter, ParamError> parse_summary_query(
    const httplib::Params& params);

}  // namespace auc::hooks::audit
