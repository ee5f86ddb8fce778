// Starts the real auc-hooks binary as a child process for integration tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace auc::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string stderr_text;
  std::string stdout_text;
};

// Adds `--ledger memory` unless `args` or `env` choose a ledger.
std::vector<std::string> with_a_ledger(
    std::vector<std::string> args,
    const std::vector<std::pair<std::string, std::string>>& env = {});

// Runs the server binary with `args`, exactly as given, to completion (for flag errors, --help,
// subcommands).
ProcessResult run_server_binary(const std::vector<std::string>& args,
                                const std::vector<std::pair<std::string, std::string>>& env = {},
                                std::chrono::seconds timeout = std::chrono::seconds(30));

class ServerProcess {
 public:
  // Starts the server and waits until it logs that it listens (port 0 in --listen picks a
  // free port, read back from the log). Returns nullptr (and fills `failure`) if it exits first.
  // Without --ledger in `args` or AUC_HOOKS_LEDGER in `env` it adds `--ledger memory`.
  static std::unique_ptr<ServerProcess> start(
      const std::vector<std::string>& args,
      const std::vector<std::pair<std::string, std::string>>& env = {},
      std::string* failure = nullptr);
  ~ServerProcess();

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running();
  // Sends `sig` and waits up to `timeout` for the exit; returns the exit code (-1 if it had
  // to be killed or died of a signal).
  int stop(int sig, std::chrono::seconds timeout = std::chrono::seconds(15));
  void kill_now();          // SIGKILL, no waiting for cleanup
  std::string log() const;  // everything it wrote to stderr so far
  // The "port" of the first log line with "event":`event` (e.g. "audit_listening"), waiting up
  // to `timeout` for it: start() returns at "listening", and later lines may still be on their
  // way. 0 if it never appears or the server exits first.
  int logged_port(const std::string& event,
                  std::chrono::seconds timeout = std::chrono::seconds(10));

 private:
  ServerProcess() = default;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
  bool reaped_ = false;
  int exit_code_ = -1;
};

// A fresh directory under /tmp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

}  // namespace auc::test
