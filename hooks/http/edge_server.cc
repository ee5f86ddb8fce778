#include "hooks/http/edge_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>
#include <string_view>

#include "hooks/http/chunked_body.h"
#include "hooks/log/log.h"

namespace auc::hooks {
namespace {

using Clock = std::chrono::steady_clock;

// How a connection is waiting, for deciding whether it may give its worker up.
enum class Phase { kIdle, kHead, kBody };

enum class Wait { kData, kClosed, kTimeout, kEvicted };

std::string address_of(const sockaddr_storage& addr, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  }
  return text;
}

// One accepted connection: non-blocking socket, optional TLS, and the bytes read but not yet
// consumed by a request.
class Connection {
 public:
  Connection(int fd, SSL_CTX* tls, const EdgeLimits& limits,
             const std::atomic<const WorkerPool*>& pool, const std::atomic<socket_t>& listener)
      : fd_(fd), limits_(limits), pool_(pool), listener_(listener) {
    fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      remote_ip_ = address_of(addr, remote_port_);
    }
    len = sizeof addr;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      local_ip_ = address_of(addr, local_port_);
    }
    if (tls != nullptr) {
      ssl_ = SSL_new(tls);
      tls_failed_ = ssl_ == nullptr;
      if (ssl_ != nullptr) {
        SSL_set_fd(ssl_, fd_);
        SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
      }
    }
  }
  ~Connection() {
    if (ssl_ != nullptr) {
      if (handshaken_) SSL_shutdown(ssl_);
      SSL_free(ssl_);
    }
    if (linger_) drain();
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
  }

  // After a refusal the client may still be sending (a body over the limit): closing with
  // unread bytes would reset the connection and could destroy the answer before it is read.
  void linger() { linger_ = true; }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool tls() const { return ssl_ != nullptr || tls_failed_; }
  SSL* ssl() const { return ssl_; }
  int fd() const { return fd_; }
  std::string& in() { return in_; }

  // `start`: when the connection was accepted.
  bool handshake(Clock::time_point start) {
    if (ssl_ == nullptr) return !tls_failed_;
    const auto deadline = start + limits_.request_timeout;
    std::optional<Clock::time_point> begun_at;
    while (true) {
      const int r = SSL_accept(ssl_);
      if (r == 1) {
        handshaken_ = true;
        return true;
      }
      const int err = SSL_get_error(ssl_, r);
      short events = 0;
      if (err == SSL_ERROR_WANT_READ) {
        events = POLLIN;
      } else if (err == SSL_ERROR_WANT_WRITE) {
        events = POLLOUT;
      } else {
        return false;
      }
      // Before the ClientHello the connection is idle; after it, a handshake under way.
      const bool begun = SSL_in_before(ssl_) == 0;
      if (begun && !begun_at) begun_at = Clock::now();
      if (wait_for(events, deadline, begun ? Phase::kHead : Phase::kIdle,
                   begun ? *begun_at : start) != Wait::kData) {
        return false;
      }
    }
  }

  // Reads what has arrived into in(), waiting until `deadline` at most.
  Wait read_more(Clock::time_point deadline, Phase phase, Clock::time_point since) {
    char buf[16 * 1024];
    while (true) {
      short events = POLLIN;
      if (ssl_ != nullptr) {
        const int r = SSL_read(ssl_, buf, sizeof buf);
        if (r > 0) {
          in_.append(buf, static_cast<std::size_t>(r));
          return Wait::kData;
        }
        const int err = SSL_get_error(ssl_, r);
        if (err == SSL_ERROR_WANT_WRITE) {
          events = POLLOUT;
        } else if (err != SSL_ERROR_WANT_READ) {
          return Wait::kClosed;
        }
      } else {
        const ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
        if (r > 0) {
          in_.append(buf, static_cast<std::size_t>(r));
          return Wait::kData;
        }
        if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
          return Wait::kClosed;
        }
      }
      const Wait w = wait_for(events, deadline, phase, since);
      if (w != Wait::kData) return w;
    }
  }

  bool write_all(std::string_view bytes) {
    const auto deadline = Clock::now() + limits_.write_timeout;
    while (!bytes.empty()) {
      short events = POLLOUT;
      if (ssl_ != nullptr) {
        const int r = SSL_write(ssl_, bytes.data(),
                                static_cast<int>(std::min<std::size_t>(bytes.size(), 1 << 30)));
        if (r > 0) {
          bytes.remove_prefix(static_cast<std::size_t>(r));
          continue;
        }
        const int err = SSL_get_error(ssl_, r);
        if (err == SSL_ERROR_WANT_READ) {
          events = POLLIN;
        } else if (err != SSL_ERROR_WANT_WRITE) {
          return false;
        }
      } else {
        const ssize_t r = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (r > 0) {
          bytes.remove_prefix(static_cast<std::size_t>(r));
          continue;
        }
        if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
      }
      if (wait_for(events, deadline, Phase::kBody, Clock::now()) != Wait::kData) return false;
    }
    return true;
  }

  const std::string& remote_ip() const { return remote_ip_; }
  int remote_port() const { return remote_port_; }
  const std::string& local_ip() const { return local_ip_; }
  int local_port() const { return local_port_; }

 private:
  bool crowded() const {
    const WorkerPool* pool = pool_.load(std::memory_order_relaxed);
    return pool != nullptr && pool->waiting() > 0;
  }

  // Waits for `events` in short slices, so that a crowd is noticed soon after it forms.
  Wait wait_for(short events, Clock::time_point deadline, Phase phase, Clock::time_point since) {
    while (true) {
      const auto now = Clock::now();
      if (now >= deadline) return Wait::kTimeout;
      // A stopping server does not wait for idle keep-alive connections to time out.
      if (phase == Phase::kIdle && listener_.load() == INVALID_SOCKET) return Wait::kEvicted;
      const bool crowd = crowded();
      if (crowd) {
        if (phase == Phase::kIdle && now - since >= limits_.crowded_idle_grace) {
          return Wait::kEvicted;
        }
        if (phase == Phase::kHead && now - since >= limits_.crowded_head_grace) {
          return Wait::kEvicted;
        }
      }
      const auto slice = std::chrono::milliseconds(crowd ? 5 : 100);
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
      pollfd p{fd_, events, 0};
      const int r = ::poll(&p, 1, static_cast<int>(std::min(slice, left).count()) + 1);
      if (r > 0) return Wait::kData;  // readable, writable, or hung up: the next call tells
      if (r < 0 && errno != EINTR) return Wait::kClosed;
    }
  }

  // Half-closes, then reads and discards for a short while so the refusal reaches the client.
  void drain() {
    ::shutdown(fd_, SHUT_WR);
    const auto until = Clock::now() + std::chrono::milliseconds(500);
    std::size_t discarded = 0;
    char buf[16 * 1024];
    while (discarded < (4u << 20)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      if (left.count() <= 0) return;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return;
      const ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
      if (r <= 0) return;
      discarded += static_cast<std::size_t>(r);
    }
  }

  int fd_;
  bool linger_ = false;
  const EdgeLimits& limits_;
  const std::atomic<const WorkerPool*>& pool_;
  const std::atomic<socket_t>& listener_;
  SSL* ssl_ = nullptr;
  bool handshaken_ = false;
  bool tls_failed_ = false;
  std::string in_;
  std::string remote_ip_;
  std::string local_ip_;
  int remote_port_ = 0;
  int local_port_ = 0;
};

