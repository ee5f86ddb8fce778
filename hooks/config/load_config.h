// Builds a Config from (lowest to highest precedence) defaults, a JSON --config file,
// AUC_HOOKS_* environment variables and command-line flags. One flag table drives all four
// and --help, so a setting has the same name and meaning everywhere.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/expected.h"
#include "hooks/config/config.h"

namespace auc::hooks {

// One clear line for the operator: "--listen: expected HOST:PORT, got 'abc'".
struct ConfigError {
  std::string flag;  // "--listen" (or "--config" for file problems)
  std::string message;
  std::string to_string() const { return flag + ": " + message; }
};

// Returns the value of an environment variable or nullptr (getenv by default; tests inject).
using EnvLookup = std::function<const char*(const char*)>;

struct CommandLine {
  Config config;
  bool help = false;
  bool version = false;
  std::vector<std::string> positional;  // subcommand words ("criteria") and their own flags
};

// `args` excludes argv[0]. Unknown flags and bad values are errors; validation of combinations
// (TLS files vs --plain-http, loopback rules) happens here too.
Expected<CommandLine, ConfigError> load_config(const std::vector<std::string_view>& args,
                                               const EnvLookup& env);

// The --help text, generated from the flag table.
std::string config_help();

// "127.0.0.1", "::1", "localhost" and the rest of 127.0.0.0/8.
bool is_loopback_host(std::string_view host);

}  // namespace auc::hooks
