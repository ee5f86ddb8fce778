// The HTTP/1.1 edge in front of cpp-httplib's routing. Debian's libcpp-httplib 0.11 is a
// compiled library whose reading of connections cannot be configured: it drops bytes read past
// a request (pipelined requests are lost, and body bytes at offset 4096 can be read as a
// request), has no limit on header fields, does not bound chunked bodies, and holds a worker for
// every idle connection. So this server owns each connection (plain or TLS): it reads and checks
// the request head (hooks/http/request_head.h) and the whole body (Content-Length or chunked,
// bounded) itself, keeps bytes that belong to the next request, and hands cpp-httplib exactly one
// complete, canonical request at a time (fixed Content-Length, no Transfer-Encoding) for routing,
// handlers and the response. Under a crowd (connections waiting for a worker), connections that
// are idle or crawling through their head give their worker up.
#pragma once

#include <httplib.h>
#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <span>

#include "hooks/auth/openssl_ptr.h"
#include "hooks/http/request_head.h"
#include "hooks/http/worker_pool.h"

namespace auc::hooks {

struct EdgeLimits {
  HeadLimits head;
  // A keep-alive connection with no request in progress is closed after this long.
  std::chrono::milliseconds idle_timeout{5000};
  // A request's head and body must both arrive within this long of its first byte; a TLS
  // handshake within this long of the connection.
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds write_timeout{10000};
  // While connections wait for a worker: a connection that has sent nothing of its next request
  // for this long, or whose head is still incomplete after the second, gives its worker up.
  std::chrono::milliseconds crowded_idle_grace{20};
  std::chrono::milliseconds crowded_head_grace{100};
  std::size_t max_requests_per_connection = 1000;
  std::size_t worker_threads = 16;
};

// The body of the request the edge is handing to cpp-httplib on this thread, as the edge framed
// it (Content-Length, or chunked and decoded; any Content-Encoding still applied), writable and
// followed by a NUL, so a handler can parse it where it is instead of reading it again through
// cpp-httplib. Null data when this thread is not handling a request from the edge. Valid until
// the handler returns.
std::span<char> edge_request_body();

class EdgeServer : public httplib::Server {
 public:
  // `tls` null: plain HTTP.
  EdgeServer(const EdgeLimits& limits, SslCtxPtr tls);
  ~EdgeServer() override;

  bool is_valid() const override { return true; }
  // cpp-httplib listens with a backlog of 5; a burst of connecting clients needs more.
  void widen_listen_backlog(int backlog);

 private:
  bool process_and_close_socket(socket_t sock) override;

  EdgeLimits limits_;
  SslCtxPtr tls_;
  std::atomic<const WorkerPool*> pool_{nullptr};
};

}  // namespace auc::hooks
