// Shared helpers for the CDS service integration tests: the real server, fixture requests, and
// checks every 200 answer goes through (the 2.0 response validator).
#pragma once

#include <httplib.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/server_process.h"

namespace auc::test {

inline constexpr const char* kSelect = "/cds-services/acr-vcf-order-select";
inline constexpr const char* kSign = "/cds-services/acr-vcf-order-sign";

// auc-hooks on loopback, plain HTTP, auth off, http fhirServer allowed.
std::unique_ptr<ServerProcess> start_service(std::vector<std::string> extra = {});

// tests/fixtures/requests/<name>, parsed.
rapidjson::Document load_request(const std::string& name);
std::string to_json(const rapidjson::Value& v);
void remove_prefetch_key(rapidjson::Document& request, const char* key);
// Points the request at the test FHIR server with a bearer token.
void set_fhir_server(rapidjson::Document& request, const std::string& url,
                     const std::string& token);

httplib::Result post_json(httplib::Client& client, const std::string& path,
                          const std::string& body);

// A 200 response, parsed, that passes the CDS Hooks 2.0 validator (fails the test otherwise).
rapidjson::Document expect_valid_response(const httplib::Result& res);
// A non-2xx OperationOutcome with the status; returns its first issue's expression ("" if none).
std::string expect_outcome(const httplib::Result& res, int status);

// The variant number the project's acr-rating extension carries on a rated resource, 0 when
// absent.
int rated_variant(const rapidjson::Value& resource);

// The pama-rating code of each systemAction's ServiceRequest, keyed by resource id.
std::vector<std::pair<std::string, std::string>> pama_ratings(const rapidjson::Value& response);

// The value of one series in a Prometheus exposition (name with its labels exactly as exposed),
// or -1 when absent.
double series(const std::string& exposition, const std::string& name_and_labels);

}  // namespace auc::test
