#include "tests/support/postgres_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "cards/ledger/postgres/pg_connection.h"

namespace auc::test {
namespace {

// Output and exit status of a shell command.
std::pair<int, std::string> shell(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((command + " 2>&1").c_str(), "r"), pclose);
  if (!pipe) return {-1, "cannot run " + command};
  std::string out;
  std::array<char, 512> buffer{};
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) out.append(buffer.data(), n);
  const int status = pclose(pipe.release());
  return {status, out};
}

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

PostgresServer& PostgresServer::shared() {
  static PostgresServer server;
  if (!server.running_) server.start();
  return server;
}

PostgresServer::~PostgresServer() {
  stop();
  std::error_code ec;
  if (!data_dir_.empty())
    std::filesystem::remove_all(std::filesystem::path(data_dir_).parent_path(), ec);
}

std::string PostgresServer::run_as_owner(const std::string& command) const {
  const std::string full =
      as_postgres_user_ ? "runuser -u postgres -- sh -c '" + command + "'" : command;
  auto [status, out] = shell(full);
  return status == 0 ? std::string() : "`" + command + "` failed: " + out;
}

void PostgresServer::start() {
  if (bin_dir_.empty()) {
    auto [status, out] = shell("pg_config --bindir");
    BOOST_REQUIRE_MESSAGE(status == 0,
                          "pg_config not found (deploy/install-deps.sh installs "
                          "libpq-dev and postgresql): " +
                              out);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    bin_dir_ = out;
    // Debian's server binaries live beside the client's, in the server package's directory.
    BOOST_REQUIRE_MESSAGE(std::filesystem::exists(bin_dir_ + "/initdb"),
                          "PostgreSQL server not installed: no " + bin_dir_ + "/initdb");
    const auto root =
        std::filesystem::path(AUC_TEST_WORK_DIR) / ("postgres-" + std::to_string(getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    data_dir_ = (root / "data").string();
    log_path_ = (root / "server.log").string();
    as_postgres_user_ = geteuid() == 0;
    if (as_postgres_user_) {
      // The postgres user must reach its directory: every parent must be searchable.
      for (auto p = root; p != p.root_path(); p = p.parent_path()) {
        std::filesystem::permissions(p, std::filesystem::perms::others_exec,
                                     std::filesystem::perm_options::add);
      }
      shell("chown postgres " + root.string());
    }
    const std::string init = run_as_owner(bin_dir_ + "/initdb -D " + data_dir_ +
                                          " -A trust -U auc -E UTF8 --locale=C --no-sync");
    BOOST_REQUIRE_MESSAGE(init.empty(), init);
    port_ = free_port();
  }
  const std::string started = run_as_owner(
      bin_dir_ + "/pg_ctl -D " + data_dir_ + " -l " + log_path_ + " -w -t 60 -o \"-p " +
      std::to_string(port_) + " -c listen_addresses=127.0.0.1 -k " + data_dir_ +
      " -c max_connections=200 -c shared_buffers=32MB\" start");
  BOOST_REQUIRE_MESSAGE(started.empty(), started + "\n" + read_all(log_path_));
  running_ = true;
}

void PostgresServer::stop() {
  if (!running_) return;
  run_as_owner(bin_dir_ + "/pg_ctl -D " + data_dir_ + " -m fast -w stop");
  running_ = false;
}

void PostgresServer::restart() {
  stop();
  start();
}

std::string PostgresServer::database(const std::string& name) {
  using cards::ledger::postgres::Connection;
  using cards::ledger::postgres::Params;
  const std::string base = "postgresql://auc@127.0.0.1:" + std::to_string(port_) + "/";
  auto admin = Connection::open(base + "postgres");
  BOOST_REQUIRE_MESSAGE(admin.has_value(), (admin ? "" : admin.error()));
  auto exists = admin->exec("SELECT 1 FROM pg_database WHERE datname = $1", Params().text(name));
  BOOST_REQUIRE_MESSAGE(exists.ok(), exists.error());
  if (exists.rows() == 0) {
    // A name of our own making (letters, digits, underscores): safe to quote.
    auto created = admin->exec(("CREATE DATABASE \"" + name + "\"").c_str());
    BOOST_REQUIRE_MESSAGE(created.ok(), "cannot create database " + name + ": " + created.error());
  }
  return base + name;
}

}  // namespace auc::test