// One checked request presented to cpp-httplib: the canonical head, then the body, then end of
// stream. What cpp-httplib writes is collected and sent in one go after it returns.
class ReplayStream : public httplib::Stream {
 public:
  ReplayStream(std::string_view head, std::string_view body, const Connection& conn)
      : head_(head), body_(body), conn_(conn) {}

  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    std::string_view& from = head_.empty() ? body_ : head_;
    const std::size_t n = std::min(size, from.size());
    std::copy_n(from.data(), n, ptr);
    from.remove_prefix(n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = conn_.remote_ip();
    port = conn_.remote_port();
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = conn_.local_ip();
    port = conn_.local_port();
  }
  socket_t socket() const override { return conn_.fd(); }

  const std::string& written() const { return out_; }

 private:
  std::string_view head_;
  std::string_view body_;
  const Connection& conn_;
  std::string out_;
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

// The request as cpp-httplib is to see it, without its framing (end_canonical_head adds the
// exact decoded length). Written before the body is read: reading may move the bytes `head`
// points into.
void begin_canonical_head(const RequestHead& head, std::string& out) {
  out.clear();
  out.append(head.method).append(" ").append(head.target).append(" ").append(head.version);
  out += "\r\n";
  for (const auto& [name, value] : head.fields) {
    if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
        iequals(name, "Expect")) {
      continue;
    }
    out.append(name).append(": ").append(value).append("\r\n");
  }
}

