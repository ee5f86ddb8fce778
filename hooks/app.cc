#include "hooks/app.h"

#include "engine/criteria/criteria_document.h"
#include "hooks/audit/audit_routes.h"
#include "hooks/audit/audit_time.h"
#include "hooks/audit/ledger_from_config.h"
#include "hooks/auth/jwt_authenticator.h"
#include "hooks/http/operation_outcome.h"
#include "hooks/log/log.h"
#include "hooks/services/vcf_services.h"

namespace auc::hooks {
namespace {
constexpr const char* kVersion = AUC_HOOKS_VERSION;
}  // namespace

App::App(Config config) : config_(std::move(config)) {}

App::~App() = default;

Expected<std::unique_ptr<App>, std::string> App::create(Config config) {
  std::unique_ptr<App> app(new App(std::move(config)));
  if (auto r = app->init(); !r) return Unexpected(r.error());
  return app;
}

Expected<Ok, std::string> App::init() {
  log::set_level(config_.log_level);

  auto kb = engine::KnowledgeBase::load({config_.data_dir, config_.local_codes_dir});
  if (!kb) return Unexpected("knowledge base: " + kb.error().to_string());
  knowledge_ = std::move(kb.value());

  if (config_.auth == AuthMode::kJwt) {
    JwtAuthenticatorOptions options;
    options.warn = [](std::string_view what) { log::warn("jwks").str("detail", what); };
    if (audit::is_shared_ledger(config_.ledger)) {
      auto guard = open_postgres_replay_guard(config_.ledger.url);
      if (!guard) return Unexpected("--ledger: " + guard.error());
      options.shared_replay = std::move(guard).value();
      options.replay_warn = [](std::string_view what) {
        log::warn("replay_check_unavailable").str("detail", what);
      };
      log::info("replay_protection").str("detail", "jti shared by every instance (PostgreSQL)");
    }
    auto authenticator = make_jwt_authenticator(config_.jwt, std::move(options));
    if (!authenticator) return Unexpected(authenticator.error());
    authenticator_ = std::move(authenticator.value());
  } else {
    log::warn("auth_disabled")
        .str("detail", "--auth off: every caller is trusted; never use this with real EHRs");
  }
  if (config_.plain_http) {
    log::warn("plain_http")
        .str("detail",
             config_.behind_tls_proxy
                 ? "serving without TLS behind a TLS-terminating proxy (--behind-tls-proxy)"
                 : "serving without TLS on a loopback address (--plain-http)");
  }

  HttpServer::TlsSetup tls_setup;
  if (!config_.plain_http) {
    auto tls = tls::TlsServerContext::create(config_.tls);
    if (!tls) return Unexpected(tls.error());
    tls_ = std::move(tls.value());
    for (const auto& warning : tls_->warnings()) log::warn("tls").str("detail", warning);
    tls_setup = [tls = tls_](SSL_CTX& ctx) { return tls->configure(ctx); };
  }
  auto server = HttpServer::create(config_, std::move(tls_setup));
  if (!server) return Unexpected(server.error());
  server_ = std::move(server.value());

  services_ = vcf_service_descriptors();
  discovery_body_ = discovery_json(services_);
  std::vector<std::string> ledger_warnings;
  auto ledger = audit::open_configured_ledger(config_.ledger, ledger_warnings);
  if (!ledger) return Unexpected(ledger.error());
  ledger_ = std::move(ledger.value());
  for (const auto& warning : ledger_warnings) log::warn("ledger").str("detail", warning);
  log::info("ledger").str("detail", ledger_->description());
  // Before the auditor listener, which serves /metrics only when no listener of its own does.
  std::vector<std::string> service_ids;
  for (const ServiceDescriptor& service : services_) service_ids.push_back(service.id);
  metrics_ = std::make_unique<Metrics>(
      std::move(service_ids), kVersion,
      knowledge_->topics().empty() ? std::string() : knowledge_->topics().front().edition);
  if (auto r = init_metrics_listener(); !r) return r;
  auto audit_credential = audit::AuditCredential::load(config_.audit);
  if (!audit_credential) return Unexpected(audit_credential.error());
  audit_credential_ = std::move(audit_credential.value());
  if (audit_credential_) {
    auto console =
        audit::ConsoleFiles::load(config_.data_dir + "/ui", !config_.audit.client_ca_file.empty());
    if (!console) return Unexpected(console.error());
    console_ = std::move(console.value());
  }
  if (auto r = init_audit_listener(); !r) return r;
  audit_ = std::make_unique<LedgerAuditSink>(*ledger_);
  hook_calls_ = std::make_unique<HookCallHandler>(config_, knowledge_, services_, *audit_, uuids_,
                                                  metrics_.get());
  feedback_ = std::make_unique<FeedbackHandler>(services_, *audit_, metrics_.get());
  criteria_body_ = engine::criteria_document_json(*knowledge_);
  register_routes();
  return Ok{};
}

Expected<Ok, std::string> App::init_audit_listener() {
  if (config_.audit.listen.empty()) return Ok{};
  if (!audit_credential_) {
    return Unexpected(std::string(
        "--audit-listen: needs an auditor credential (--audit-token-file or --audit-client-ca)"));
  }
  audit_config_ = config_;
  audit_config_.listen_host = config_.audit.listen_host;
  audit_config_.listen_port = config_.audit.listen_port;
  // Auditors, not EHRs or gateways, connect here: only their CA may be asked for.
  audit_config_.tls.client_ca_file = config_.audit.client_ca_file;
  HttpServer::TlsSetup tls_setup;
  if (!audit_config_.plain_http) {
    auto tls = tls::TlsServerContext::create(audit_config_.tls);
    if (!tls) return Unexpected("--audit-listen: " + tls.error());
    audit_tls_ = std::move(tls.value());
    tls_setup = [tls = audit_tls_](SSL_CTX& ctx) { return tls->configure(ctx); };
  }
  auto server = HttpServer::create(audit_config_, std::move(tls_setup));
  if (!server) return Unexpected("--audit-listen: " + server.error());
  audit_server_ = std::move(server.value());
  register_auditor_routes(*audit_server_);
  audit_server_->get("/healthz",
                     [](const httplib::Request&, httplib::Response& res, RequestContext&) {
                       res.set_content(R"({"status":"ok"})", "application/json");
                     });
  return Ok{};
}

Expected<Ok, std::string> App::init_metrics_listener() {
  if (config_.metrics.listen.empty()) return Ok{};
  metrics_config_ = config_;
  metrics_config_.listen_host = config_.metrics.listen_host;
  metrics_config_.listen_port = config_.metrics.listen_port;
  HttpServer::TlsSetup tls_setup;
  if (tls_) tls_setup = [tls = tls_](SSL_CTX& ctx) { return tls->configure(ctx); };
  auto server = HttpServer::create(metrics_config_, std::move(tls_setup));
  if (!server) return Unexpected("--metrics-listen: " + server.error());
  metrics_server_ = std::move(server.value());
  metrics_server_->get("/metrics", [this](const httplib::Request&, httplib::Response& res,
                                          RequestContext&) { serve_metrics(res); });
  return Ok{};
}

void App::serve_metrics(httplib::Response& res) const {
  res.set_header("Cache-Control", "no-store");
  res.set_content(metrics_->render(ledger_.get(), server_->admission()),
                  "text/plain; version=0.0.4; charset=utf-8");
}

// The auditor API and the criteria document share the auditor credential (never the EHR JWT).
// Without a configured credential the auditor API is off and the criteria stay public: they
// hold no patient data.
void App::register_auditor_routes(HttpServer& s) {
  s.get("/criteria", [this](const httplib::Request& req, httplib::Response& res, RequestContext&) {
    if (audit_credential_ && !audit_credential_->accepts(req)) {
      res.set_header("WWW-Authenticate", "Bearer");
      send_operation_outcome(res, 401, "login", "authentication required");
      return;
    }
    res.set_content(criteria_body_, "application/json");
  });
  if (audit_credential_) audit::register_audit_routes(s, *ledger_, audit_credential_);
  if (console_) console_->register_routes(s);
  if (audit_credential_) register_unrecognised_codes_routes(s);
  if (audit_credential_ && !metrics_server_) {
    s.get("/metrics", [this](const httplib::Request& req, httplib::Response& res, RequestContext&) {
      if (!audit_credential_->accepts(req)) {
        res.set_header("WWW-Authenticate", "Bearer");
        send_operation_outcome(res, 401, "login", "authentication required");
        return;
      }
      serve_metrics(res);
    });
  }
}

HttpServer::Handler App::authenticated(HttpServer::Handler handler) {
  return [this, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res,
                                              RequestContext& ctx) {
    if (config_.auth == AuthMode::kJwt) {
      const std::string audience = config_.public_base_url + req.path;
      auto who =
          authenticator_
              ? authenticator_->authenticate(req.get_header_value("Authorization"), audience)
              : Expected<EhrIdentity, AuthFailure>(Unexpected(AuthFailure::kKeysUnavailable));
      if (!who) {
        // The category is for operators; the caller learns nothing about why.
        metrics_->jwt_failure(who.error());
        log::warn("auth_failed")
            .str("request_id", ctx.request_id)
            .str("reason", auth_failure_category(who.error()));
        res.set_header("WWW-Authenticate", "Bearer");
        send_operation_outcome(res, 401, "login", "authentication required");
        return;
      }
      ctx.caller = std::move(who.value());
    }
    // A POST's own work starts here: it waits for an admission slot (--max-concurrent-calls)
    // only once it is known to be allowed, and with its body already read.
    ctx.take_slot();
    handler(req, res, ctx);
  };
}

void App::register_routes() {
  HttpServer& s = *server_;

  s.get("/cds-services",
        authenticated([this](const httplib::Request&, httplib::Response& res, RequestContext&) {
          res.set_content(discovery_body_, "application/json");
        }));

  s.get("/healthz", [](const httplib::Request&, httplib::Response& res, RequestContext&) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });

