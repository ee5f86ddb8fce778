#include "tests/support/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace auc::test {

RawConnection::RawConnection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t r = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (r <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(r));
  }
  return true;
}

bool RawConnection::parse_one(RawResponse& out) {
  const std::size_t end = in_.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::string head = in_.substr(0, end);
  std::size_t length = 0;
  std::string lower = head;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (const std::size_t cl = lower.find("\r\ncontent-length:"); cl != std::string::npos) {
    length = std::strtoull(head.c_str() + cl + 17, nullptr, 10);
  }
  if (in_.size() < end + 4 + length) return false;
  out.status = std::atoi(head.c_str() + 9);
  out.head = std::move(head);
  out.body = in_.substr(end + 4, length);
  in_.erase(0, end + 4 + length);
  return true;
}

std::vector<RawResponse> RawConnection::responses(std::size_t n, std::chrono::milliseconds bound) {
  std::vector<RawResponse> out;
  auto deadline = std::chrono::steady_clock::now() + bound;
  while (out.size() < n) {
    RawResponse r;
    if (parse_one(r)) {
      // An interim 100 Continue is not an answer.
      if (r.status != 100) out.push_back(std::move(r));
      deadline = std::chrono::steady_clock::now() + bound;
      continue;
    }
    if (eof_) break;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[16 * 1024];
    const ssize_t got = ::recv(fd_, buf, sizeof buf, 0);
    if (got <= 0) {
      eof_ = true;
    } else {
      in_.append(buf, static_cast<std::size_t>(got));
    }
  }
  return out;
}

bool RawConnection::closed_by_server(std::chrono::milliseconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (!eof_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[4096];
    const ssize_t got = ::recv(fd_, buf, sizeof buf, 0);
    if (got <= 0) eof_ = true;
  }
  return true;
}

std::string raw_get(std::string_view target) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

}  // namespace auc::test
