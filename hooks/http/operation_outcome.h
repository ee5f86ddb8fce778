// Error bodies: every non-2xx answer is a FHIR OperationOutcome, never HTML or a stack trace.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace auc::hooks {

// `code` is a FHIR issue-type code ("invalid", "not-found", "processing", "too-costly",
// "login", "not-supported", "exception"); `expression` names the JSON path when there is one.
std::string operation_outcome_json(std::string_view code, std::string_view diagnostics,
                                   std::string_view expression = {});

void send_operation_outcome(httplib::Response& res, int status, std::string_view code,
                            std::string_view diagnostics, std::string_view expression = {});

// The issue-type code that fits an HTTP status, for answers produced by the HTTP library.
std::string_view issue_code_for_status(int status);

}  // namespace auc::hooks
