// `auc-hooks assess FILE|-`: one captured hook request through the service's pipeline, offline
// (no listener, no ledger, no FHIR fetches), printing the response the server would send, or
// with --explain a readable account per order for integration engineers and clinical reviewers.
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

namespace auc::hooks {

// Exit status: 0 answered, 1 the request or the data could not be used, 2 bad arguments.
int assess_command(const std::vector<std::string_view>& args, std::string_view default_data_dir,
                   std::ostream& out, std::ostream& err);

}  // namespace auc::hooks
