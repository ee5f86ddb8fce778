// The server's configuration: defaults, then a --config file, then AUC_HOOKS_* environment
// variables, then command-line flags (later wins).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace auc::hooks {

enum class AuthMode : std::uint8_t { kJwt, kOff };
enum class LogLevel : std::uint8_t { kDebug, kInfo, kWarn, kError, kOff };

struct TlsConfig {
  std::string cert_file;       // --tls-cert
  std::string key_file;        // --tls-key
  std::string client_ca_file;  // --tls-client-ca: require client certificates signed by it (mTLS)
  std::string min_version = "1.2";  // --tls-min-version 1.2 | 1.3
};

struct JwtConfig {
  std::vector<std::string> trust;  // --trust FILE|DIR (repeatable): per-issuer trust files
  std::vector<std::string> algorithms = {"ES384",
                                         "RS384"};  // --jwt-algorithms ES384,RS384[,ES256,RS256]
  int clock_skew_seconds = 60;                      // --jwt-clock-skew
  int max_lifetime_seconds = 3600;    // --jwt-max-lifetime: exp - iat may not exceed it
  int replay_cache_entries = 100000;  // --jwt-replay-cache: bound on remembered jti values
};

struct LedgerConfig {
  // --ledger (required): sqlite:PATH, postgresql://..., or memory[:MAX_ENTRIES] (bounded,
  // nothing durable)
  std::string url;
  std::string pseudonym_key_file;  // --pseudonym-key-file: HMAC secret for patient/user pseudonyms
  bool store_raw_ids = false;      // --ledger-raw-ids: store raw patient/user ids (explicit opt-in)
  // --ledger-durability: what an acknowledged (200) call survives. process-crash (default): the
  // call is written before the answer and the OS puts it on disk within seconds, as the ledger
  // issue promises (nothing lost when the process crashes); power-loss also syncs it to disk
  // before each answer, which costs the disk's sync latency on every lone call.
  bool durable_through_power_loss = false;
  int retention_days = 0;  // --retention-days: 0 keeps everything
};

struct AuditApiConfig {
  std::string listen;       // --audit-listen HOST:PORT: separate listener ("" = main listener)
  std::string listen_host;  // parsed from `listen` once, by the flag
  int listen_port = 0;
  std::string token_file;      // --audit-token-file: bearer credential for /audit/*
  std::string client_ca_file;  // --audit-client-ca: mTLS instead of (or besides) the token
};

// --metrics-listen HOST:PORT: /metrics on its own address, without a credential (for a scraper
// on a private network). Empty: /metrics is served with the auditor API and its credential.
struct MetricsConfig {
  std::string listen;
  std::string listen_host;
  int listen_port = 0;
};

struct FhirClientConfig {
  int connect_timeout_ms = 2000;  // --fhir-connect-timeout-ms
  int read_timeout_ms = 3000;     // --fhir-read-timeout-ms
  int total_budget_ms = 4000;     // --fhir-budget-ms: all fallback fetches of one hook call
  int max_pages = 5;              // --fhir-max-pages: Bundle `next` links followed per query
  std::size_t max_response_bytes = 20 * 1024 * 1024;  // --fhir-max-response-bytes: per response
  bool allow_plain_http = false;  // --fhir-allow-http: permit http:// fhirServer (tests, loopback)
};

struct Config {
  std::string listen_host = "127.0.0.1";  // --listen HOST:PORT
  int listen_port = 8443;
  TlsConfig tls;
  bool plain_http = false;         // --plain-http
  bool behind_tls_proxy = false;   // --behind-tls-proxy
  AuthMode auth = AuthMode::kJwt;  // --auth jwt|off
  JwtConfig jwt;
  LedgerConfig ledger;
  AuditApiConfig audit;
  MetricsConfig metrics;
  FhirClientConfig fhir;
  std::string public_base_url;  // --public-base-url: what EHRs call; JWT aud is checked against it
  LogLevel log_level = LogLevel::kInfo;  // --log-level debug|info|warn|error|off
  int threads = 0;  // --threads N (0 = 8 per core, at least 16: one per keep-alive connection)
  // --max-concurrent-calls N: POSTs computing at once (0 = 2 per core, at least 4); the others
  // wait with only their body read. A call waiting on a FHIR server or the ledger gives its slot
  // up, so memory follows --threads, not this.
  int max_concurrent_calls = 0;
  std::string data_dir;         // --data-dir: criteria and terminology ("" = next to the binary)
  std::string local_codes_dir;  // --local-codes DIR: site order-code mapping files
  std::size_t max_body_bytes = 5 * 1024 * 1024;  // --max-body-bytes (decoded size)
  int max_header_bytes = 16 * 1024;  // --max-header-bytes: request line and header fields
  int max_header_fields = 64;        // --max-header-fields
  int idle_timeout_seconds = 5;      // --idle-timeout: keep-alive connection with no request
  int request_timeout_seconds = 10;  // --request-timeout: a request's head and body must arrive
  int symptom_window_days = 90;      // --symptom-window-days
  bool card_for_usually_appropriate = false;  // --card-when-appropriate
  int shutdown_grace_seconds = 10;  // --shutdown-grace: bounded wait for in-flight requests
  // --drain-seconds: after SIGTERM, /readyz answers 503 while requests are still served for this
  // long, so a load balancer stops sending new calls before the listener closes.
  int drain_seconds = 0;
  std::vector<std::string> cors_origins = {"*"};  // --cors-origin (repeatable)
};

}  // namespace auc::hooks