void end_canonical_head(const RequestHead& head, std::size_t body_size, std::string& out) {
  if (body_size > 0 || head.chunked || head.content_length > 0) {
    out.append("Content-Length: ").append(std::to_string(body_size)).append("\r\n");
  }
  out += "\r\n";
}

thread_local std::span<char> t_request_body;

// Publishes a body for edge_request_body() while cpp-httplib handles its request. A body read
// with Content-Length lies in the connection's input, where the next pipelined request may
// follow it: its first byte is set aside for the NUL and put back afterwards.
class PublishedBody {
 public:
  PublishedBody(std::string& holder, std::size_t begin, std::size_t size)
      : holder_(holder), end_(begin + size), saved_(holder[end_]) {
    holder_[end_] = '\0';  // at size(), the string's own terminator: written with its value
    t_request_body = std::span<char>(holder_.data() + begin, size);
  }
  ~PublishedBody() {
    t_request_body = {};
    holder_[end_] = saved_;
  }
  PublishedBody(const PublishedBody&) = delete;
  PublishedBody& operator=(const PublishedBody&) = delete;

 private:
  std::string& holder_;
  std::size_t end_;
  char saved_;
};

void refuse(Connection& conn, const HeadRefusal& refusal) {
  log::info("request_refused").num("status", refusal.status).str("reason", refusal.message);
  conn.write_all(refusal_response(refusal));
  conn.linger();
}

}  // namespace

std::span<char> edge_request_body() {
  return t_request_body;
}

EdgeServer::EdgeServer(const EdgeLimits& limits, SslCtxPtr tls)
    : limits_(limits), tls_(std::move(tls)) {
  const std::size_t threads = limits_.worker_threads;
  new_task_queue = [this, threads] {
    auto* pool = new WorkerPool(threads);  // owned by cpp-httplib's listen loop
    pool_.store(pool);
    return pool;
  };
}

EdgeServer::~EdgeServer() = default;

void EdgeServer::widen_listen_backlog(int backlog) {
  const socket_t sock = svr_sock_;
  if (sock != INVALID_SOCKET) ::listen(sock, backlog);
}

