// Which EHR issuers the service trusts and where their signing keys come from, loaded from
// per-issuer JSON trust files (certs/trust/README.md documents the format).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/expected.h"
#include "hooks/auth/json_web_key.h"

namespace auc::hooks {

struct IssuerTrust {
  std::string issuer;       // exact "iss" value
  std::string source_file;  // for messages
  // Keys pinned in the trust file ("jwks" inline or "jwks_file"); when absent, keys are fetched
  // from `jwks_url` or from the token's allowlisted `jku`.
  std::optional<KeySet> local_keys;
  std::string jwks_url;
  std::vector<std::string> allowed_jku;  // jku values a token may carry
  std::vector<std::string> tenants;      // empty: any (or no) tenant
  int jwks_cache_seconds = 3600;
  int jwks_min_refresh_seconds = 60;  // unknown kids may trigger at most one fetch per interval
  std::string jwks_ca_file;           // CA bundle for the HTTPS fetch ("" = system store)
};

// One trust file; relative paths inside it resolve against `base_dir`.
Expected<IssuerTrust, std::string> parse_issuer_trust(std::string_view json,
                                                      const std::filesystem::path& base_dir,
                                                      std::string_view source_file);

// `paths` are --trust values: files, or directories whose *.json files are all loaded except
// those marked "load_only_when_named" (the sandbox and dev files, which must be named).
// Every issuer may appear once.
Expected<std::vector<IssuerTrust>, std::string> load_issuer_trust(
    const std::vector<std::string>& paths);

// Reads a small file (trust files, JWKS, PEM keys); errors name the path and the cause.
Expected<std::string, std::string> read_small_file(const std::filesystem::path& path,
                                                   std::size_t max_bytes);

}  // namespace auc::hooks
