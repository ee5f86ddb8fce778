#include "hooks/services/feedback_handler.h"

#include "hooks/feedback/feedback_request.h"
#include "hooks/http/operation_outcome.h"
#include "hooks/log/log.h"
#include "hooks/services/hook_call_handler.h"
#include "hooks/services/json_body.h"

namespace auc::hooks {

void FeedbackHandler::handle(const httplib::Request& req, httplib::Response& res,
                             RequestContext& ctx) {
  const std::string_view id = req.matches.size() > 1
                                  ? std::string_view(req.matches[1].first, req.matches[1].second)
                                  : std::string_view{};
  const ServiceDescriptor* service = find_service(services_, id);
  if (service == nullptr) {
    send_operation_outcome(res, 404, "not-found", "no CDS service with that id; see /cds-services");
    return;
  }
  if (!is_json_content_type(req.get_header_value("Content-Type"))) {
    send_operation_outcome(res, 415, "not-supported", "send feedback as application/json");
    return;
  }
  JsonBody body;
  std::string syntax_error;
  if (!body.parse(req.body, syntax_error)) {
    send_operation_outcome(res, 400, "invalid", syntax_error);
    return;
  }
  auto batch = parse_feedback(body.doc(), service->id);
  if (!batch) {
    const RequestError& e = batch.error();
    send_operation_outcome(res, 400, "invalid",
                           e.path.empty() ? e.message : e.path + ": " + e.message, e.path);
    return;
  }
  const auto received = std::chrono::time_point_cast<std::chrono::microseconds>(ctx.received_wall);
  std::int64_t duplicates = 0;
  for (cards::ledger::FeedbackRecord& f : *batch) {
    f.received_at = received;
    f.issuer = ctx.caller.issuer;
    f.tenant = ctx.caller.tenant;
    auto written = audit_.record_feedback(f);
    if (!written) {
      log::error("audit_write_failed")
          .str("request_id", ctx.request_id)
          .str("detail", written.error().message);
      send_operation_outcome(res, 503, "transient",
                             "feedback could not be recorded; retry. Request id " + ctx.request_id);
      return;
    }
    if (written->duplicate) ++duplicates;
  }
  log::info("feedback")
      .str("request_id", ctx.request_id)
      .str("service", service->id)
      .num("entries", static_cast<std::int64_t>(batch->size()))
      .num("duplicates", duplicates);
  res.status = 200;
  res.set_content("{}", "application/json");
}

}  // namespace auc::hooks
