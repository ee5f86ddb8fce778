#include "fhir/patient_scope.h"

#include <optional>

#include "fhir/json_read.h"

namespace auc::fhir {
namespace {

constexpr std::string_view kPatientSegment = "Patient/";
constexpr std::string_view kHistory = "/_history/";

// "Patient/7/_history/3" -> "Patient/7".
std::string_view without_version(std::string_view reference) {
  const std::size_t at = reference.rfind(kHistory);
  if (at == std::string_view::npos) return reference;
  return reference.substr(0, at);
}

// The id after "Patient/" when the reference is relative or an absolute URL whose last two
// segments are Patient and an id; nullopt otherwise.
std::optional<std::string_view> patient_id_in(std::string_view reference) {
  const std::string_view r = without_version(reference);
  const std::size_t slash = r.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view id = r.substr(slash + 1);
  const std::string_view head = r.substr(0, slash + 1);
  if (id.empty() || !head.ends_with(kPatientSegment)) return std::nullopt;
  if (head.size() > kPatientSegment.size() &&
      head[head.size() - kPatientSegment.size() - 1] != '/') {
    return std::nullopt;  // "XPatient/7" is not a Patient reference
  }
  return id;
}

std::string_view id_of(const rapidjson::Value& resource) {
  const rapidjson::Value* id = json::member(resource, "id");
  return id != nullptr && id->IsString() ? json::view(*id) : std::string_view{};
}

}  // namespace

std::string_view patient_element_of(std::string_view type) {
  if (type == AllergyIntolerance::kType || type == Device::kType) return "patient";
  if (type == Condition::kType || type == Procedure::kType || type == ImagingStudy::kType ||
      type == DiagnosticReport::kType || type == Observation::kType ||
      type == ServiceRequest::kType) {
    return "subject";
  }
  return {};
}

Ownership reference_ownership(std::string_view reference, std::string_view patient_id,
                              std::span<const BundleEntry> bundle_entries) {
  if (reference.empty()) return Ownership::kNoSubject;
  // A reference to a Bundle entry (urn:uuid, or an absolute URL used as fullUrl) is what that
  // entry is, whatever the reference's own shape.
  for (const BundleEntry& e : bundle_entries) {
    if (e.full_url != reference || e.resource == nullptr) continue;
    if (e.resource_type != Patient::kType) return Ownership::kOtherPatient;
    return id_of(*e.resource) == patient_id ? Ownership::kThisPatient : Ownership::kOtherPatient;
  }
  if (reference.starts_with("urn:") || reference.starts_with('#')) return Ownership::kUnresolved;
  const std::optional<std::string_view> id = patient_id_in(reference);
  if (!id) return Ownership::kOtherPatient;  // a Group, a Location...: not this patient
  return *id == patient_id ? Ownership::kThisPatient : Ownership::kOtherPatient;
}

Ownership resource_ownership(const rapidjson::Value& resource, std::string_view type,
                             std::string_view patient_id,
                             std::span<const BundleEntry> bundle_entries) {
  if (!resource.IsObject()) return Ownership::kThisPatient;  // the parser reports it
  if (type == Patient::kType) {
    const std::string_view id = id_of(resource);
    if (id.empty()) return Ownership::kNoSubject;
    return id == patient_id ? Ownership::kThisPatient : Ownership::kOtherPatient;
  }
  const std::string_view element = patient_element_of(type);
  if (element.empty()) return Ownership::kThisPatient;
  const rapidjson::Value* subject = json::member(resource, element);
  if (subject == nullptr || !subject->IsObject()) return Ownership::kNoSubject;
  const rapidjson::Value* reference = json::member(*subject, "reference");
  if (reference == nullptr || !reference->IsString()) {
    // Only an identifier or a display: nothing to check it against, as with no subject.
    return Ownership::kNoSubject;
  }
  return reference_ownership(json::view(*reference), patient_id, bundle_entries);
}

}  // namespace auc::fhir
