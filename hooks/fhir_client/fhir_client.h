// Reads what the prefetch did not supply from the EHR's FHIR server: every query in parallel,
// each following Bundle `next` links (same origin only) up to --fhir-max-pages, all within one
// total time budget. The access token is used for the Authorization header and nothing else.
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hooks/config/config.h"
#include "hooks/fhir_client/fhir_server_url.h"

namespace auc::hooks {

struct FhirQuery {
  std::string key;       // prefetch key the data is for
  std::string target;    // request target, e.g. "/fhir/Condition?patient=123"
  bool is_read = false;  // "Patient/123": a 404 means "no such resource", not a failure
};

struct FhirFetchResult {
  std::string key;
  std::vector<std::unique_ptr<rapidjson::Document>> pages;  // each a resource or a Bundle page
  bool ok = false;
  bool truncated = false;  // stopped at --fhir-max-pages with more pages left
  std::string failure;     // why not ok: safe to log (no URLs, ids or tokens)
};

class FhirClient {
 public:
  explicit FhirClient(const FhirClientConfig& config) : config_(config) {}

  // One result per query, in query order. `token` may be empty (an open FHIR server).
  std::vector<FhirFetchResult> fetch(const FhirServerUrl& server, std::string_view token,
                                     const std::vector<FhirQuery>& queries) const;

  // Only https unless --fhir-allow-http.
  bool allows(const FhirServerUrl& server) const {
    return server.https || config_.allow_plain_http;
  }

 private:
  FhirFetchResult fetch_one(const FhirServerUrl& server, const std::string& authorization,
                            const FhirQuery& query,
                            std::chrono::steady_clock::time_point deadline) const;

  FhirClientConfig config_;
};

}  // namespace auc::hooks
