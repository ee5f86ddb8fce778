#include "fhir/patient_scope.h"

#include <algorithm>
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

BundleUrls::BundleUrls(std::span<const BundleEntry> entries) : entries_(entries) {
  // Below this many entries a scan costs less than sorting.
  constexpr std::size_t kScanUpTo = 16;
  if (entries.size() <= kScanUpTo) return;
  by_url_.reserve(entries.size());
  for (const BundleEntry& e : entries) {
    if (e.resource != nullptr && !e.full_url.empty()) by_url_.push_back(&e);
  }
  // Stable: of entries sharing a fullUrl, the first stays first, as a scan would find it.
  std::stable_sort(by_url_.begin(), by_url_.end(), [](const BundleEntry* a, const BundleEntry* b) {
    return a->full_url < b->full_url;
  });
  entries_ = {};
}

const BundleEntry* BundleUrls::find(std::string_view full_url) const {
  if (full_url.empty()) return nullptr;
  for (const BundleEntry& e : entries_) {
    if (e.full_url == full_url && e.resource != nullptr) return &e;
  }
  const auto at = std::lower_bound(
      by_url_.begin(), by_url_.end(), full_url,
      [](const BundleEntry* e, std::string_view url) { return e->full_url < url; });
  return at != by_url_.end() && (*at)->full_url == full_url ? *at : nullptr;
}

Ownership reference_ownership(std::string_view reference, std::string_view patient_id,
                              const BundleUrls& bundle) {
  if (reference.empty()) return Ownership::kNoSubject;
  // A reference to a Bundle entry (urn:uuid, or an absolute URL used as fullUrl) is what that
  // entry is, whatever the reference's own shape.
  if (const BundleEntry* e = bundle.find(reference)) {
    if (e->resource_type != Patient::kType) return Ownership::kOtherPatient;
    return id_of(*e->resource) == patient_id ? Ownership::kThisPatient : Ownership::kOtherPatient;
  }
  if (reference.starts_with("urn:") || reference.starts_with('#')) return Ownership::kUnresolved;
  const std::optional<std::string_view> id = patient_id_in(reference);
  if (!id) return Ownership::kOtherPatient;  // a Group, a Location...: not this patient
  return *id == patient_id ? Ownership::kThisPatient : Ownership::kOtherPatient;
}

Ownership resource_ownership(const rapidjson::Value& resource, std::string_view type,
                             std::string_view patient_id, const BundleUrls& bundle) {
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
  return reference_ownership(json::view(*reference), patient_id, bundle);
}

}  // namespace auc::fhir
