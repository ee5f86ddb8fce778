// POST /cds-services/{id}/feedback: a batch of outcomes (accepted suggestions, override reasons)
// recorded in the audit sink. Duplicate reports are harmless: the sink stores them once.
#pragma once

#include <httplib.h>

#include <vector>

#include "hooks/discovery/service_descriptor.h"
#include "hooks/http/request_context.h"
#include "hooks/metrics/metrics.h"
#include "hooks/services/audit_sink.h"

namespace auc::hooks {

class FeedbackHandler {
 public:
  FeedbackHandler(const std::vector<ServiceDescriptor>& services, AuditSink& audit,
                  Metrics* metrics = nullptr)
      : services_(services), audit_(audit), metrics_(metrics) {}

  // req.matches[1] is the service id.
  void handle(const httplib::Request& req, httplib::Response& res, RequestContext& ctx);

 private:
  const std::vector<ServiceDescriptor>& services_;
  AuditSink& audit_;
  Metrics* metrics_;  // null: not measured
};

}  // namespace auc::hooks
