// The HTTP(S) listener: cpp-httplib configured for CDS Hooks traffic (TCP_NODELAY, keep-alive,
// bounded bodies), with CORS, request ids, one access-log line per request, OperationOutcome
// errors and a graceful stop.
#pragma once

#include <httplib.h>
#include <openssl/ssl.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "fhir/expected.h"
#include "hooks/config/config.h"
#include "hooks/http/buffer_pool.h"
#include "hooks/http/call_gate.h"
#include "hooks/http/edge_server.h"
#include "hooks/http/request_context.h"

namespace auc::hooks {

class HttpServer {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&, RequestContext&)>;
  // Configures a TLS context (certificates, versions, ciphers, client verification).
  using TlsSetup = std::function<bool(SSL_CTX&)>;

  // TLS unless config.plain_http. `tls_setup` replaces the plain certificate/key loading.
  static Expected<std::unique_ptr<HttpServer>, std::string> create(const Config& config,
                                                                   TlsSetup tls_setup = {});
  ~HttpServer();

  // Routes. Other methods on a registered path get 405 with an Allow header. A POST handler
  // finds the body in RequestContext::body (req.body stays empty): where the edge read it, or
  // decoded into a pooled buffer when it has a Content-Encoding; the handler may modify it, so
  // it can be parsed in place without a copy. Its admission slot is RequestContext::slot.
  void get(const std::string& path, Handler handler);
  void post(const std::string& path, Handler handler);

  // Binds the configured address; returns the bound port (useful with port 0), or
  // "cannot listen on HOST:PORT: reason".
  Expected<int, std::string> bind();
  void run();   // serves until stop(); in-flight requests finish first
  void stop();  // safe from any thread
  bool tls() const { return tls_; }
  // The admission gate's limit and current use (--max-concurrent-calls), for /metrics.
  CallGate::Load admission() const { return call_gate_.load(); }

  httplib::Server& native() { return *server_; }

 private:
  HttpServer(std::unique_ptr<EdgeServer> server, const Config& config, bool tls);
  void install_middleware();
  void allow(const std::string& path, const std::string& methods);
  httplib::Server::Handler wrap(Handler handler);
  httplib::Server::HandlerWithContentReader wrap_with_body(Handler handler);
  // Reads a body through cpp-httplib, which decodes its Content-Encoding, into `body`, bounded
  // by --max-body-bytes once decoded. Null after answering 413 or 400.
  std::optional<std::span<char>> read_decoded_body(const httplib::Request& req,
                                                   httplib::Response& res,
                                                   const httplib::ContentReader& read_body,
                                                   std::string& body) const;

  std::unique_ptr<EdgeServer> server_;
  const Config& config_;
  bool tls_;
  // Bodies decoded from a Content-Encoding (others are parsed where the edge read them). Kept
  // warm up to a bound; a body of a 100-resource prefetch is ~90 KB, so bigger ones (rare) are
  // freed after their request.
  BufferPool bodies_{{.max_idle = 32, .max_kept_capacity = 256 * 1024}};
  // Admission for POST handlers: beyond this many computing at once, calls wait (first come,
  // first served) once their body has arrived. On a few cores more parallel calls only
  // interleave on the CPU. The body is read first so that slow senders hold only their own
  // worker, never a slot the other EHR connections need; a call waiting on a FHIR server or the
  // ledger holds none either, so memory follows the workers (--threads), not the slots.
  CallGate call_gate_;
  // cpp-httplib 0.11's stop() is a no-op until listen has begun, so a stop() racing a starting
  // run() is remembered here and honoured by both sides.
  std::atomic<bool> stop_requested_{false};
  std::atomic<int> run_state_{0};  // 0 not started, 1 in run(), 2 run() returned
};

}  // namespace auc::hooks
