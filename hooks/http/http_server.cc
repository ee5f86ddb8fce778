#include "hooks/http/http_server.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>
#include <span>
#include <thread>

#include "cards/ledger/hex_digest.h"
#include "cards/random_bytes.h"
#include "hooks/http/edge_server.h"
#include "hooks/http/operation_outcome.h"
#include "hooks/log/log.h"

namespace auc::hooks {
namespace {

// cpp-httplib runs a request's routing, handler and logger on one worker thread, so the
// pre-routing handler can leave the request's start time here for the access log.
thread_local std::chrono::steady_clock::time_point t_request_start;
thread_local std::chrono::system_clock::time_point t_request_start_wall;
// A hook call's fields for the access log line, handed from the handler's context to the logger
// (one line, one write, per call).
thread_local std::optional<RequestContext::HookCallLog> t_hook_call_log;

// Connections a burst may open before the accept loop takes them (cpp-httplib listens with 5).
constexpr int kListenBacklog = 1024;

std::string new_request_id() {
  unsigned char bytes[12];
  if (!cards::random_bytes(bytes, sizeof bytes)) {
    const auto t = std::chrono::steady_clock::now().time_since_epoch().count();
    std::memcpy(bytes, &t, std::min(sizeof t, sizeof bytes));
  }
  return cards::ledger::to_hex(bytes, sizeof bytes);
}

// A configured count, or `per_core` for each core and at least `minimum` when it is 0.
int configured_or_per_core(int configured, int per_core, int minimum) {
  if (configured > 0) return configured;
  return std::max(minimum, per_core * static_cast<int>(std::thread::hardware_concurrency()));
}

// A connection holds its worker while it is open (idle ones give it up when others wait), so
// one worker per core would leave the third EHR connection waiting; the work is CPU-light.
int worker_threads(const Config& config) {
  return configured_or_per_core(config.threads, 8, 16);
}

EdgeLimits edge_limits(const Config& config) {
  EdgeLimits limits;
  limits.head.max_body_bytes = config.max_body_bytes;
  limits.head.max_head_bytes = static_cast<std::size_t>(config.max_header_bytes);
  limits.head.max_header_fields = static_cast<std::size_t>(config.max_header_fields);
  limits.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  limits.request_timeout = std::chrono::seconds(config.request_timeout_seconds);
  limits.worker_threads = static_cast<std::size_t>(worker_threads(config));
  return limits;
}

// A call holds its slot only while it computes (it gives it up to wait on a FHIR server or the
// ledger), so more slots than a couple per core only time-slice the cores, which stretches the
// tail: alternating runs at c=16 on 2 cores, 100 resources, p99 1.7-2.2x the ceiling's with 4
// slots against 2.4x with 8, at the same throughput; 2 slots halve the tail again, for about 10%
// fewer calls/s on small calls (each waiting call costs two more context switches).
std::size_t call_slots(const Config& config) {
  return static_cast<std::size_t>(configured_or_per_core(config.max_concurrent_calls, 2, 4));
}

// What the pre-routing handler learned about the request on this worker thread.
RequestContext context_of(const httplib::Response& res) {
  RequestContext ctx;
  ctx.request_id = res.get_header_value("X-Request-Id");
  ctx.received = t_request_start;
  ctx.received_wall = t_request_start_wall;
  return ctx;
}

void apply_cors(const Config& config, const httplib::Request& req, httplib::Response& res) {
  const auto& origins = config.cors_origins;
  if (std::find(origins.begin(), origins.end(), "*") != origins.end()) {
    res.set_header("Access-Control-Allow-Origin", "*");
  } else {
    const std::string origin = req.get_header_value("Origin");
    if (origin.empty() || std::find(origins.begin(), origins.end(), origin) == origins.end()) {
      return;
    }
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Vary", "Origin");
  }
  res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
  res.set_header("Access-Control-Max-Age", "600");
}

}  // namespace

HttpServer::HttpServer(std::unique_ptr<EdgeServer> server, const Config& config, bool tls)
    : server_(std::move(server)), config_(config), tls_(tls), call_gate_(call_slots(config)) {
  install_middleware();
}

HttpServer::~HttpServer() = default;

Expected<std::unique_ptr<HttpServer>, std::string> HttpServer::create(const Config& config,
                                                                      TlsSetup tls_setup) {
  const bool tls = !config.plain_http;
  SslCtxPtr ctx;
  if (tls) {
    ctx.reset(SSL_CTX_new(TLS_server_method()));
    bool ok = ctx != nullptr;
    if (ok && tls_setup) {
      ok = tls_setup(*ctx);
    } else if (ok) {
      SSL_CTX_set_options(ctx.get(), SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
      ok = SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION) == 1 &&
           SSL_CTX_use_certificate_chain_file(ctx.get(), config.tls.cert_file.c_str()) == 1 &&
           SSL_CTX_use_PrivateKey_file(ctx.get(), config.tls.key_file.c_str(), SSL_FILETYPE_PEM) ==
               1;
    }
    if (!ok) {
      return Unexpected(std::string("--tls-cert/--tls-key: cannot load the certificate '") +
                        config.tls.cert_file + "' with the key '" + config.tls.key_file +
                        "' (unreadable, not PEM, or the key does not match)");
    }
  }
  auto server = std::make_unique<EdgeServer>(edge_limits(config), std::move(ctx));
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(server), config, tls));
}

