// A raw TCP client for tests of the HTTP edge: sends exactly the bytes given (pipelined
// requests, broken framing, hostile heads) and reads back the responses as they come.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace auc::test {

struct RawResponse {
  int status = 0;
  std::string head;  // status line and header fields
  std::string body;
};

class RawConnection {
 public:
  explicit RawConnection(int port);  // 127.0.0.1
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // false once the peer has closed or reset (later bytes are not sent).
  bool send(std::string_view bytes);
  // Reads until `n` complete responses have arrived, the peer closes, or `bound` passes with
  // no complete response; returns those that arrived.
  std::vector<RawResponse> responses(std::size_t n,
                                     std::chrono::milliseconds bound = std::chrono::seconds(3));
  // After the responses: whether the server closed the connection (EOF or reset within `bound`).
  bool closed_by_server(std::chrono::milliseconds bound = std::chrono::seconds(3));

 private:
  bool parse_one(RawResponse& out);

  int fd_ = -1;
  std::string in_;
  bool eof_ = false;
};

// A request head with Host, ending in the blank line.
std::string raw_get(std::string_view target);

}  // namespace auc::test
