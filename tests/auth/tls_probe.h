// Raw clients for TLS policy tests: a handshake with a chosen protocol range (OpenSSL 3 refuses
// TLS 1.0/1.1 at its default security level, so the probe lowers it to make sure the refusal
// comes from the server), and a plain-HTTP request sent to a TLS port.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "hooks/auth/openssl_ptr.h"

namespace auc::test {

inline int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

using SslSessionPtr = std::unique_ptr<SSL_SESSION, hooks::OpensslDeleter<SSL_SESSION_free>>;

struct TlsProbeResult {
  bool connected = false;
  std::string error;    // OpenSSL's reasons when the handshake failed
  std::string version;  // "TLSv1.3" etc. when it succeeded
  std::string peer_common_name;
  bool certificate_requested = false;  // the server sent a CertificateRequest
  bool resumed = false;                // the server accepted TlsProbeOptions::resume
  std::string response;                // the start of the HTTP answer
  SslSessionPtr session;               // to resume in a later probe
};

struct TlsProbeOptions {
  int min_version = TLS1_VERSION;
  int max_version = 0;  // 0: highest
  std::string ca_file;  // "" = do not verify the server
  std::string client_cert_file;
  std::string client_key_file;
  std::string path = "/healthz";
  SSL_SESSION* resume = nullptr;  // a session from an earlier probe with the same options
};

inline TlsProbeResult tls_probe(int port, const TlsProbeOptions& opt) {
  TlsProbeResult result;
  ERR_clear_error();
  hooks::SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  SSL_CTX_set_security_level(ctx.get(), 0);
  SSL_CTX_set_cipher_list(ctx.get(), "ALL:@SECLEVEL=0");
  SSL_CTX_set_min_proto_version(ctx.get(), opt.min_version);
  SSL_CTX_set_max_proto_version(ctx.get(), opt.max_version);
  if (!opt.ca_file.empty()) {
    SSL_CTX_load_verify_locations(ctx.get(), opt.ca_file.c_str(), nullptr);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  }
  if (!opt.client_cert_file.empty()) {
    SSL_CTX_use_certificate_file(ctx.get(), opt.client_cert_file.c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(ctx.get(), opt.client_key_file.c_str(), SSL_FILETYPE_PEM);
  }
  const int fd = connect_loopback(port);
  if (fd < 0) {
    result.error = "connect failed";
    return result;
  }
  hooks::SslPtr ssl(SSL_new(ctx.get()));
  SSL_set_fd(ssl.get(), fd);
  SSL_set_tlsext_host_name(ssl.get(), "localhost");
  if (opt.resume != nullptr) SSL_set_session(ssl.get(), opt.resume);
  // A client's certificate callback runs only when the server asks for a certificate.
  SSL_set_cert_cb(
      ssl.get(),
      [](SSL*, void* requested) {
        *static_cast<bool*>(requested) = true;
        return 1;
      },
      &result.certificate_requested);
  if (SSL_connect(ssl.get()) == 1) {
    // TLS 1.3 reports a missing client certificate only after the handshake: read once.
    const std::string request =
        "GET " + opt.path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    char buf[256];
    int n = 0;
    if (SSL_write(ssl.get(), request.data(), static_cast<int>(request.size())) > 0 &&
        (n = SSL_read(ssl.get(), buf, sizeof buf)) > 0) {
      result.connected = true;
      result.response.assign(buf, static_cast<std::size_t>(n));
      result.resumed = SSL_session_reused(ssl.get()) == 1;
      result.session.reset(SSL_get1_session(ssl.get()));  // TLS 1.3 tickets came before the data
      result.version = SSL_get_version(ssl.get());
      hooks::X509Ptr peer(SSL_get1_peer_certificate(ssl.get()));
      char cn[256] = {};
      if (peer) {
        X509_NAME_get_text_by_NID(X509_get_subject_name(peer.get()), NID_commonName, cn, sizeof cn);
      }
      result.peer_common_name = cn;
    }
  }
  for (unsigned long e; (e = ERR_get_error()) != 0;) {
    char text[256];
    ERR_error_string_n(e, text, sizeof text);
    result.error += std::string(text) + "; ";
  }
  if (!result.connected && result.error.empty()) result.error = "connection closed";
  // SSL_free makes the session of a connection that was not shut down unresumable; marking it
  // shut down sends nothing (no write to a socket the server may have closed).
  if (result.connected) SSL_set_shutdown(ssl.get(), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  ssl.reset();
  ::close(fd);
  return result;
}

// Sends a plain HTTP request to `port` and returns whatever comes back before the close.
inline std::string plain_http_probe(int port) {
  const int fd = connect_loopback(port);
  if (fd < 0) return "connect failed";
  const std::string req = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string answer;
  char buf[512];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    answer.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return answer;
}

}  // namespace auc::test
