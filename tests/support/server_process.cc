#include "tests/support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace auc::test {
namespace {

std::string make_temp_file(const char* prefix) {
  std::string tmpl = std::string("/tmp/") + prefix + "XXXXXX";
  const int fd = mkstemp(tmpl.data());
  if (fd >= 0) ::close(fd);
  return tmpl;
}

pid_t spawn(const std::vector<std::string>& args,
            const std::vector<std::pair<std::string, std::string>>& env,
            const std::string& stderr_path, const std::string& stdout_path) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // Child: the server must see its own signals, whatever the test runner blocked.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const int err = ::open(stderr_path.c_str(), O_WRONLY | O_TRUNC);
  const int out = ::open(stdout_path.c_str(), O_WRONLY | O_TRUNC);
  if (err >= 0) dup2(err, STDERR_FILENO);
  if (out >= 0) dup2(out, STDOUT_FILENO);
  for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> argv;
  std::string bin = AUC_SERVER_BIN;
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(bin.c_str(), argv.data());
  _exit(127);
}

bool wait_for_exit(pid_t pid, std::chrono::milliseconds timeout, int& status) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

int exit_code_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The "port" field of the first JSON log line for `event`; 0 if there is none (yet).
int port_in_log(const std::string& log, const std::string& event) {
  const auto at = log.find("\"event\":\"" + event + "\"");
  if (at == std::string::npos) return 0;
  const auto port_at = log.find("\"port\":", at);
  return port_at == std::string::npos ? 0 : std::atoi(log.c_str() + port_at + 7);
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

ProcessResult run_server_binary(const std::vector<std::string>& args,
                                const std::vector<std::pair<std::string, std::string>>& env,
                                std::chrono::seconds timeout) {
  const std::string err = make_temp_file("auc-err-");
  const std::string out = make_temp_file("auc-out-");
  ProcessResult result;
  const pid_t pid = spawn(args, env, err, out);
  int status = 0;
  if (!wait_for_exit(pid, timeout, status)) {
    ::kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  result.exit_code = exit_code_of(status);
  result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  result.stderr_text = read_file(err);
  result.stdout_text = read_file(out);
  std::remove(err.c_str());
  std::remove(out.c_str());
  return result;
}

std::vector<std::string> with_a_ledger(
    std::vector<std::string> args, const std::vector<std::pair<std::string, std::string>>& env) {
  for (const auto& a : args) {
    if (a == "--ledger" || a.starts_with("--ledger=")) return args;
  }
  for (const auto& [name, value] : env) {
    if (name == "AUC_HOOKS_LEDGER") return args;
  }
  args.push_back("--ledger");
  args.push_back("memory");
  return args;
}

std::unique_ptr<ServerProcess> ServerProcess::start(
    const std::vector<std::string>& args,
    const std::vector<std::pair<std::string, std::string>>& env, std::string* failure) {
  std::unique_ptr<ServerProcess> p(new ServerProcess());
  p->log_path_ = make_temp_file("auc-server-");
  const std::string out = make_temp_file("auc-out-");
  p->pid_ = spawn(with_a_ledger(args, env), env, p->log_path_, out);
  std::remove(out.c_str());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = p->log();
    if (const int port = port_in_log(text, "listening"); port > 0) {
      p->port_ = port;
      return p;
    }
    int status = 0;
    if (waitpid(p->pid_, &status, WNOHANG) == p->pid_) {
      p->reaped_ = true;
      p->exit_code_ = exit_code_of(status);
      if (failure) *failure = "server exited with " + std::to_string(p->exit_code_) + ": " + text;
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (failure) *failure = "server did not start listening within 30 s: " + p->log();
  return nullptr;
}

ServerProcess::~ServerProcess() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (!log_path_.empty()) std::remove(log_path_.c_str());
}

bool ServerProcess::running() {
  if (reaped_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    reaped_ = true;
    exit_code_ = exit_code_of(status);
    return false;
  }
  return true;
}

int ServerProcess::stop(int sig, std::chrono::seconds timeout) {
  if (reaped_) return exit_code_;
  ::kill(pid_, sig);
  int status = 0;
  if (!wait_for_exit(pid_, timeout, status)) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    reaped_ = true;
    exit_code_ = -1;
    return -1;
  }
  reaped_ = true;
  exit_code_ = exit_code_of(status);
  return exit_code_;
}

void ServerProcess::kill_now() {
  if (reaped_) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  reaped_ = true;
  exit_code_ = -1;
}

std::string ServerProcess::log() const {
  return read_file(log_path_);
}

int ServerProcess::logged_port(const std::string& event, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (const int port = port_in_log(log(), event); port > 0) return port;
    if (!running() || std::chrono::steady_clock::now() >= deadline) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

TempDir::TempDir() {
  std::string tmpl = "/tmp/auc-test-XXXXXX";
  if (mkdtemp(tmpl.data())) path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

}  // namespace auc::test