  // Counted around authentication too, so refused calls show under their status.
  s.post(R"(/cds-services/([^/]+))",
         [this, handler = authenticated([this](const httplib::Request& req, httplib::Response& res,
                                               RequestContext& ctx) {
                  hook_calls_->handle(req, res, ctx);
                })](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
           handler(req, res, ctx);
           const auto& id = req.matches[1];  // a view: no string built per call
           metrics_->hook_call(metrics_->service_index(std::string_view(
                                   &*id.first, static_cast<std::size_t>(id.length()))),
                               res.status, ctx.data_source,
                               std::chrono::steady_clock::now() - ctx.received);
         });
  s.post(R"(/cds-services/([^/]+)/feedback)",
         authenticated([this](const httplib::Request& req, httplib::Response& res,
                              RequestContext& ctx) { feedback_->handle(req, res, ctx); }));

  if (!audit_server_) {
    register_auditor_routes(s);
    if (!audit_credential_) {
      log::info("audit_api_disabled")
          .str("detail", "no --audit-token-file or --audit-client-ca: /audit/ is not served");
    }
  }

  s.get("/readyz", [this](const httplib::Request&, httplib::Response& res, RequestContext&) {
    if (ready_.load()) {
      res.set_content(R"({"status":"ready"})", "application/json");
    } else {
      send_operation_outcome(res, 503, "transient", "not ready: starting or shutting down");
    }
  });
}

