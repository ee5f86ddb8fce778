// POST /cds-services/{id}: one order-select or order-sign call from request body to response.
// Validates the request, gathers the patient record (prefetch, then fhirServer), assesses the
// draft ServiceRequests to rate, renders cards and systemActions, and records the call in the
// audit sink before answering.
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>
#include <vector>

#include "cards/uuid_source.h"
#include "engine/knowledge_base.h"
#include "hooks/codes/unrecognised_code_report.h"
#include "hooks/config/config.h"
#include "hooks/discovery/service_descriptor.h"
#include "hooks/fhir_client/fhir_client.h"
#include "hooks/http/request_context.h"
#include "hooks/metrics/metrics.h"
#include "hooks/services/audit_sink.h"

namespace auc::hooks {

class HookCallHandler {
 public:
  HookCallHandler(const Config& config, std::shared_ptr<const engine::KnowledgeBase> knowledge,
                  const std::vector<ServiceDescriptor>& services, AuditSink& audit,
                  cards::UuidSource& uuids, Metrics* metrics = nullptr);

  // SIGHUP: calls that start after this use `knowledge` (reloaded site code files); calls in
  // flight finish with the one they started with.
  void set_knowledge(std::shared_ptr<const engine::KnowledgeBase> knowledge) {
    knowledge_.store(std::move(knowledge));
  }

  // req.matches[1] is the service id.
  void handle(const httplib::Request& req, httplib::Response& res, RequestContext& ctx);

 private:
  const Config& config_;
  std::atomic<std::shared_ptr<const engine::KnowledgeBase>> knowledge_;
  const std::vector<ServiceDescriptor>& services_;
  AuditSink& audit_;
  cards::UuidSource& uuids_;
  FhirClient fhir_;
  Metrics* metrics_;  // null: not measured
};

}  // namespace auc::hooks
