// A CDS Hooks 2.0 order-select / order-sign request, checked against the hook's rules. Every
// field is a view into the parsed body: the caller keeps the document alive.
#pragma once

#include <rapidjson/document.h>

#include <string_view>
#include <vector>

#include "fhir/expected.h"
#include "hooks/cds/request_error.h"

namespace auc::hooks {

// RFC 6750 section 2.1 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
// Only such a token is ever put into an Authorization header.
bool is_bearer_token(std::string_view token);

struct FhirAuthorization {
  std::string_view access_token;  // transient: never log, never store
  std::string_view token_type;    // "Bearer"
  std::string_view scope;
  std::string_view subject;
  std::string_view patient;
};

struct HookRequest {
  std::string_view hook;                     // "order-select" | "order-sign"
  std::string_view hook_instance;            // UUID
  std::string_view user_id;                  // "Practitioner/x" | "PractitionerRole/x"
  std::string_view patient_id;               // a FHIR id: safe to put in a URL
  std::string_view encounter_id;             // "" when absent
  std::vector<std::string_view> selections;  // order-select, as sent
  // order-select: the draftOrders entry resource each selection names, in selection order.
  std::vector<const rapidjson::Value*> selected_resources;
  const rapidjson::Value* draft_orders = nullptr;  // the draftOrders Bundle
  std::string_view fhir_server;                    // "" when absent
  bool has_authorization = false;
  FhirAuthorization authorization;
  const rapidjson::Value* prefetch = nullptr;  // an object, or nullptr when absent
};

// Checks `body` as a request for `expected_hook`: the hook name, a UUID hookInstance, the
// context fields the hook requires (for order-select every selection must name a draftOrders
// entry: by its fullUrl, as "Type/id", or as an absolute URL ending in "/Type/id"),
// fhirServer whenever fhirAuthorization is present, and prefetch values that are objects or null.
Expected<HookRequest, RequestError> parse_hook_request(const rapidjson::Value& body,
                                                       std::string_view expected_hook);

// FHIR id syntax ([A-Za-z0-9-.]{1,64}): ids that pass can go into a URL unescaped.
bool is_fhir_id(std::string_view s);
bool is_uuid(std::string_view s);

}  // namespace auc::hooks