void HttpServer::install_middleware() {
  httplib::Server& s = *server_;
  // Nagle plus delayed ACK would add ~40 ms to every keep-alive request.
  s.set_tcp_nodelay(true);
  // cpp-httplib's default also sets SO_REUSEPORT, which lets a second server silently share an
  // occupied port; an operator must get "address in use" instead.
  s.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // The edge (EdgeServer) has read and bounded the whole body; this is cpp-httplib's own check
  // on what it is handed, and on the size once a Content-Encoding is decoded.
  s.set_payload_max_length(config_.max_body_bytes);
  // Only what the Keep-Alive response header announces: the edge enforces both.
  const EdgeLimits limits = edge_limits(config_);
  s.set_keep_alive_max_count(limits.max_requests_per_connection);
  s.set_keep_alive_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(limits.idle_timeout).count());

  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    t_request_start_wall = std::chrono::system_clock::now();
    t_hook_call_log.reset();
    res.set_header("X-Request-Id", new_request_id());
    apply_cors(config_, req, res);
    if (req.method == "OPTIONS") {  // CORS preflight: answered for every path
      res.status = 204;
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already explained itself
    std::string message;
    switch (res.status) {
      case 404:
        message = "no such endpoint: " + req.method + " " + req.path;
        break;
      case 413:
        message = "request body is larger than the configured limit";
        break;
      case 414:
        message = "the request target (path and query) is too long";
        break;
      case 400:
        message = "malformed HTTP request";
        break;
      default:
        message = "request failed with HTTP status " + std::to_string(res.status);
    }
    send_operation_outcome(res, res.status, issue_code_for_status(res.status), message);
  });

  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    // Details stay out of the body; the request id lets an operator find the log line.
    log::error("unhandled_exception").str("request_id", res.get_header_value("X-Request-Id"));
    send_operation_outcome(res, 500, "exception",
                           "internal error; request id " + res.get_header_value("X-Request-Id"));
  });

  s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::steady_clock::now() - t_request_start)
                             .count();
    const LogLevel level = res.status >= 500 ? LogLevel::kError : LogLevel::kInfo;
    if (!log::enabled(level)) return;
    // The path only: query strings may carry identifiers.
    log::Line line(level, "request");
    line.str("request_id", res.get_header_value("X-Request-Id"))
        .str("method", req.method)
        .str("path", req.path)
        .num("status", res.status)
        .num("latency_us", latency);
    if (t_hook_call_log) {
      line.str("service", t_hook_call_log->service)
          .num("orders", t_hook_call_log->orders)
          .num("cards", t_hook_call_log->cards)
          .str("data", t_hook_call_log->data);
    }
    if (config_.auth == AuthMode::kOff) line.str("auth", "off");
  });
}

httplib::Server::Handler HttpServer::wrap(Handler handler) {
  return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    RequestContext ctx = context_of(res);
    handler(req, res, ctx);
  };
}

