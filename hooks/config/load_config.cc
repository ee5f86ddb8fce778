#include "hooks/config/load_config.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <charconv>
#include <cstdio>
#include <optional>
#include <set>

#include "fhir/checked_json.h"

namespace auc::hooks {
namespace {

using ApplyFn = std::optional<std::string> (*)(Config&, std::string_view);

struct FlagSpec {
  std::string_view name;        // without the leading dashes
  std::string_view value_name;  // "" for booleans
  std::string_view help;
  bool repeatable;
  ApplyFn apply;
};

std::string quoted(std::string_view v) {
  return "got '" + std::string(v) + "'";
}

std::optional<int> parse_int(std::string_view v, int min, int max) {
  int out = 0;
  const auto* end = v.data() + v.size();
  const auto [p, ec] = std::from_chars(v.data(), end, out);
  if (ec != std::errc() || p != end || out < min || out > max) return std::nullopt;
  return out;
}

std::optional<std::string> set_int(int& field, std::string_view v, int min, int max) {
  const auto n = parse_int(v, min, max);
  if (!n) {
    return "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
           ", " + quoted(v);
  }
  field = *n;
  return std::nullopt;
}

std::optional<bool> parse_bool(std::string_view v) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  return std::nullopt;
}

std::optional<std::string> set_bool(bool& field, std::string_view v) {
  const auto b = parse_bool(v);
  if (!b) return "expected true or false, " + quoted(v);
  field = *b;
  return std::nullopt;
}

std::optional<std::string> set_nonempty(std::string& field, std::string_view v) {
  if (v.empty()) return "expected a value";
  field = std::string(v);
  return std::nullopt;
}

// HOST:PORT or [IPv6]:PORT; port 0 asks the kernel for a free one (tests use it).
std::optional<std::string> parse_host_port(std::string_view v, std::string& host, int& port) {
  const std::string err = "expected HOST:PORT, " + quoted(v);
  std::string_view h;
  std::string_view p;
  if (!v.empty() && v.front() == '[') {
    const auto close = v.find(']');
    if (close == std::string_view::npos || close + 1 >= v.size() || v[close + 1] != ':') return err;
    h = v.substr(1, close - 1);
    p = v.substr(close + 2);
  } else {
    const auto colon = v.rfind(':');
    if (colon == std::string_view::npos) return err;
    h = v.substr(0, colon);
    p = v.substr(colon + 1);
    if (h.find(':') != std::string_view::npos) return err + " (put IPv6 addresses in brackets)";
  }
  if (h.empty()) return err;
  const auto n = parse_int(p, 0, 65535);
  if (!n) return "port must be 0-65535, " + quoted(v);
  host = std::string(h);
  port = *n;
  return std::nullopt;
}

std::optional<std::string> set_log_level(Config& c, std::string_view v) {
  if (v == "debug")
    c.log_level = LogLevel::kDebug;
  else if (v == "info")
    c.log_level = LogLevel::kInfo;
  else if (v == "warn")
    c.log_level = LogLevel::kWarn;
  else if (v == "error")
    c.log_level = LogLevel::kError;
  else if (v == "off")
    c.log_level = LogLevel::kOff;
  else
    return "expected debug, info, warn, error or off, " + quoted(v);
  return std::nullopt;
}

std::optional<std::string> set_auth(Config& c, std::string_view v) {
  if (v == "jwt")
    c.auth = AuthMode::kJwt;
  else if (v == "off")
    c.auth = AuthMode::kOff;
  else
    return "expected jwt or off, " + quoted(v);
  return std::nullopt;
}

std::optional<std::string> set_algorithms(Config& c, std::string_view v) {
  static const std::set<std::string_view> kAllowed = {"ES384", "RS384", "ES256", "RS256"};
  std::vector<std::string> algs;
  while (!v.empty()) {
    const auto comma = v.find(',');
    const std::string_view alg = v.substr(0, comma);
    if (!kAllowed.count(alg)) {
      return "expected a comma-separated list of ES384, RS384, ES256, RS256 (none and HMAC are "
             "never accepted), " +
             quoted(alg);
    }
    algs.emplace_back(alg);
    v = comma == std::string_view::npos ? std::string_view() : v.substr(comma + 1);
  }
  if (algs.empty()) return "expected at least one algorithm";
  c.jwt.algorithms = std::move(algs);
  return std::nullopt;
}

std::optional<std::string> set_ledger(Config& c, std::string_view v) {
  const bool sqlite = v.starts_with("sqlite:") && v.size() > 7;
  const bool memory = v == "memory" || v.starts_with("memory:");
  const bool postgresql = v.starts_with("postgresql://") || v.starts_with("postgres://");
  // Not quoted back: a PostgreSQL URL may hold what must not reach a log.
  if (!sqlite && !memory && !postgresql) {
    return "expected sqlite:PATH, postgresql://HOST:PORT/DATABASE or memory[:MAX_ENTRIES]";
  }
  c.ledger.url = std::string(v);
  return std::nullopt;
}

std::optional<std::string> set_ledger_durability(Config& c, std::string_view v) {
  if (v == "power-loss")
    c.ledger.durable_through_power_loss = true;
  else if (v == "process-crash")
    c.ledger.durable_through_power_loss = false;
  else
    return "expected power-loss or process-crash, " + quoted(v);
  return std::nullopt;
}

std::optional<std::string> set_base_url(Config& c, std::string_view v) {
  if (v.rfind("https://", 0) != 0 && v.rfind("http://", 0) != 0) {
    return "expected an absolute http(s) URL, " + quoted(v);
  }
  while (!v.empty() && v.back() == '/') v.remove_suffix(1);
  c.public_base_url = std::string(v);
  return std::nullopt;
}

std::optional<std::string> set_tls_min(Config& c, std::string_view v) {
  if (v != "1.2" && v != "1.3") return "expected 1.2 or 1.3, " + quoted(v);
  c.tls.min_version = std::string(v);
  return std::nullopt;
}

std::optional<std::string> set_body_limit(Config& c, std::string_view v) {
  int n = 0;
  if (auto e = set_int(n, v, 1024, 256 * 1024 * 1024)) return e;
  c.max_body_bytes = static_cast<std::size_t>(n);
  return std::nullopt;
}

// The one table. Keep it sorted roughly by what an operator sets first.
const FlagSpec kFlags[] = {
    {"listen", "HOST:PORT", "address to serve on (default 127.0.0.1:8443; port 0 picks a free one)",
     false,
     [](Config& c, std::string_view v) {
       return parse_host_port(v, c.listen_host, c.listen_port);
     }},
    {"tls-cert", "FILE", "server certificate chain (PEM)", false,
     [](Config& c, std::string_view v) { return set_nonempty(c.tls.cert_file, v); }},
    {"tls-key", "FILE", "server private key (PEM)", false,
     [](Config& c, std::string_view v) { return set_nonempty(c.tls.key_file, v); }},
    {"tls-client-ca", "FILE", "require client certificates issued by this CA (mTLS)", false,
     [](Config& c, std::string_view v) { return set_nonempty(c.tls.client_ca_file, v); }},
    {"tls-min-version", "1.2|1.3", "lowest TLS version accepted (default 1.2)", false, set_tls_min},
    {"plain-http", "", "serve without TLS: only on loopback, or with --behind-tls-proxy", false,
     [](Config& c, std::string_view v) { return set_bool(c.plain_http, v); }},
    {"behind-tls-proxy", "", "a TLS-terminating gateway sits in front (allows --plain-http)", false,
     [](Config& c, std::string_view v) { return set_bool(c.behind_tls_proxy, v); }},
    {"auth", "jwt|off", "verify the EHR's CDS Hooks JWT (default jwt; off is for local testing)",
     false, set_auth},
    {"trust", "FILE|DIR", "issuer trust file, or a directory of them (repeatable)", true,
     [](Config& c, std::string_view v) -> std::optional<std::string> {
       if (v.empty()) return "expected a file or directory";
       c.jwt.trust.emplace_back(v);
       return std::nullopt;
     }},
    {"jwt-algorithms", "LIST", "accepted JWT algorithms (default ES384,RS384)", false,
     set_algorithms},
    {"jwt-clock-skew", "SECONDS", "tolerance for exp/iat (default 60)", false,
     [](Config& c, std::string_view v) { return set_int(c.jwt.clock_skew_seconds, v, 0, 600); }},
    {"jwt-max-lifetime", "SECONDS", "longest accepted exp - iat (default 3600)", false,
     [](Config& c, std::string_view v) {
       return set_int(c.jwt.max_lifetime_seconds, v, 1, 86400);
     }},
    {"jwt-replay-cache", "N", "jti values remembered for replay detection (default 100000)", false,
     [](Config& c, std::string_view v) {
       return set_int(c.jwt.replay_cache_entries, v, 1, 10000000);
     }},
    {"public-base-url", "URL",
     "base URL EHRs call (JWT aud is checked against it; default from --listen)", false,
     set_base_url},
    {"ledger", "sqlite:PATH|postgresql://HOST:PORT/DB|memory",
     "audit ledger (required): a database file, a PostgreSQL database (password from PGPASSFILE "
     "or PGPASSWORD, never the URL), or memory for tests and demos (bounded, lost at exit)",
     false, set_ledger},
    {"pseudonym-key-file", "FILE", "secret for the ledger's patient/user pseudonyms", false,
     [](Config& c, std::string_view v) { return set_nonempty(c.ledger.pseudonym_key_file, v); }},
    {"ledger-raw-ids", "", "also store raw patient/user ids in the ledger (explicit opt-in)", false,
     [](Config& c, std::string_view v) { return set_bool(c.ledger.store_raw_ids, v); }},
    {"ledger-durability", "power-loss|process-crash",
     "what an acknowledged call survives (default process-crash; power-loss also syncs to disk "
     "before the answer)",
     false, set_ledger_durability},
    {"retention-days", "DAYS", "purge ledger rows older than this (default 0: keep)", false,
     [](Config& c, std::string_view v) { return set_int(c.ledger.retention_days, v, 0, 36500); }},
    {"audit-listen", "HOST:PORT", "serve the auditor API on its own address", false,
     [](Config& c, std::string_view v) -> std::optional<std::string> {
       if (auto e = parse_host_port(v, c.audit.listen_host, c.audit.listen_port)) return e;
       c.audit.listen = std::string(v);
       return std::nullopt;
     }},
    {"audit-token-file", "FILE", "bearer credential for the auditor API", false,
     [](Config& c, std::string_view v) { return set_nonempty(c.audit.token_file, v); }},
    {"audit-client-ca", "FILE", "require auditor client certificates issued by this CA", false,
     [](Config& c, std::string_view v) { return set_nonempty(c.audit.client_ca_file, v); }},
    {"metrics-listen", "HOST:PORT",
     "serve /metrics on its own address, without a credential (default: with the auditor API)",
     false,
     [](Config& c, std::string_view v) -> std::optional<std::string> {
       if (auto e = parse_host_port(v, c.metrics.listen_host, c.metrics.listen_port)) return e;
       c.metrics.listen = std::string(v);
       return std::nullopt;
     }},
    {"fhir-connect-timeout-ms", "MS", "FHIR fallback connect timeout (default 2000)", false,
     [](Config& c, std::string_view v) { return set_int(c.fhir.connect_timeout_ms, v, 1, 60000); }},
    {"fhir-read-timeout-ms", "MS", "FHIR fallback read timeout (default 3000)", false,
     [](Config& c, std::string_view v) { return set_int(c.fhir.read_timeout_ms, v, 1, 60000); }},
    {"fhir-budget-ms", "MS", "total time for one call's FHIR fallback (default 4000)", false,
     [](Config& c, std::string_view v) { return set_int(c.fhir.total_budget_ms, v, 1, 60000); }},
    {"fhir-max-pages", "N", "Bundle next links followed per query (default 5)", false,
     [](Config& c, std::string_view v) { return set_int(c.fhir.max_pages, v, 1, 100); }},
    {"fhir-max-response-bytes", "BYTES",
     "largest FHIR fallback response read; a larger one counts as unobtainable (default 20 MB)",
     false,
     [](Config& c, std::string_view v) {
       int n = 0;
       if (auto e = set_int(n, v, 1024, 1024 * 1024 * 1024)) return e;
       c.fhir.max_response_bytes = static_cast<std::size_t>(n);
       return std::optional<std::string>{};
     }},
    {"fhir-allow-http", "", "allow a plain http:// fhirServer (testing only)", false,
     [](Config& c, std::string_view v) { return set_bool(c.fhir.allow_plain_http, v); }},
    {"data-dir", "DIR", "criteria and terminology data (default: next to the binary)", false,
     [](Config& c, std::string_view v) { return set_nonempty(c.data_dir, v); }},
    {"local-codes", "DIR", "site order-code mapping files (Epic, Cerner local codes)", false,
     [](Config& c, std::string_view v) { return set_nonempty(c.local_codes_dir, v); }},
    {"max-body-bytes", "N", "largest request body accepted, once decoded (default 5242880)", false,
     set_body_limit},
    {"max-header-bytes", "N",
     "largest request head: request line and header fields (default 16384)", false,
     [](Config& c, std::string_view v) { return set_int(c.max_header_bytes, v, 1024, 1 << 20); }},
    {"max-header-fields", "N", "most header fields in a request (default 64)", false,
     [](Config& c, std::string_view v) { return set_int(c.max_header_fields, v, 8, 10000); }},
    {"idle-timeout", "SECONDS", "close a keep-alive connection idle this long (default 5)", false,
     [](Config& c, std::string_view v) { return set_int(c.idle_timeout_seconds, v, 1, 3600); }},
    {"request-timeout", "SECONDS",
     "a request's head and body must arrive within this long of its first byte (default 10)", false,
     [](Config& c, std::string_view v) { return set_int(c.request_timeout_seconds, v, 1, 3600); }},
    {"symptom-window-days", "DAYS", "how recent back pain must be to count (default 90)", false,
     [](Config& c, std::string_view v) { return set_int(c.symptom_window_days, v, 1, 3650); }},
    {"card-when-appropriate", "", "also return a card when the order is Usually Appropriate", false,
     [](Config& c, std::string_view v) { return set_bool(c.card_for_usually_appropriate, v); }},
    {"cors-origin", "ORIGIN", "allowed browser origin (repeatable; default *)", true,
     [](Config& c, std::string_view v) -> std::optional<std::string> {
       if (v.empty()) return "expected an origin";
       c.cors_origins.emplace_back(v);
       return std::nullopt;
     }},
    {"shutdown-grace", "SECONDS", "wait for in-flight requests on SIGTERM (default 10)", false,
     [](Config& c, std::string_view v) { return set_int(c.shutdown_grace_seconds, v, 0, 300); }},
    {"drain-seconds", "SECONDS",
     "after SIGTERM, keep serving this long with /readyz at 503 before stopping (default 0)", false,
     [](Config& c, std::string_view v) { return set_int(c.drain_seconds, v, 0, 300); }},
    {"threads", "N",
     "worker threads, one per open keep-alive connection (default: 8 per core, at least 16)", false,
     [](Config& c, std::string_view v) { return set_int(c.threads, v, 0, 1024); }},
    {"max-concurrent-calls", "N",
     "hook calls and feedback computing at once; more wait their turn, and a call waiting on a "
     "FHIR server or the ledger gives its slot up (default: 2 per core, at least 4)",
     false,
     [](Config& c, std::string_view v) { return set_int(c.max_concurrent_calls, v, 0, 4096); }},
    {"log-level", "LEVEL", "debug, info, warn, error or off (default info)", false, set_log_level},
};

const FlagSpec* find_flag(std::string_view name) {
  for (const auto& f : kFlags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

void clear_repeatable(Config& c, std::string_view name) {
  if (name == "trust") c.jwt.trust.clear();
  if (name == "cors-origin") c.cors_origins.clear();
}

// A setting source: the first value of a repeatable flag from a higher-precedence source
// replaces the defaults and lower sources instead of appending to them.
class Applier {
 public:
  explicit Applier(Config& c) : config_(c) {}
  std::optional<ConfigError> apply(const FlagSpec& f, std::string_view value) {
    if (f.repeatable && cleared_.insert(f.name).second) clear_repeatable(config_, f.name);
    if (auto e = f.apply(config_, value)) return ConfigError{"--" + std::string(f.name), *e};
    return std::nullopt;
  }

 private:
  Config& config_;
  std::set<std::string_view> cleared_;
};

std::string env_name(std::string_view flag) {
  std::string out = "AUC_HOOKS_";
  for (const char ch : flag) {
    out += ch == '-' ? '_' : static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  }
  return out;
}

std::optional<ConfigError> apply_config_file(Config& c, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return ConfigError{"--config", "cannot read '" + path + "'"};
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);

  rapidjson::Document doc;
  if (auto problem = fhir::parse_checked(doc, text)) {
    return ConfigError{"--config", "'" + path + "' is not valid JSON" +
                                       (problem->path.empty() ? "" : " at " + problem->path) +
                                       ": " + problem->message};
  }
  if (!doc.IsObject()) return ConfigError{"--config", "'" + path + "' must hold a JSON object"};
  Applier applier(c);
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    const std::string_view key(it->name.GetString(), it->name.GetStringLength());
    const FlagSpec* spec = find_flag(key);
    if (!spec) {
      return ConfigError{"--config",
                         "'" + path + "': unknown setting \"" + std::string(key) + "\""};
    }
    auto apply_one = [&](const rapidjson::Value& v) -> std::optional<ConfigError> {
      std::string value;
      if (v.IsString())
        value.assign(v.GetString(), v.GetStringLength());
      else if (v.IsBool())
        value = v.GetBool() ? "true" : "false";
      else if (v.IsInt64())
        value = std::to_string(v.GetInt64());
      else {
        return ConfigError{"--config", "'" + path + "': \"" + std::string(key) +
                                           "\" must be a string, number or boolean"};
      }
      return applier.apply(*spec, value);
    };
    if (it->value.IsArray()) {
      if (!spec->repeatable) {
        return ConfigError{
            "--config", "'" + path + "': \"" + std::string(key) + "\" takes one value, not a list"};
      }
      for (const auto& v : it->value.GetArray()) {
        if (auto e = apply_one(v)) return e;
      }
    } else if (auto e = apply_one(it->value)) {
      return e;
    }
  }
  return std::nullopt;
}

std::optional<ConfigError> apply_env(Config& c, const EnvLookup& env) {
  Applier applier(c);
  for (const auto& f : kFlags) {
    const std::string name = env_name(f.name);
    const char* raw = env(name.c_str());
    if (!raw) continue;
    std::string_view v(raw);
    auto fail = [&](std::optional<ConfigError> e) {
      if (e) e->flag = name + " (--" + std::string(f.name) + ")";
      return e;
    };
    if (f.repeatable) {
      while (!v.empty()) {
        const auto comma = v.find(',');
        if (auto e = fail(applier.apply(f, v.substr(0, comma)))) return e;
        v = comma == std::string_view::npos ? std::string_view() : v.substr(comma + 1);
      }
    } else if (auto e = fail(applier.apply(f, v))) {
      return e;
    }
  }
  return std::nullopt;
}

std::optional<ConfigError> validate(Config& c) {
  const bool loopback = is_loopback_host(c.listen_host);
  if (c.plain_http) {
    if (!c.tls.cert_file.empty() || !c.tls.key_file.empty()) {
      return ConfigError{"--plain-http", "cannot be combined with --tls-cert/--tls-key"};
    }
    if (!loopback && !c.behind_tls_proxy) {
      return ConfigError{"--plain-http",
                         "refused on non-loopback address '" + c.listen_host +
                             "': EHRs send patient data and tokens; add --behind-tls-proxy if a "
                             "TLS-terminating gateway is in front"};
    }
  } else {
    if (c.tls.cert_file.empty()) {
      return ConfigError{
          "--tls-cert", "required unless --plain-http (certs/make-dev-certs.sh makes a local one)"};
    }
    if (c.tls.key_file.empty()) return ConfigError{"--tls-key", "required with --tls-cert"};
  }
  if (!c.audit.listen.empty() && c.plain_http && !c.behind_tls_proxy &&
      !is_loopback_host(c.audit.listen_host)) {
    return ConfigError{"--audit-listen",
                       "plain HTTP is refused on a non-loopback auditor address without "
                       "--behind-tls-proxy"};
  }
  if (!c.metrics.listen.empty() && c.plain_http && !c.behind_tls_proxy &&
      !is_loopback_host(c.metrics.listen_host)) {
    return ConfigError{"--metrics-listen",
                       "plain HTTP is refused on a non-loopback metrics address without "
                       "--behind-tls-proxy, as for --plain-http"};
  }
  if (!c.audit.client_ca_file.empty()) {
    if (c.audit.listen.empty()) {
      return ConfigError{"--audit-client-ca",
                         "needs --audit-listen: the main listener does not ask EHRs for client "
                         "certificates"};
    }
    if (c.plain_http) {
      return ConfigError{"--audit-client-ca", "client certificates need TLS, not --plain-http"};
    }
  }
  if (c.ledger.url.empty()) {
    return ConfigError{"--ledger",
                       "required: sqlite:PATH for the audit ledger, or memory for tests and "
                       "demos (nothing kept)"};
  }
  if (c.public_base_url.empty()) {
    const bool v6 = c.listen_host.find(':') != std::string::npos;
    c.public_base_url = std::string(c.plain_http && !c.behind_tls_proxy ? "http" : "https") +
                        "://" + (v6 ? "[" + c.listen_host + "]" : c.listen_host) + ":" +
                        std::to_string(c.listen_port);
  }
  return std::nullopt;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

Expected<CommandLine, ConfigError> load_config(const std::vector<std::string_view>& args,
                                               const EnvLookup& env) {
  CommandLine out;
  // Pass 1: find --config (flag, then environment) and the help/version words.
  std::string config_path;
  if (const char* e = env("AUC_HOOKS_CONFIG")) config_path = e;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) config_path = std::string(args[i + 1]);
    if (args[i].rfind("--config=", 0) == 0) config_path = std::string(args[i].substr(9));
  }
  if (!config_path.empty()) {
    if (auto e = apply_config_file(out.config, config_path)) return Unexpected(*e);
  }
  if (auto e = apply_env(out.config, env)) return Unexpected(*e);

