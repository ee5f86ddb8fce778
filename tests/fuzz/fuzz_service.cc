#include "tests/fuzz/fuzz_service.h"

#include <chrono>
#include <regex>
#include <span>

#include "cards/ledger/open_ledger.h"
#include "fhir/checked_json.h"
#include "hooks/http/request_context.h"
#include "hooks/log/log.h"
#include "hooks/services/vcf_services.h"
#include "tests/fuzz/fuzz_input.h"

namespace auc::fuzz {

Service::Service() : services_(hooks::vcf_service_descriptors()) {
  hooks::log::set_level(hooks::LogLevel::kOff);  // millions of calls; nothing to read
  config_.fhir.total_budget_ms = 0;              // never the network
  auto knowledge = engine::KnowledgeBase::load({AUC_DATA_DIR, ""});
  if (!knowledge) invariant_broken();
  knowledge_ = std::move(*knowledge);
  reset_ledger();
}

void Service::reset_ledger() {
  cards::ledger::LedgerOptions options;
  options.url = "memory";
  auto opened = cards::ledger::open_ledger(options, nullptr);
  if (!opened) invariant_broken();
  // Handlers first: they hold references to the sink, which holds one to the ledger.
  hook_calls_.reset();
  feedback_.reset();
  audit_.reset();
  ledger_ = std::move(*opened);
  uuids_ = cards::SequentialUuidSource();  // the same card ids after every reset
  audit_ = std::make_unique<hooks::LedgerAuditSink>(*ledger_);
  hook_calls_ =
      std::make_unique<hooks::HookCallHandler>(config_, knowledge_, services_, *audit_, uuids_);
  feedback_ = std::make_unique<hooks::FeedbackHandler>(services_, *audit_);
}

httplib::Response Service::call(std::string_view service_id, std::string body) {
  return post("/cds-services/" + std::string(service_id), std::move(body), false);
}

httplib::Response Service::feedback(std::string_view service_id, std::string body) {
  return post("/cds-services/" + std::string(service_id) + "/feedback", std::move(body), true);
}

httplib::Response Service::post(const std::string& path, std::string body, bool feedback) {
  static const std::regex hook_route(R"(/cds-services/([^/]+))");
  static const std::regex feedback_route(R"(/cds-services/([^/]+)/feedback)");
  httplib::Request req;
  req.method = "POST";
  req.path = path;
  if (!std::regex_match(req.path, req.matches, feedback ? feedback_route : hook_route)) {
    invariant_broken();
  }
  req.headers.emplace("Content-Type", "application/json");
  hooks::RequestContext ctx;
  ctx.request_id = "fuzz";
  ctx.received = std::chrono::steady_clock::now();
  ctx.received_wall = std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000));
  ctx.body = std::span<char>(body.data(), body.size());  // a string ends in a NUL
  httplib::Response res;
  if (feedback) {
    feedback_->handle(req, res, ctx);
  } else {
    hook_calls_->handle(req, res, ctx);
  }
  return res;
}

bool is_clean_json(const std::string& text) {
  return !fhir::check_json(text).has_value();
}

}  // namespace auc::fuzz
