#include "fhir/patient_record.h"

#include <span>
#include <string>
#include <type_traits>

#include "fhir/parse.h"
#include "fhir/patient_scope.h"

namespace auc::fhir {
namespace {

// Errors from a nested parse carry a path relative to the resource; prefix it.
ParseError relocate(ParseError e, std::string_view prefix) {
  e.path.insert(0, prefix);
  return e;
}

std::string entry_path(std::string_view path, std::size_t i) {
  std::string p(path);
  p += "/entry/";
  p += std::to_string(i);
  p += "/resource";
  return p;
}

// Calls `f` with the record's list for resources of `type`; false when the record keeps no list
// of that type (Patient and OperationOutcome are kept differently; other types are ignored).
template <class F>
bool with_list(PatientRecord& rec, std::string_view type, F&& f) {
  if (type == Condition::kType) {
    f(rec.conditions);
  } else if (type == Procedure::kType) {
    f(rec.procedures);
  } else if (type == ImagingStudy::kType) {
    f(rec.imaging_studies);
  } else if (type == DiagnosticReport::kType) {
    f(rec.diagnostic_reports);
  } else if (type == Observation::kType) {
    f(rec.observations);
  } else if (type == AllergyIntolerance::kType) {
    f(rec.allergies);
  } else if (type == Device::kType) {
    f(rec.devices);
  } else if (type == ServiceRequest::kType) {
    f(rec.service_requests);
  } else {
    return false;
  }
  return true;
}

void count_foreign(PatientRecord& rec, std::string_view type) {
  for (DroppedResources& d : rec.foreign) {
    if (d.type == type) {
      ++d.count;
      return;
    }
  }
  rec.foreign.push_back({type, 1});
}

// False when the resource is another patient's: it is counted and must not be read.
bool belongs_to_patient(PatientRecord& rec, std::string_view type, const rapidjson::Value& v,
                        const BundleUrls& entries) {
  if (rec.patient_id.empty()) return true;
  switch (resource_ownership(v, type, rec.patient_id, entries)) {
    case Ownership::kThisPatient:
      return true;
    case Ownership::kNoSubject:
      ++rec.without_subject;
      return true;
    case Ownership::kOtherPatient:
    case Ownership::kUnresolved:
      break;
  }
  count_foreign(rec, type);
  return false;
}

// Dispatches one resource by type. `prefix` is only materialised on error.
template <class PrefixFn>
bool add_resource(PatientRecord& rec, std::string_view key, std::string_view type,
                  const rapidjson::Value& v, const BundleUrls& entries, PrefixFn prefix,
                  std::optional<ParseError>& error) {
  if (!belongs_to_patient(rec, type, v, entries)) return true;
  bool ok = true;
  const bool listed = with_list(rec, type, [&](auto& out) {
    using R = typename std::decay_t<decltype(out)>::value_type;
    auto r = parse_resource<R>(v, "");
    if (!r) {
      error = relocate(r.error(), prefix());
      ok = false;
      return;
    }
    out.push_back(std::move(*r));
  });
  if (listed) return ok;
  if (type == Patient::kType) {
    auto r = parse_resource<Patient>(v, "");
    if (!r) {
      error = relocate(r.error(), prefix());
      return false;
    }
    if (!rec.patient) rec.patient = std::move(*r);  // an _include may repeat the patient
    return true;
  }
  if (type == OperationOutcome::kType) {
    auto r = parse_resource<OperationOutcome>(v, "");
    if (!r) {
      error = relocate(r.error(), prefix());
      return false;
    }
    rec.outcomes.push_back({key, std::move(*r)});
    return true;
  }
  ++rec.ignored;
  return true;
}

}  // namespace

std::size_t PatientRecord::foreign_count() const {
  std::size_t n = 0;
  for (const DroppedResources& d : foreign) n += d.count;
  return n;
}

std::size_t PatientRecord::foreign_count(std::string_view type) const {
  for (const DroppedResources& d : foreign) {
    if (d.type == type) return d.count;
  }
  return 0;
}

Expected<Ok, ParseError> add_to_record(PatientRecord& rec, std::string_view key,
                                       const rapidjson::Value& value, std::string_view path) {
  if (value.IsNull()) return Ok{};
  const std::string_view type = resource_type_of(value);
  if (type.empty()) {
    return Unexpected{ParseError{std::string(path), "expected a FHIR resource or Bundle"}};
  }
  std::optional<ParseError> error;
  if (type != Bundle::kType) {
    if (!add_resource(
            rec, key, type, value, {}, [&] { return std::string(path); }, error)) {
      return Unexpected{std::move(*error)};
    }
    return Ok{};
  }
  auto bundle = parse_resource<Bundle>(value, path);
  if (!bundle) return Unexpected{bundle.error()};
  if (!bundle->next.empty()) rec.next_pages.push_back({key, bundle->next});
  // Reserve for the common case of a bundle holding one resource type.
  const std::size_t n = bundle->entry.size();
  if (n > 0) {
    with_list(rec, bundle->entry.front().resource_type,
              [&](auto& list) { list.reserve(list.size() + n); });
  }
  const BundleUrls urls(bundle->entry);
  for (std::size_t i = 0; i < n; ++i) {
    const BundleEntry& e = bundle->entry[i];
    if (e.resource == nullptr || e.resource_type == Bundle::kType) continue;
    if (!add_resource(
            rec, key, e.resource_type, *e.resource, urls, [&] { return entry_path(path, i); },
            error)) {
      return Unexpected{std::move(*error)};
    }
  }
  return Ok{};
}

Expected<std::vector<ServiceRequest>, ParseError> draft_service_requests(
    const rapidjson::Value& value, std::string_view path) {
  auto bundle = parse_resource<Bundle>(value, path);
  if (!bundle) return Unexpected{bundle.error()};
  std::vector<ServiceRequest> out;
  out.reserve(bundle->entry.size());
  for (std::size_t i = 0; i < bundle->entry.size(); ++i) {
    const BundleEntry& e = bundle->entry[i];
    if (e.resource == nullptr || e.resource_type != ServiceRequest::kType) continue;
    auto r = parse_resource<ServiceRequest>(*e.resource, "");
    if (!r) return Unexpected{relocate(r.error(), entry_path(path, i))};
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace auc::fhir