bool EdgeServer::process_and_close_socket(socket_t sock) {
  Connection conn(sock, tls_.get(), limits_, pool_, svr_sock_);
  const Clock::time_point accepted = WorkerPool::current_job_queued_at();
  if (!conn.handshake(accepted)) return false;
  std::string head_text;
  std::string chunked_body;
  std::string& in = conn.in();
  auto since = conn.tls() ? Clock::now() : accepted;
  for (std::size_t served = 0; served < limits_.max_requests_per_connection; ++served) {
    // The head: bytes kept from the last read may already hold it (pipelining).
    std::optional<std::size_t> end = head_end(in);
    Clock::time_point deadline = since + limits_.idle_timeout;
    Clock::time_point first_byte = since;
    while (!end) {
      if (in.size() > limits_.head.max_head_bytes) {
        refuse(conn, HeadRefusal{431,
                                 "the request head (request line and header fields) is "
                                 "larger than the limit of " +
                                     std::to_string(limits_.head.max_head_bytes) + " bytes"});
        return false;
      }
      const bool started = !in.empty();
      const Wait w = conn.read_more(deadline, started ? Phase::kHead : Phase::kIdle,
                                    started ? first_byte : since);
      if (w == Wait::kTimeout && started) {
        refuse(conn, HeadRefusal{408, "the request head did not arrive in time"});
      }
      if (w != Wait::kData) return true;
      if (!started) {
        first_byte = Clock::now();
        deadline = first_byte + limits_.request_timeout;
      }
      end = head_end(in);
    }
    auto parsed = parse_request_head(std::string_view(in.data(), *end), limits_.head);
    if (!parsed) {
      refuse(conn, parsed.error());
      return false;
    }
    const RequestHead& head = *parsed;  // its views are valid until `in` grows
    begin_canonical_head(head, head_text);
    // The body, whole, before any handler runs.
    std::size_t wire_end = *end;
    std::string_view body;
    std::string* body_holder = &in;  // where `body` lies, for edge_request_body()
    std::size_t body_begin = *end;
    bool continued = false;
    auto send_continue = [&] {
      if (head.expects_continue && !continued) {
        continued = true;
        return conn.write_all("HTTP/1.1 100 Continue\r\n\r\n");
      }
      return true;
    };
    if (head.chunked) {
      chunked_body.clear();
      ChunkedBody decoder(limits_.head.max_body_bytes);
      std::size_t fed = *end;
      while (true) {
        std::size_t used = 0;
        const auto state = decoder.feed(std::string_view(in).substr(fed), chunked_body, used);
        fed += used;
        if (state == ChunkedBody::State::kDone) break;
        if (state == ChunkedBody::State::kMalformed) {
          refuse(conn, HeadRefusal{400, "malformed chunked body"});
          return false;
        }
        if (state == ChunkedBody::State::kTooLarge) {
          refuse(conn, HeadRefusal{413, "the body is larger than the limit of " +
                                            std::to_string(limits_.head.max_body_bytes) +
                                            " bytes (--max-body-bytes)"});
          return false;
        }
        if (!send_continue()) return false;
        const Wait w = conn.read_more(deadline, Phase::kBody, first_byte);
        if (w == Wait::kTimeout) refuse(conn, HeadRefusal{408, "the body did not arrive in time"});
        if (w != Wait::kData) return false;
      }
      wire_end = fed;
      body = chunked_body;
      body_holder = &chunked_body;
      body_begin = 0;
    } else {
      wire_end = *end + head.content_length;
      while (in.size() < wire_end) {
        if (!send_continue()) return false;
        const Wait w = conn.read_more(deadline, Phase::kBody, first_byte);
        if (w == Wait::kTimeout) refuse(conn, HeadRefusal{408, "the body did not arrive in time"});
        if (w != Wait::kData) return false;
      }
      body = std::string_view(in).substr(*end, head.content_length);
    }
    end_canonical_head(head, body.size(), head_text);
    ReplayStream stream(head_text, body, conn);
    const bool last = head.wants_close || served + 1 == limits_.max_requests_per_connection;
    bool closed = false;
    SSL* ssl = conn.ssl();
    bool ok = false;
    {
      const PublishedBody published(*body_holder, body_begin, body.size());
      ok = process_request(stream, last, closed, [ssl](httplib::Request& req) { req.ssl = ssl; });
    }
    if (!conn.write_all(stream.written()) || !ok || closed || last) return ok;
    in.erase(0, wire_end);
    since = Clock::now();
  }
  return true;
}

}  // namespace auc::hooks