  Applier applier(out.config);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (arg == "--version") {
      out.version = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      out.positional.emplace_back(arg);
      continue;
    }
    arg.remove_prefix(2);
    std::optional<std::string_view> inline_value;
    if (const auto eq = arg.find('='); eq != std::string_view::npos) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    if (arg == "config") {
      if (!inline_value) ++i;
      if (i >= args.size()) return Unexpected(ConfigError{"--config", "expected a FILE"});
      continue;
    }
    const FlagSpec* spec = find_flag(arg);
    if (!spec) {
      return Unexpected(ConfigError{"--" + std::string(arg), "unknown flag (see --help)"});
    }
    std::string_view value;
    if (inline_value) {
      value = *inline_value;
    } else if (spec->value_name.empty()) {
      value = "true";
    } else {
      if (i + 1 >= args.size()) {
        return Unexpected(
            ConfigError{"--" + std::string(arg), "expected " + std::string(spec->value_name)});
      }
      value = args[++i];
    }
    if (auto e = applier.apply(*spec, value)) return Unexpected(*e);
  }
  if (out.help || out.version) return out;
  if (auto e = validate(out.config)) return Unexpected(*e);
  return out;
}

std::string config_help() {
  std::string out =
      "Usage: auc-hooks [serve] [FLAGS]\n"
      "       auc-hooks criteria --json [--data-dir DIR] [--local-codes DIR]\n"
      "       auc-hooks mint-token [FLAGS]   (developer test tokens; see --help there)\n\n"
      "Settings come from defaults, then --config FILE (a JSON object whose keys are the flag\n"
      "names), then AUC_HOOKS_<FLAG> environment variables (dashes as underscores; lists\n"
      "comma-separated), then the command line.\n\n"
      "  --config FILE                 JSON settings file\n";
  for (const auto& f : kFlags) {
    std::string left = "  --" + std::string(f.name);
    if (!f.value_name.empty()) left += " " + std::string(f.value_name);
    if (left.size() < 32)
      left.resize(32, ' ');
    else
      left += "  ";
    out += left;
    out += f.help;
    out += '\n';
  }
  out +=
      "  --help                        this text\n  --version                     print the "
      "version\n";
  return out;
}

}  // namespace auc::hooks
