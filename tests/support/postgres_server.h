// A throwaway PostgreSQL server for tests: its own data directory under the build directory, its
// own port on 127.0.0.1, trust authentication for loopback only, started on first use and
// stopped (and its directory removed) at process exit. initdb refuses to run as root, so as root
// the server runs as the `postgres` system user that Debian's postgresql package creates.
#pragma once

#include <string>

namespace auc::test {

class PostgresServer {
 public:
  // The one server of this test process, started on first call. Fails the calling test (with
  // the server's log) when PostgreSQL cannot be started.
  static PostgresServer& shared();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A connection URL for database `name`, created empty when it does not exist yet.
  std::string database(const std::string& name);
  int port() const { return port_; }
  // Stops the server (fast shutdown) and starts it again on the same port and data.
  void restart();

 private:
  PostgresServer() = default;
  void start();
  void stop();
  std::string run_as_owner(const std::string& command) const;  // "" on success, else output

  std::string bin_dir_;
  std::string data_dir_;
  std::string log_path_;
  int port_ = 0;
  bool as_postgres_user_ = false;
  bool running_ = false;
};

}  // namespace auc::test
