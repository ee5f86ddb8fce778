#include "hooks/http/operation_outcome.h"

#include "hooks/log/log.h"

namespace auc::hooks {

std::string operation_outcome_json(std::string_view code, std::string_view diagnostics,
                                   std::string_view expression) {
  std::string out;
  out.reserve(128 + diagnostics.size() + expression.size());
  out += R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":")";
  log::append_json_escaped(out, code);
  out += R"(","diagnostics":")";
  log::append_json_escaped(out, diagnostics);
  out += '"';
  if (!expression.empty()) {
    out += R"(,"expression":[")";
    log::append_json_escaped(out, expression);
    out += "\"]";
  }
  out += "}]}";
  return out;
}

void send_operation_outcome(httplib::Response& res, int status, std::string_view code,
                            std::string_view diagnostics, std::string_view expression) {
  res.status = status;
  res.set_content(operation_outcome_json(code, diagnostics, expression), "application/fhir+json");
}

std::string_view issue_code_for_status(int status) {
  switch (status) {
    case 400:
      return "invalid";
    case 401:
      return "login";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 405:
      return "not-supported";
    case 412:
      return "incomplete";
    case 413:
      return "too-costly";
    case 415:
      return "not-supported";
    default:
      return status >= 500 ? "exception" : "invalid";
  }
}

}  // namespace auc::hooks