std::optional<std::span<char>> HttpServer::read_decoded_body(
    const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body,
    std::string& body) const {
  body.clear();
  // Reserved once from Content-Length (capped: the header is the client's claim) instead of
  // growing and copying chunk by chunk.
  const auto length = req.headers.find("Content-Length");
  if (length != req.headers.end()) {
    const std::size_t claimed = std::strtoull(length->second.c_str(), nullptr, 10);
    body.reserve(std::min(claimed, config_.max_body_bytes));
  }
  // The limit holds for the decoded body: a small gzip body may inflate to any size.
  bool too_large = false;
  const bool complete = read_body([&](const char* data, std::size_t size) {
    if (size > config_.max_body_bytes - body.size()) {
      too_large = true;
      return false;
    }
    body.append(data, size);
    return true;
  });
  if (too_large) {
    send_operation_outcome(res, 413, "too-costly",
                           "the body, once its Content-Encoding is decoded, is larger than the "
                           "limit of " +
                               std::to_string(config_.max_body_bytes) +
                               " bytes (--max-body-bytes)");
    return std::nullopt;
  }
  if (!complete) {
    // cpp-httplib has set 413 (over --max-body-bytes) or 400; the error handler explains it.
    if (res.status < 400) res.status = 400;
    return std::nullopt;
  }
  return std::span<char>(body.data(), body.size());  // a string's data ends in a NUL
}

httplib::Server::HandlerWithContentReader HttpServer::wrap_with_body(Handler handler) {
  return [this, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res,
                                              const httplib::ContentReader& read_body) {
    // The body as the edge read it, parsed where it lies; only a Content-Encoding needs
    // cpp-httplib's reader, which decodes it into a buffer of its own.
    std::optional<BufferPool::Lease> lease;
    std::span<char> text = edge_request_body();
    const auto encoding = req.headers.find("Content-Encoding");
    const bool encoded = encoding != req.headers.end() && encoding->second != "identity";
    if (encoded || text.data() == nullptr) {
      lease.emplace(bodies_.acquire());
      const auto decoded = read_decoded_body(req, res, read_body, lease->buffer());
      if (!decoded) return;
      text = *decoded;
    }
    // Taken once the caller is authenticated (App::authenticated), where the call's work starts.
    CallGate::Pass slot(call_gate_, CallGate::Pass::Start::kNotTaken);
    RequestContext ctx = context_of(res);
    ctx.body = text;
    ctx.slot = &slot;
    handler(req, res, ctx);
    t_hook_call_log = ctx.hook_call;
  };
}

void HttpServer::allow(const std::string& path, const std::string& methods) {
  auto not_allowed = [methods](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Allow", methods + ", OPTIONS");
    send_operation_outcome(res, 405, "not-supported",
                           req.method + " is not supported here; use " + methods);
  };
  if (methods != "GET") server_->Get(path, not_allowed);
  if (methods != "POST") server_->Post(path, not_allowed);
  server_->Put(path, not_allowed);
  server_->Patch(path, not_allowed);
  server_->Delete(path, not_allowed);
}

void HttpServer::get(const std::string& path, Handler handler) {
  server_->Get(path, wrap(std::move(handler)));
  allow(path, "GET");
}

void HttpServer::post(const std::string& path, Handler handler) {
  server_->Post(path, wrap_with_body(std::move(handler)));
  allow(path, "POST");
}

Expected<int, std::string> HttpServer::bind() {
  const std::string where = config_.listen_host + ":" + std::to_string(config_.listen_port);
  errno = 0;
  int port = config_.listen_port;
  bool ok = false;
  if (port == 0) {
    port = server_->bind_to_any_port(config_.listen_host);
    ok = port > 0;
  } else {
    ok = server_->bind_to_port(config_.listen_host, port);
  }
  if (ok) server_->widen_listen_backlog(kListenBacklog);
  if (!ok) {
    const int err = errno;
    std::string why = err != 0 ? std::strerror(err) : "address unavailable";
    return Unexpected("cannot listen on " + where + ": " + why);
  }
  return port;
}

void HttpServer::run() {
  run_state_.store(1);
  if (!stop_requested_.load()) server_->listen_after_bind();
  run_state_.store(2);
}

void HttpServer::stop() {
  stop_requested_.store(true);
  if (run_state_.load() != 1) return;  // not started (run() will see the flag) or already done
  while (!server_->is_running() && run_state_.load() == 1) std::this_thread::yield();
  server_->stop();
}

}  // namespace auc::hooks
