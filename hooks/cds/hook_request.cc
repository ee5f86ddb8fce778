#include "hooks/cds/hook_request.h"

#include <string>

namespace auc::hooks {
bool is_bearer_token(std::string_view token) {
  std::size_t i = 0;
  for (; i < token.size(); ++i) {
    const char c = token[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && c != '-' && c != '.' && c != '_' && c != '~' && c != '+' && c != '/') break;
  }
  if (i == 0) return false;
  for (; i < token.size(); ++i) {
    if (token[i] != '=') return false;
  }
  return true;
}

namespace {

using Value = rapidjson::Value;

RequestError error(std::string path, std::string message) {
  return RequestError{std::move(path), std::move(message)};
}

std::string_view view(const Value& v) {
  return std::string_view(v.GetString(), v.GetStringLength());
}

const Value* member(const Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

// A required string member, non-empty.
Expected<std::string_view, RequestError> required_string(const Value& obj, const char* name,
                                                         const std::string& path) {
  const Value* v = member(obj, name);
  if (v == nullptr) return Unexpected(error(path, "required"));
  if (!v->IsString()) return Unexpected(error(path, "expected a string"));
  if (v->GetStringLength() == 0) return Unexpected(error(path, "must not be empty"));
  return view(*v);
}

// An optional string member: "" when absent.
Expected<std::string_view, RequestError> optional_string(const Value& obj, const char* name,
                                                         const std::string& path) {
  const Value* v = member(obj, name);
  if (v == nullptr) return std::string_view{};
  if (!v->IsString()) return Unexpected(error(path, "expected a string"));
  return view(*v);
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// "Practitioner/123" or "PractitionerRole/123" (order-select/order-sign: the user orders).
bool is_ordering_user(std::string_view s) {
  for (std::string_view type : {"Practitioner/", "PractitionerRole/"}) {
    if (s.substr(0, type.size()) == type) return is_fhir_id(s.substr(type.size()));
  }
  return false;
}

bool is_absolute_url(std::string_view s) {
  return s.starts_with("https://") || s.starts_with("http://");
}

// True when `s` is exactly "<type>/<id>".
bool is_reference_to(std::string_view s, std::string_view type, std::string_view id) {
  return s.size() == type.size() + 1 + id.size() && s.starts_with(type) && s[type.size()] == '/' &&
         s.ends_with(id);
}

// The resource of the draftOrders entry a selection names, or nullptr. EHRs name draft orders
// three ways: the entry's fullUrl (Epic and others send "urn:uuid:..." for unsaved drafts),
// "ServiceRequest/<id>", or an absolute URL ending in "/ServiceRequest/<id>".
const Value* selected_resource(const Value& entry, std::string_view selection) {
  if (!entry.IsObject()) return nullptr;
  const Value* resource = member(entry, "resource");
  if (resource == nullptr || !resource->IsObject()) return nullptr;
  if (const Value* full = member(entry, "fullUrl"); full != nullptr && full->IsString()) {
    if (view(*full) == selection) return resource;
  }
  const Value* type = member(*resource, "resourceType");
  const Value* id = member(*resource, "id");
  if (type == nullptr || id == nullptr || !type->IsString() || !id->IsString()) return nullptr;
  const std::string_view t = view(*type);
  const std::string_view i = view(*id);
  if (i.empty()) return nullptr;
  if (is_reference_to(selection, t, i)) return resource;
  if (is_absolute_url(selection) && selection.size() > t.size() + i.size() + 2) {
    const std::string_view tail = selection.substr(selection.size() - t.size() - 1 - i.size());
    if (is_reference_to(tail, t, i) && selection[selection.size() - tail.size() - 1] == '/') {
      return resource;
    }
  }
  return nullptr;
}

Expected<Ok, RequestError> read_draft_orders(const Value& context, HookRequest& out) {
  const Value* draft = member(context, "draftOrders");
  if (draft == nullptr) return Unexpected(error("/context/draftOrders", "required"));
  if (!draft->IsObject()) {
    return Unexpected(error("/context/draftOrders", "expected a Bundle object"));
  }
  const Value* type = member(*draft, "resourceType");
  if (type == nullptr || !type->IsString() || view(*type) != "Bundle") {
    return Unexpected(error("/context/draftOrders/resourceType", "expected \"Bundle\""));
  }
  // Bundle.type is optional here: several EHRs (and the sandbox) leave it out.
  if (const Value* entries = member(*draft, "entry"); entries != nullptr) {
    if (!entries->IsArray()) {
      return Unexpected(error("/context/draftOrders/entry", "expected an array"));
    }
    // Paths are built only for a refusal: this loop runs for every entry of every call.
    const auto at = [](rapidjson::SizeType i, const char* rest) {
      return "/context/draftOrders/entry/" + std::to_string(i) + rest;
    };
    for (rapidjson::SizeType i = 0; i < entries->Size(); ++i) {
      const Value& e = (*entries)[i];
      if (!e.IsObject()) return Unexpected(error(at(i, ""), "expected an object"));
      const Value* r = member(e, "resource");
      if (r == nullptr) continue;
      if (!r->IsObject()) {
        return Unexpected(error(at(i, "/resource"), "expected a resource object"));
      }
      const Value* rt = member(*r, "resourceType");
      if (rt == nullptr || !rt->IsString()) {
        return Unexpected(error(at(i, "/resource/resourceType"), "required"));
      }
    }
  }
  out.draft_orders = draft;
  return Ok{};
}

Expected<Ok, RequestError> read_selections(const Value& context, HookRequest& out) {
  const Value* sel = member(context, "selections");
  if (sel == nullptr) return Unexpected(error("/context/selections", "required for order-select"));
  if (!sel->IsArray()) return Unexpected(error("/context/selections", "expected an array"));
  if (sel->Empty()) return Unexpected(error("/context/selections", "must not be empty"));
  const Value* entries = member(*out.draft_orders, "entry");
  out.selections.reserve(sel->Size());
  out.selected_resources.reserve(sel->Size());
  const auto at = [](rapidjson::SizeType i) { return "/context/selections/" + std::to_string(i); };
  for (rapidjson::SizeType i = 0; i < sel->Size(); ++i) {
    const Value& s = (*sel)[i];
    if (!s.IsString() || s.GetStringLength() == 0) {
      return Unexpected(error(at(i), "expected a reference such as \"ServiceRequest/123\""));
    }
    const std::string_view selection = view(s);
    const Value* found = nullptr;
    if (entries != nullptr) {
      for (const Value& e : entries->GetArray()) {
        found = selected_resource(e, selection);
        if (found != nullptr) break;
      }
    }
    if (found == nullptr) {
      return Unexpected(error(at(i), "does not name a resource in context.draftOrders"));
    }
    out.selections.push_back(selection);
    out.selected_resources.push_back(found);
  }
  return Ok{};
}

Expected<Ok, RequestError> read_context(const Value& body, HookRequest& out) {
  const Value* context = member(body, "context");
  if (context == nullptr) return Unexpected(error("/context", "required"));
  if (!context->IsObject()) return Unexpected(error("/context", "expected an object"));

  auto user = required_string(*context, "userId", "/context/userId");
  if (!user) return Unexpected(user.error());
  if (!is_ordering_user(*user)) {
    return Unexpected(
        error("/context/userId", "expected Practitioner/<id> or PractitionerRole/<id>"));
  }
  out.user_id = *user;

  auto patient = required_string(*context, "patientId", "/context/patientId");
  if (!patient) return Unexpected(patient.error());
  if (!is_fhir_id(*patient)) return Unexpected(error("/context/patientId", "expected a FHIR id"));
  out.patient_id = *patient;

  auto encounter = optional_string(*context, "encounterId", "/context/encounterId");
  if (!encounter) return Unexpected(encounter.error());
  if (!encounter->empty() && !is_fhir_id(*encounter)) {
    return Unexpected(error("/context/encounterId", "expected a FHIR id"));
  }
  out.encounter_id = *encounter;

  if (auto r = read_draft_orders(*context, out); !r) return r;
  if (out.hook == "order-select") {
    if (auto r = read_selections(*context, out); !r) return r;
  }
  return Ok{};
}

Expected<Ok, RequestError> read_fhir_access(const Value& body, HookRequest& out) {
  auto server = optional_string(body, "fhirServer", "/fhirServer");
  if (!server) return Unexpected(server.error());
  const std::string_view s = *server;
  if (!s.empty() && s.substr(0, 8) != "https://" && s.substr(0, 7) != "http://") {
    return Unexpected(error("/fhirServer", "expected an absolute http(s) URL"));
  }
  out.fhir_server = s;

  const Value* auth = member(body, "fhirAuthorization");
  if (auth == nullptr || auth->IsNull()) return Ok{};
  if (!auth->IsObject()) return Unexpected(error("/fhirAuthorization", "expected an object"));
  if (out.fhir_server.empty()) {
    return Unexpected(error("/fhirServer", "required when fhirAuthorization is present"));
  }
  auto token = required_string(*auth, "access_token", "/fhirAuthorization/access_token");
  if (!token) return Unexpected(token.error());
  // The token goes into the Authorization header of every call to fhirServer: anything but a
  // b64token could add header lines there.
  if (!is_bearer_token(*token)) {
    return Unexpected(error("/fhirAuthorization/access_token",
                            "expected an RFC 6750 bearer token: letters, digits and -._~+/, "
                            "optionally ending in ="));
  }
  auto type = required_string(*auth, "token_type", "/fhirAuthorization/token_type");
  if (!type) return Unexpected(type.error());
  if (*type != "Bearer" && *type != "bearer") {
    return Unexpected(error("/fhirAuthorization/token_type", "expected \"Bearer\""));
  }
  if (const Value* exp = member(*auth, "expires_in"); exp != nullptr && !exp->IsNumber()) {
    return Unexpected(error("/fhirAuthorization/expires_in", "expected a number"));
  }
  auto scope = optional_string(*auth, "scope", "/fhirAuthorization/scope");
  if (!scope) return Unexpected(scope.error());
  auto subject = optional_string(*auth, "subject", "/fhirAuthorization/subject");
  if (!subject) return Unexpected(subject.error());
  auto patient = optional_string(*auth, "patient", "/fhirAuthorization/patient");
  if (!patient) return Unexpected(patient.error());
  out.has_authorization = true;
  out.authorization = FhirAuthorization{*token, *type, *scope, *subject, *patient};
  return Ok{};
}

Expected<Ok, RequestError> read_prefetch(const Value& body, HookRequest& out) {
  const Value* prefetch = member(body, "prefetch");
  if (prefetch == nullptr || prefetch->IsNull()) return Ok{};
  if (!prefetch->IsObject()) return Unexpected(error("/prefetch", "expected an object"));
  for (const auto& m : prefetch->GetObject()) {
    if (!m.value.IsObject() && !m.value.IsNull()) {
      return Unexpected(error("/prefetch/" + std::string(view(m.name)),
                              "expected a FHIR resource, Bundle or null"));
    }
  }
  out.prefetch = prefetch;
  return Ok{};
}

}  // namespace

bool is_fhir_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

Expected<HookRequest, RequestError> parse_hook_request(const Value& body,
                                                       std::string_view expected_hook) {
  if (!body.IsObject()) return Unexpected(error("", "expected a JSON object"));
  HookRequest out;
  auto hook = required_string(body, "hook", "/hook");
  if (!hook) return Unexpected(hook.error());
  if (*hook != expected_hook) {
    return Unexpected(
        error("/hook", "this service answers \"" + std::string(expected_hook) + "\""));
  }
  out.hook = *hook;
  auto instance = required_string(body, "hookInstance", "/hookInstance");
  if (!instance) return Unexpected(instance.error());
  if (!is_uuid(*instance)) return Unexpected(error("/hookInstance", "expected a UUID"));
  out.hook_instance = *instance;

  if (auto r = read_context(body, out); !r) return Unexpected(r.error());
  if (auto r = read_fhir_access(body, out); !r) return Unexpected(r.error());
  if (auto r = read_prefetch(body, out); !r) return Unexpected(r.error());
  return out;
}

}  // namespace auc::hooks
