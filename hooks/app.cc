#include "hooks/app.h"

#include "hooks/http/operation_outcome.h"
#include "hooks/log/log.h"

namespace auc::hooks {

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

  if (config_.auth == AuthMode::kOff) {
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

  auto server = HttpServer::create(config_);
  if (!server) return Unexpected(server.error());
  server_ = std::move(server.value());

  discovery_body_ = discovery_json(services_);
  register_routes();
  return Ok{};
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
        log::warn("auth_failed")
            .str("request_id", ctx.request_id)
            .str("reason", auth_failure_category(who.error()));
        res.set_header("WWW-Authenticate", "Bearer");
        send_operation_outcome(res, 401, "login", "authentication required");
        return;
      }
      ctx.caller = std::move(who.value());
    }
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
  if (!port) return port;
  log::info("listening")
      .str("host", config_.listen_host)
      .num("port", port.value())
      .flag("tls", server_->tls())
      .str("auth", config_.auth == AuthMode::kJwt ? "jwt" : "off")
      .str("public_base_url", config_.public_base_url)
      .num("topics", static_cast<std::int64_t>(knowledge_->topics().size()));
  return port;
}

void App::run() {
  ready_.store(true);
  server_->run();
  ready_.store(false);
}

void App::stop() {
  ready_.store(false);
  server_->stop();
}

void App::reload() {
  log::info("reload").str("detail", "nothing to reload yet");
}

}  // namespace auc::hooks
