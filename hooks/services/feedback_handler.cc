#include "hooks/services/feedback_handler.h"

#include "hooks/feedback/feedback_check.h"
#include "hooks/feedback/feedback_request.h"
#include "hooks/http/operation_outcome.h"
#include "hooks/log/log.h"
#include "hooks/services/json_body.h"
#include "hooks/services/service_post.h"

namespace auc::hooks {

void FeedbackHandler::handle(const httplib::Request& req, httplib::Response& res,
                             RequestContext& ctx) {
  JsonBody body;
  const ServiceDescriptor* service =
      accept_service_post(req, res, ctx, services_, "feedback", body);
  if (service == nullptr) return;
  auto batch = parse_feedback(body.doc(), service->id);
  if (!batch) {
    send_bad_request(res, batch.error());
    return;
  }
  // The rest reads and writes the ledger: the next call may start computing.
  ctx.release_slot();
  auto storage_failed = [&](const cards::ledger::LedgerError& e) {
    log::error("audit_write_failed").str("request_id", ctx.request_id).str("detail", e.message);
    send_operation_outcome(res, 503, "transient",
                           "feedback could not be recorded; retry. Request id " + ctx.request_id);
    res.set_header("Retry-After", "1");  // the ledger reconnects at the next write
  };
  // Every entry is checked before any is stored: a refused batch leaves nothing behind.
  for (std::size_t i = 0; i < batch->size(); ++i) {
    const cards::ledger::FeedbackRecord& f = (*batch)[i];
    auto card = audit_.find_card(f.card_uuid);
    if (!card) return storage_failed(card.error());
    if (auto refused = check_feedback_against_card(f, i, *card, service->id)) {
      send_bad_request(res, *refused);
      return;
    }
  }
  const auto received = std::chrono::time_point_cast<std::chrono::microseconds>(ctx.received_wall);
  std::int64_t duplicates = 0;
  for (cards::ledger::FeedbackRecord& f : *batch) {
    f.received_at = received;
    f.issuer = ctx.caller.issuer;
    f.tenant = ctx.caller.tenant;
    auto written = audit_.record_feedback(f);
    if (!written) return storage_failed(written.error());
    if (written->duplicate) {
      ++duplicates;
    } else if (metrics_) {
      metrics_->feedback(f.outcome, f.accepted_suggestion_ids.size());
    }
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
