// POST /cds-services/{id}: one order-select or order-sign call from request body to response.
// Validates the request, gathers the patient record (prefetch, then fhirServer), assesses the
// draft ServiceRequests to rate, renders cards and systemActions, and records the call in the
// audit sink before answering.
#pragma once

#include <httplib.h>

#include <memory>
#include <vector>

#include "cards/uuid_source.h"
#include "engine/knowledge_base.h"
#include "hooks/config/config.h"
#include "hooks/discovery/service_descriptor.h"
#include "hooks/fhir_client/fhir_client.h"
#include "hooks/http/request_context.h"
#include "hooks/services/audit_sink.h"

namespace auc::hooks {

class HookCallHandler {
 public:
  HookCallHandler(const Config& config, std::shared_ptr<const engine::KnowledgeBase> knowledge,
                  const std::vector<ServiceDescriptor>& services, AuditSink& audit,
                  cards::UuidSource& uuids);

  // req.matches[1] is the service id.
  void handle(const httplib::Request& req, httplib::Response& res, RequestContext& ctx);

 private:
  const Config& config_;
  std::shared_ptr<const engine::KnowledgeBase> knowledge_;
  const std::vector<ServiceDescriptor>& services_;
  AuditSink& audit_;
  cards::UuidSource& uuids_;
  FhirClient fhir_;
};

}  // namespace auc::hooks
