#include "hooks/prefetch/patient_data.h"

#include <algorithm>
#include <optional>

#include "fhir/parse.h"
#include "hooks/log/log.h"

namespace auc::hooks {
namespace {

using cards::ledger::DataSource;

enum class KeyState : std::uint8_t {
  kSupplied,    // a resource, a complete Bundle, or null (no data)
  kMissing,     // not in the prefetch: fetch it
  kFailed,      // an OperationOutcome: the EHR could not get it; fetch it ourselves
  kIncomplete,  // a Bundle with a next link: fetch the remaining pages
};

struct KeyPlan {
  const PrefetchTemplate* tmpl = nullptr;
  KeyState state = KeyState::kMissing;
  std::string_view next_url;
  // The prefetched Patient was another patient: as if not supplied, but needed (the call must
  // not go on with no Patient where the EHR meant to send one).
  bool replaces_foreign_patient = false;

  bool needed() const { return tmpl->required || replaces_foreign_patient; }
};

// "/prefetch/<key>" with the key escaped as RFC 6901 says, into `out` (reused across keys).
void prefetch_path(std::string_view key, std::string& out) {
  out.assign("/prefetch/");
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

bool is_operation_outcome(const rapidjson::Value& v) {
  return fhir::resource_type_of(v) == "OperationOutcome";
}

// A key whose template reads one resource ("Patient/{{context.patientId}}") must hold a resource
// of that type: a Condition under "patient" is a broken EHR mapping, not a patient to ignore.
std::optional<RequestError> wrong_read_type(const PrefetchTemplate& t, const rapidjson::Value& v,
                                            const std::string& path) {
  const std::string_view query = t.query;
  const std::size_t slash = query.find('/');
  if (query.find('?') != std::string_view::npos || slash == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view expected = query.substr(0, slash);
  if (fhir::resource_type_of(v) == expected) return std::nullopt;
  return RequestError{path + "/resourceType", "expected a " + std::string(expected) +
                                                  " (this prefetch key reads " +
                                                  std::string(query) + ")"};
}

}  // namespace

Expected<std::unique_ptr<PatientData>, RequestError> gather_patient_data(
    const HookRequest& request, std::span<const PrefetchTemplate> templates,
    const FhirClient& client, CallGate::Pass* slot) {
  auto data = std::make_unique<PatientData>();
  fhir::PatientRecord& record = data->record;
  record.patient_id = request.patient_id;

  // 1. What the EHR sent.
  std::vector<KeyPlan> plans;
  plans.reserve(templates.size());
  bool used_prefetch = false;
  std::string path;
  path.reserve(64);
  for (const PrefetchTemplate& t : templates) {
    KeyPlan plan{&t, KeyState::kMissing, {}};
    const rapidjson::Value* value = nullptr;
    if (request.prefetch != nullptr) {
      auto it = request.prefetch->FindMember(
          rapidjson::Value(rapidjson::StringRef(t.key.data(), t.key.size())));
      if (it != request.prefetch->MemberEnd()) value = &it->value;
    }
    if (value == nullptr) {
      plans.push_back(plan);
      continue;
    }
    if (value->IsNull()) {
      plan.state = KeyState::kSupplied;
      record.searched |= t.searched;  // null: the EHR has no such data
    } else if (is_operation_outcome(*value)) {
      plan.state = KeyState::kFailed;
    } else {
      const std::size_t foreign_patients = record.foreign_count(fhir::Patient::kType);
      prefetch_path(t.key, path);
      if (auto wrong = wrong_read_type(t, *value, path)) return Unexpected(std::move(*wrong));
      const std::size_t pages_before = record.next_pages.size();
      auto added = fhir::add_to_record(record, t.key, *value, path);
      if (!added) return Unexpected(RequestError{added.error().path, added.error().message});
      used_prefetch = true;
      plan.state = KeyState::kSupplied;
      record.searched |= t.searched;
      if (!record.patient && record.foreign_count(fhir::Patient::kType) > foreign_patients) {
        plan.state = KeyState::kMissing;
        plan.replaces_foreign_patient = true;
      } else if (record.next_pages.size() > pages_before) {
        plan.state = KeyState::kIncomplete;
        plan.next_url = record.next_pages.back().url;
      }
    }
    plans.push_back(plan);
  }

  // 2. What must come from fhirServer.
  std::optional<FhirServerUrl> server;
  bool refused_plain_http = false;
  if (!request.fhir_server.empty()) {
    auto parsed = parse_fhir_server_url(request.fhir_server);
    if (!parsed) return Unexpected(RequestError{"/fhirServer", parsed.error()});
    if (client.allows(*parsed)) {
      server = std::move(*parsed);
    } else {
      refused_plain_http = true;
      log::warn("fhir_server_refused").str("reason", "plain http (see --fhir-allow-http)");
    }
  }
  const TemplateTokens tokens{request.patient_id, request.encounter_id, request.user_id};
  std::vector<FhirQuery> queries;
  std::vector<std::size_t> query_plan;  // plans index per query
  for (std::size_t i = 0; i < plans.size(); ++i) {
    KeyPlan& p = plans[i];
    if (p.state == KeyState::kSupplied) continue;
    if (!server) {
      if (p.state == KeyState::kIncomplete) {
        data->truncated.push_back(p.tmpl->key);
      } else if (p.needed()) {
        data->unobtainable.push_back(p.tmpl->key);
        if (refused_plain_http) {
          data->failures.push_back(std::string(p.tmpl->key) +
                                   ": fhirServer is plain http://, which this service does not "
                                   "call (it would send the access token unencrypted; "
                                   "--fhir-allow-http allows it for testing)");
        }
      }
      continue;
    }
    FhirQuery q;
    q.key = std::string(p.tmpl->key);
    if (p.state == KeyState::kIncomplete) {
      auto target = same_origin_target(*server, p.next_url);
      if (!target) {  // the token must not follow a link to another server
        data->truncated.push_back(p.tmpl->key);
        continue;
      }
      q.target = std::move(*target);
    } else {
      auto query = resolve_template(p.tmpl->query, tokens);
      if (!query) {
        if (p.needed()) data->unobtainable.push_back(p.tmpl->key);
        continue;
      }
      q.is_read = query->find('?') == std::string::npos;
      q.target = target_for(*server, *query);
    }
    queries.push_back(std::move(q));
    query_plan.push_back(i);
  }

  // 3. Fetch in parallel, then add what came.
  bool used_fhir = false;
  if (!queries.empty()) {
    const std::string_view token =
        request.has_authorization ? request.authorization.access_token : std::string_view{};
    if (slot != nullptr) slot->release();
    auto results = client.fetch(*server, token, queries);
    if (slot != nullptr) slot->take();
    for (std::size_t q = 0; q < results.size(); ++q) {
      FhirFetchResult& r = results[q];
      const KeyPlan& p = plans[query_plan[q]];
      const std::string_view key = p.tmpl->key;
      bool usable = r.ok;
      if (usable) {
        for (std::size_t page = 0; page < r.pages.size() && usable; ++page) {
          auto added = fhir::add_to_record(record, key, *r.pages[page], "");
          if (!added) {
            usable = false;
            r.failure = "the FHIR server sent a malformed resource";
          }
          data->fetched.push_back(std::move(r.pages[page]));
        }
      }
      if (usable) {
        used_fhir = true;
        record.searched |= p.tmpl->searched;
        data->fetched_keys.push_back(key);
        if (r.truncated) data->truncated.push_back(key);
        continue;
      }
      data->failures.push_back(std::string(key) + ": " + r.failure);
      if (p.state == KeyState::kIncomplete) {
        data->truncated.push_back(key);  // the first page still counts
      } else if (p.needed()) {
        data->unobtainable.push_back(key);
      }
    }
  }
  for (const KeyPlan& p : plans) {
    if (!p.replaces_foreign_patient || record.patient) continue;
    const std::string_view key = p.tmpl->key;
    // Without a server, or when the server's answer named another patient too.
    if (std::find(data->unobtainable.begin(), data->unobtainable.end(), key) ==
        data->unobtainable.end()) {
      data->unobtainable.push_back(key);
    }
    data->failures.push_back(std::string(key) + ": the prefetched Patient is another patient");
  }
  record.next_pages.clear();  // followed (or given up on) above

  data->source = used_prefetch && used_fhir ? DataSource::kMixed
                 : used_fhir                ? DataSource::kFhir
                 : used_prefetch            ? DataSource::kPrefetch
                                            : DataSource::kNone;
  return data;
}

}  // namespace auc::hooks