Expected<int, std::string> App::bind() {
  auto port = server_->bind();
  if (!port) return Unexpected("--listen: " + port.error());
  log::info("listening")
      .str("host", config_.listen_host)
      .num("port", port.value())
      .flag("tls", server_->tls())
      .str("auth", config_.auth == AuthMode::kJwt ? "jwt" : "off")
      .str("public_base_url", config_.public_base_url)
      .num("topics", static_cast<std::int64_t>(knowledge_->topics().size()));
  if (metrics_server_) {
    auto metrics_port = metrics_server_->bind();
    if (!metrics_port) return Unexpected("--metrics-listen: " + metrics_port.error());
    log::info("metrics_listening")
        .str("host", metrics_config_.listen_host)
        .num("port", metrics_port.value())
        .flag("tls", metrics_server_->tls());
  }
  if (audit_server_) {
    auto audit_port = audit_server_->bind();
    if (!audit_port) return Unexpected("--audit-listen: " + audit_port.error());
    log::info("audit_listening")
        .str("host", audit_config_.listen_host)
        .num("port", audit_port.value())
        .flag("tls", audit_server_->tls())
        .flag("client_certificates", !audit_config_.tls.client_ca_file.empty());
  }
  return port;
}

void App::run() {
  if (audit_server_) audit_thread_ = std::thread([this] { audit_server_->run(); });
  if (metrics_server_) metrics_thread_ = std::thread([this] { metrics_server_->run(); });
  ready_.store(true);
  server_->run();
  ready_.store(false);
  if (metrics_server_) {
    metrics_server_->stop();
    metrics_thread_.join();
  }
  if (audit_server_) {
    audit_server_->stop();
    audit_thread_.join();
  }
}

