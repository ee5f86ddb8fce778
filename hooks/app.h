// The composition root: loads the knowledge base, builds the authenticator, the ledger and the
// HTTP server, and registers every route. main() only parses flags and handles signals.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cards/ledger/ledger.h"
#include "engine/knowledge_base.h"
#include "fhir/expected.h"
#include "hooks/audit/audit_credential.h"
#include "hooks/audit/console_files.h"
#include "hooks/auth/authenticator.h"
#include "hooks/codes/unrecognised_code_report.h"
#include "hooks/config/config.h"
#include "hooks/discovery/service_descriptor.h"
#include "hooks/http/http_server.h"
#include "hooks/metrics/metrics.h"
#include "hooks/runtime/heap_trimmer.h"
#include "hooks/services/audit_sink.h"
#include "hooks/services/feedback_handler.h"
#include "hooks/services/hook_call_handler.h"
#include "hooks/tls/tls_server_context.h"

namespace auc::hooks {

class App {
 public:
  static Expected<std::unique_ptr<App>, std::string> create(Config config);
  ~App();

  Expected<int, std::string> bind();  // the bound port
  void run();                         // serves until stop()
  void drain();   // /readyz answers 503 so a load balancer stops routing; requests still served
  void stop();    // begin a graceful shutdown (any thread)
  void reload();  // SIGHUP: re-read the site code files, the TLS certificate and key

  const Config& config() const { return config_; }

 private:
  explicit App(Config config);
  Expected<Ok, std::string> init();
  void register_routes();
  Expected<Ok, std::string> init_audit_listener();
  Expected<Ok, std::string> init_metrics_listener();
  void serve_metrics(httplib::Response& res) const;
  void reload_codes();
  void register_unrecognised_codes_routes(HttpServer& server);
  void register_auditor_routes(HttpServer& server);
  // Runs `handler` only for callers whose CDS Hooks JWT verifies (when --auth jwt).
  HttpServer::Handler authenticated(HttpServer::Handler handler);

  Config config_;
  std::shared_ptr<const engine::KnowledgeBase> knowledge_;
  std::unique_ptr<Authenticator> authenticator_;
  std::shared_ptr<tls::TlsServerContext> tls_;  // outlives the server's SSL_CTX that uses it
  std::string criteria_body_;                   // GET /criteria, rendered once
  // Declared before the server and the sinks that use it, so it is closed after them.
  std::unique_ptr<cards::ledger::Ledger> ledger_;
  std::shared_ptr<const audit::AuditCredential> audit_credential_;  // null: auditor API off
  std::unique_ptr<HttpServer> server_;
  // --audit-listen: the auditor API on its own address (and its own client-certificate rule).
  Config audit_config_;
  std::shared_ptr<tls::TlsServerContext> audit_tls_;
  std::unique_ptr<HttpServer> audit_server_;
  std::thread audit_thread_;
  // --metrics-listen: /metrics alone on its own address, without a credential.
  Config metrics_config_;
  std::unique_ptr<HttpServer> metrics_server_;
  std::thread metrics_thread_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<audit::ConsoleFiles> console_;
  std::vector<ServiceDescriptor> services_;
  std::string discovery_body_;  // rendered once: discovery never changes while running
  cards::RandomUuidSource uuids_;
  std::unique_ptr<AuditSink> audit_;  // the ledger's write side
  std::unique_ptr<HookCallHandler> hook_calls_;
  std::unique_ptr<FeedbackHandler> feedback_;
  std::atomic<bool> ready_{false};
  HeapTrimmer heap_trimmer_{std::chrono::seconds(5)};
};

}  // namespace auc::hooks
