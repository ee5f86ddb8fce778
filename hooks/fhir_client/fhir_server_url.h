// The EHR's fhirServer base URL, split for cpp-httplib, and the same-origin rule for `next` links:
// the bearer token goes only to the server the EHR named.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fhir/expected.h"

namespace auc::hooks {

struct FhirServerUrl {
  bool https = true;
  std::string host;
  int port = 443;
  std::string base_path;  // "" or "/fhir/r4", no trailing slash
};

// Accepts http(s)://host[:port][/path]; user-info, fragments and queries are refused.
Expected<FhirServerUrl, std::string> parse_fhir_server_url(std::string_view url);

// The request target ("/fhir/Condition?...") for `query`, relative to the base.
std::string target_for(const FhirServerUrl& server, std::string_view query);

// The request target of an absolute `url` (a Bundle next link) when it is on the same scheme,
// host and port as `server`; nullopt otherwise.
std::optional<std::string> same_origin_target(const FhirServerUrl& server, std::string_view url);

}  // namespace auc::hooks
