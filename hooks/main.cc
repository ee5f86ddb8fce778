// auc-hooks: parse settings, handle signals, run the App. Exit codes: 0 normal (also after
// SIGTERM/SIGINT), 1 failure at start (unreadable data, occupied port), 2 bad flags.
#include <pthread.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "engine/criteria/criteria_document.h"
#include "engine/knowledge_base.h"
#include "hooks/app.h"
#include "hooks/auth/dev_token.h"
#include "hooks/config/load_config.h"
#include "hooks/log/log.h"
#include "hooks/offline/assess_command.h"
#include "hooks/offline/codes_check_command.h"
#include "hooks/runtime/malloc_arenas.h"

namespace {

constexpr const char* kVersion = "auc-hooks 0.1.0";

// Data files are installed next to the binary: <prefix>/bin/auc-hooks, <prefix>/share/auc-hooks.
std::string default_data_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "share/auc-hooks";
  return (exe.parent_path().parent_path() / "share" / "auc-hooks").string();
}

// `auc-hooks criteria --json [--data-dir DIR] [--local-codes DIR]`: what the server would apply.
int print_criteria(const std::vector<std::string_view>& args) {
  bool json = false;
  auc::engine::KnowledgeBaseOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    if (a == "--json") {
      json = true;
    } else if ((a == "--data-dir" || a == "--local-codes") && i + 1 < args.size()) {
      (a == "--data-dir" ? options.data_dir : options.local_codes_dir) = std::string(args[++i]);
    } else {
      std::fprintf(stderr,
                   "auc-hooks criteria: unexpected argument '%.*s' (usage: criteria --json "
                   "[--data-dir DIR] [--local-codes DIR])\n",
                   static_cast<int>(a.size()), a.data());
      return 2;
    }
  }
  if (!json) {
    std::fputs("auc-hooks criteria: only --json output exists; add --json\n", stderr);
    return 2;
  }
  if (options.data_dir.empty()) options.data_dir = default_data_dir();
  auto kb = auc::engine::KnowledgeBase::load(options);
  if (!kb) {
    std::fprintf(stderr, "auc-hooks criteria: %s\n", kb.error().to_string().c_str());
    return 1;
  }
  std::cout << auc::engine::criteria_document_json(*kb.value()) << '\n';
  return 0;
}

int serve(auc::hooks::Config config) {
  using namespace auc::hooks;
  // Signals are taken by one thread with sigwait, so they are blocked before any thread exists.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto app = App::create(std::move(config));
  if (!app) {
    std::fprintf(stderr, "auc-hooks: %s\n", app.error().c_str());
    return 1;
  }
  if (auto port = app.value()->bind(); !port) {
    std::fprintf(stderr, "auc-hooks: %s\n", port.error().c_str());
    return 1;
  }

  App& running = *app.value();
  const int grace = running.config().shutdown_grace_seconds;
  const int drain = running.config().drain_seconds;
  std::thread signal_thread([&running, signals, grace, drain] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        running.reload();
        continue;
      }
      log::info("shutdown").str("signal", sig == SIGTERM ? "SIGTERM" : "SIGINT");
      if (drain > 0) {
        running.drain();
        log::info("draining").num("seconds", drain);
        std::this_thread::sleep_for(std::chrono::seconds(drain));
      }
      running.stop();
      // In-flight requests get a bounded time to finish; then the process leaves anyway.
      std::thread([grace] {
        std::this_thread::sleep_for(std::chrono::seconds(grace));
        log::warn("shutdown_grace_exceeded").num("grace_seconds", grace);
        std::_Exit(0);
      }).detach();
      return;
    }
  });
  running.run();
  signal_thread.join();
  log::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace auc::hooks;
  std::vector<std::string_view> args(argv + 1, argv + argc);

  std::string_view command = "serve";
  if (!args.empty() && args.front().rfind("-", 0) != 0) {
    command = args.front();
    args.erase(args.begin());
  }
  if (command == "criteria") return print_criteria(args);
  if (command == "assess") return assess_command(args, default_data_dir(), std::cout, std::cerr);
  if (command == "codes") return codes_command(args, default_data_dir(), std::cout, std::cerr);
  if (command == "mint-token") {
    return mint_token_command(std::vector<std::string>(args.begin(), args.end()), std::cout,
                              std::cerr);
  }
  if (command != "serve") {
    std::fprintf(stderr, "auc-hooks: unknown command '%.*s' (see --help)\n",
                 static_cast<int>(command.size()), command.data());
    return 2;
  }

  limit_malloc_arenas(std::thread::hardware_concurrency());
  auto parsed = load_config(args, [](const char* name) { return std::getenv(name); });
  if (!parsed) {
    std::fprintf(stderr, "auc-hooks: %s\n", parsed.error().to_string().c_str());
    return 2;
  }
  if (parsed->help) {
    std::fputs(config_help().c_str(), stdout);
    return 0;
  }
  if (parsed->version) {
    std::puts(kVersion);
    return 0;
  }
  if (!parsed->positional.empty()) {
    std::fprintf(stderr, "auc-hooks: unexpected argument '%s' (see --help)\n",
                 parsed->positional.front().c_str());
    return 2;
  }
  Config config = std::move(parsed->config);
  if (config.data_dir.empty()) config.data_dir = default_data_dir();
  return serve(std::move(config));
}
