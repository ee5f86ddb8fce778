// A CDS service wired as hooks/app.cc wires it (the real handlers, the knowledge base in
// engine/data, an in-memory ledger), so a target can post a body to a handler exactly as the HTTP
// layer hands it over, without a socket. The FHIR fallback has no time budget: a request naming
// a fhirServer is answered as if that server never replied, and no connection is ever made.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cards/ledger/ledger.h"
#include "cards/uuid_source.h"
#include "engine/knowledge_base.h"
#include "hooks/config/config.h"
#include "hooks/discovery/service_descriptor.h"
#include "hooks/services/audit_sink.h"
#include "hooks/services/feedback_handler.h"
#include "hooks/services/hook_call_handler.h"

namespace auc::fuzz {

class Service {
 public:
  Service();

  // A fresh in-memory ledger and uuid sequence, so memory stays flat however long the fuzzer
  // runs and the card ids a fuzzer's inputs name stay valid.
  void reset_ledger();

  // POST /cds-services/{service_id} and /cds-services/{service_id}/feedback with `body` as
  // application/json.
  httplib::Response call(std::string_view service_id, std::string body);
  httplib::Response feedback(std::string_view service_id, std::string body);

  cards::ledger::Ledger& ledger() { return *ledger_; }

 private:
  httplib::Response post(const std::string& path, std::string body, bool feedback);

  hooks::Config config_;
  std::shared_ptr<const engine::KnowledgeBase> knowledge_;
  std::vector<hooks::ServiceDescriptor> services_;
  std::unique_ptr<cards::ledger::Ledger> ledger_;
  std::unique_ptr<hooks::LedgerAuditSink> audit_;
  cards::SequentialUuidSource uuids_;
  std::unique_ptr<hooks::HookCallHandler> hook_calls_;
  std::unique_ptr<hooks::FeedbackHandler> feedback_;
};

// Whether `text` is JSON the service itself would accept (checked parse: depth, UTF-8, no
// repeated member): every answer the service gives must be.
bool is_clean_json(const std::string& text);

}  // namespace auc::fuzz