void App::drain() {
  ready_.store(false);
}

void App::stop() {
  ready_.store(false);
  server_->stop();
  if (audit_server_) audit_server_->stop();
  if (metrics_server_) metrics_server_->stop();
}

// GET /audit/unrecognised-codes[.csv]?from=&to=&system=&kind=: what the service could not map.
void App::register_unrecognised_codes_routes(HttpServer& s) {
  auto handler = [this](bool csv) {
    return [this, csv](const httplib::Request& req, httplib::Response& res, RequestContext&) {
      res.set_header("Cache-Control", "no-store");
      res.set_header("X-Content-Type-Options", "nosniff");
      if (!audit_credential_->accepts(req)) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"auc-hooks-audit\"");
        send_operation_outcome(res, 401, "login", "auditor credential required");
        return;
      }
      cards::ledger::UnrecognisedCodeFilter filter;
      for (const auto& [name, value] : req.params) {
        if (name == "from" || name == "to") {
          auto t = audit::parse_time(value);
          if (!t) {
            send_operation_outcome(res, 400, "invalid",
                                   name + ": expected a date or an RFC 3339 time", name);
            return;
          }
          (name == "from" ? filter.from : filter.to) = *t;
        } else if (name == "system") {
          filter.system = value;
        } else if (name == "kind" &&
                   (value == "order" || value == "condition" || value == "report")) {
          filter.kind = value;
        } else {
          send_operation_outcome(res, 400, "invalid", name + ": not a filter of this report", name);
          return;
        }
      }
      auto report = ledger_->unrecognised_codes(filter);
      if (!report) {
        log::error("audit_read_failed").str("detail", report.error().message);
        send_operation_outcome(res, 503, "transient", "the ledger could not be read; retry");
        res.set_header("Retry-After", "1");
        return;
      }
      if (csv) {
        res.set_header("Content-Disposition", "attachment; filename=\"unrecognised-codes.csv\"");
        res.set_content(unrecognised_codes_csv(report->codes), "text/csv; charset=utf-8");
      } else {
        res.set_content(unrecognised_codes_json(*report), "application/json");
      }
    };
  };
  s.get("/audit/unrecognised-codes", handler(false));
  s.get("/audit/unrecognised-codes.csv", handler(true));
}

// A bad file is refused with the words the server prints at start; the codes already loaded stay.
void App::reload_codes() {
  auto kb = engine::KnowledgeBase::load({config_.data_dir, config_.local_codes_dir});
  if (!kb) {
    log::error("codes_reload_failed").str("detail", "knowledge base: " + kb.error().to_string());
    return;
  }
  knowledge_ = std::move(kb.value());
  hook_calls_->set_knowledge(knowledge_);
  log::info("codes_reloaded")
      .num("codes", static_cast<std::int64_t>(knowledge_->terminology().mappings().size()));
}

void App::reload() {
  reload_codes();
  if (!tls_) {
    log::info("reload").str("detail", "plain HTTP: no certificate to reload");
    return;
  }
  if (auto r = tls_->reload(); !r) {
    log::error("tls_reload_failed").str("detail", r.error());  // the old certificate stays
    return;
  }
  if (audit_tls_) {
    if (auto r = audit_tls_->reload(); !r) {
      log::error("tls_reload_failed").str("listener", "audit").str("detail", r.error());
      return;
    }
  }
  log::info("tls_reloaded").num("not_after", tls_->certificate_not_after());
  for (const auto& warning : tls_->warnings()) log::warn("tls").str("detail", warning);
}

}  // namespace auc::hooks
