// One reader per resource: which elements are read, and in which FHIR choice forms.
// Each reader collects the object's members in one pass (json::Members over a static name table
// that starts with resourceType and id), then reads them in a fixed order: the first error in
// that order is the one reported.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "fhir/json_read.h"
#include "fhir/parse.h"

namespace auc::fhir {
namespace {

using json::Members;
using json::Names;
using json::read;
using json::read_time_choice;
using rapidjson::Value;

// Every resource table begins with these two, so the resource's type check and id share the
// resource's single pass over its members.
enum { kResourceType, kId, kFirstBodyElement };

template <class R, std::size_t N>
bool read_common(const Members<N>& m, R& r, JsonCursor& c) {
  const Value* type = m.value(kResourceType);
  if (type == nullptr || !type->IsString() || json::view(*type) != R::kType) {
    const auto key = c.key(m.name(kResourceType));
    return c.fail(std::string("expected \"") + std::string(R::kType) + "\"");
  }
  return read(m, kId, r.id, c);
}

template <std::size_t N>
bool read_integer(const Members<N>& m, std::size_t i, std::optional<std::int64_t>& out,
                  JsonCursor& c) {
  const Value* v = m.value(i);
  if (v == nullptr) return true;
  const auto key = c.key(m.name(i));
  if (!v->IsInt64()) return c.fail("expected an integer");
  out = v->GetInt64();
  return true;
}

// Whether any abatement[x] form says the condition abated: every form but abatementBoolean false.
template <std::size_t N>
bool read_abated(const Members<N>& m, std::initializer_list<std::size_t> forms, std::size_t boolean,
                 bool& out, JsonCursor& c) {
  for (std::size_t i : forms) {
    if (m.value(i) != nullptr) out = true;
  }
  if (const Value* b = m.value(boolean)) {
    const auto key = c.key(m.name(boolean));
    if (!b->IsBool()) return c.fail("expected a boolean");
    out = out || b->GetBool();
  }
  return true;
}

bool read_resource(const Value& v, ServiceRequest& r, JsonCursor& c) {
  enum {
    kStatus = kFirstBodyElement,
    kIntent,
    kCategory,
    kCode,
    kOrderDetail,
    kSubject,
    kAuthoredOn,
    kOccurrenceDateTime,
    kOccurrencePeriod,
    kReasonCode,
    kReasonReference,
    kBodySite,
    kCount
  };
  static constexpr Names<kCount> kNames = {"resourceType",     "id",
                                           "status",           "intent",
                                           "category",         "code",
                                           "orderDetail",      "subject",
                                           "authoredOn",       "occurrenceDateTime",
                                           "occurrencePeriod", "reasonCode",
                                           "reasonReference",  "bodySite"};
  const Members m(v, kNames);
  return read_common(m, r, c) && read(m, kStatus, r.status, c) && read(m, kIntent, r.intent, c) &&
         read(m, kCategory, r.category, c) && read(m, kCode, r.code, c) &&
         read(m, kOrderDetail, r.order_detail, c) && read(m, kSubject, r.subject, c) &&
         read(m, kAuthoredOn, r.authored_on, c) &&
         read_time_choice(m, kOccurrenceDateTime, kOccurrencePeriod, r.occurrence, c) &&
         read(m, kReasonCode, r.reason_code, c) &&
         read(m, kReasonReference, r.reason_reference, c) && read(m, kBodySite, r.body_site, c);
}

bool read_resource(const Value& v, Condition& r, JsonCursor& c) {
  enum {
    kClinicalStatus = kFirstBodyElement,
    kVerificationStatus,
    kCategory,
    kCode,
    kBodySite,
    kSubject,
    kOnsetDateTime,
    kOnsetPeriod,
    kAbatementDateTime,
    kAbatementPeriod,
    kAbatementAge,
    kAbatementRange,
    kAbatementString,
    kAbatementBoolean,
    kRecordedDate,
    kNote,
    kCount
  };
  static constexpr Names<kCount> kNames = {"resourceType",      "id",
                                           "clinicalStatus",    "verificationStatus",
                                           "category",          "code",
                                           "bodySite",          "subject",
                                           "onsetDateTime",     "onsetPeriod",
                                           "abatementDateTime", "abatementPeriod",
                                           "abatementAge",      "abatementRange",
                                           "abatementString",   "abatementBoolean",
                                           "recordedDate",      "note"};
  const Members m(v, kNames);
  return read_common(m, r, c) && read(m, kClinicalStatus, r.clinical_status, c) &&
         read(m, kVerificationStatus, r.verification_status, c) &&
         read(m, kCategory, r.category, c) && read(m, kCode, r.code, c) &&
         read(m, kBodySite, r.body_site, c) && read(m, kSubject, r.subject, c) &&
         read_time_choice(m, kOnsetDateTime, kOnsetPeriod, r.onset, c) &&
         read_time_choice(m, kAbatementDateTime, kAbatementPeriod, r.abatement, c) &&
         read_abated(m,
                     {kAbatementDateTime, kAbatementPeriod, kAbatementAge, kAbatementRange,
                      kAbatementString},
                     kAbatementBoolean, r.abated, c) &&
         read(m, kRecordedDate, r.recorded_date, c) && json::read_notes(m, kNote, r.note, c);
}

bool read_resource(const Value& v, Procedure& r, JsonCursor& c) {
  enum {
    kStatus = kFirstBodyElement,
    kCode,
    kSubject,
    kPerformedDateTime,
    kPerformedPeriod,
    kBodySite,
    kReasonCode,
    kCount
  };
  static constexpr Names<kCount> kNames = {
      "resourceType",    "id",       "status",    "code", "subject", "performedDateTime",
      "performedPeriod", "bodySite", "reasonCode"};
  const Members m(v, kNames);
  return read_common(m, r, c) && read(m, kStatus, r.status, c) && read(m, kCode, r.code, c) &&
         read(m, kSubject, r.subject, c) &&
         read_time_choice(m, kPerformedDateTime, kPerformedPeriod, r.performed, c) &&
         read(m, kBodySite, r.body_site, c) && read(m, kReasonCode, r.reason_code, c);
}

// Unlike the datatype arrays, a null series, issue, link or entry is an error, not skipped.
bool read_series(const Value& v, ImagingSeries& s, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected an object");
  enum { kModality, kBodySite, kCount };
  static constexpr Names<kCount> kNames = {"modality", "bodySite"};
  const Members m(v, kNames);
  return read(m, kModality, s.modality, c) && read(m, kBodySite, s.body_site, c);
}

bool read_resource(const Value& v, ImagingStudy& r, JsonCursor& c) {
  enum {
    kStatus = kFirstBodyElement,
    kModality,
    kStarted,
    kProcedureCode,
    kReasonCode,
    kSeries,
    kCount
  };
  static constexpr Names<kCount> kNames = {"resourceType", "id",      "status",
                                           "modality",     "started", "procedureCode",
                                           "reasonCode",   "series"};
  const Members m(v, kNames);
  if (!(read_common(m, r, c) && read(m, kStatus, r.status, c) &&
        read(m, kModality, r.modality, c) && read(m, kStarted, r.started, c) &&
        read(m, kProcedureCode, r.procedure_code, c) && read(m, kReasonCode, r.reason_code, c))) {
    return false;
  }
  const Value* series = m.value(kSeries);
  if (series == nullptr) return true;
  const auto key = c.key(m.name(kSeries));
  if (!series->IsArray()) return c.fail("expected an array");
  r.series.reserve(series->Size());
  for (rapidjson::SizeType i = 0; i < series->Size(); ++i) {
    const auto index = c.index(i);
    if (!read_series((*series)[i], r.series.emplace_back(), c)) return false;
  }
  return true;
}

bool read_resource(const Value& v, DiagnosticReport& r, JsonCursor& c) {
  enum {
    kStatus = kFirstBodyElement,
    kCategory,
    kCode,
    kEffectiveDateTime,
    kEffectivePeriod,
    kIssued,
    kConclusion,
    kConclusionCode,
    kPresentedForm,
    kCount
  };
  static constexpr Names<kCount> kNames = {"resourceType",    "id",           "status",
                                           "category",        "code",         "effectiveDateTime",
                                           "effectivePeriod", "issued",       "conclusion",
                                           "conclusionCode",  "presentedForm"};
  const Members m(v, kNames);
  return read_common(m, r, c) && read(m, kStatus, r.status, c) &&
         read(m, kCategory, r.category, c) && read(m, kCode, r.code, c) &&
         read_time_choice(m, kEffectiveDateTime, kEffectivePeriod, r.effective, c) &&
         read(m, kIssued, r.issued, c) && read(m, kConclusion, r.conclusion, c) &&
         read(m, kConclusionCode, r.conclusion_code, c) &&
         read(m, kPresentedForm, r.presented_form, c);
}

bool read_resource(const Value& v, Observation& r, JsonCursor& c) {
  enum {
    kStatus = kFirstBodyElement,
    kCategory,
    kCode,
    kEffectiveDateTime,
    kEffectivePeriod,
    kEffectiveInstant,
    kIssued,
    kValueCodeableConcept,
    kValueQuantity,
    kValueString,
    kValueInteger,
    kBodySite,
    kSubject,
    kNote,
    kCount
  };
  static constexpr Names<kCount> kNames = {"resourceType",
                                           "id",
                                           "status",
                                           "category",
                                           "code",
                                           "effectiveDateTime",
                                           "effectivePeriod",
                                           "effectiveInstant",
                                           "issued",
                                           "valueCodeableConcept",
                                           "valueQuantity",
                                           "valueString",
                                           "valueInteger",
                                           "bodySite",
                                           "subject",
                                           "note"};
  const Members m(v, kNames);
  return read_common(m, r, c) && read(m, kStatus, r.status, c) &&
         read(m, kCategory, r.category, c) && read(m, kCode, r.code, c) &&
         read_time_choice(m, kEffectiveDateTime, kEffectivePeriod, r.effective, c,
                          kEffectiveInstant) &&
         read(m, kIssued, r.issued, c) &&
         read(m, kValueCodeableConcept, r.value_codeable_concept, c) &&
         read(m, kValueQuantity, r.value_quantity, c) && read(m, kValueString, r.value_string, c) &&
         read_integer(m, kValueInteger, r.value_integer, c) && read(m, kBodySite, r.body_site, c) &&
         read(m, kSubject, r.subject, c) && json::read_notes(m, kNote, r.note, c);
}

bool read_resource(const Value& v, Patient& r, JsonCursor& c) {
  enum { kBirthDate = kFirstBodyElement, kGender, kCount };
  static constexpr Names<kCount> kNames = {"resourceType", "id", "birthDate", "gender"};
  const Members m(v, kNames);
  return read_common(m, r, c) && read(m, kBirthDate, r.birth_date, c) &&
         read(m, kGender, r.gender, c);
}

}  // namespace

bool read_value(const Value& v, AllergyReaction& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a reaction object");
  enum { kSubstance, kManifestation, kCount };
  static constexpr Names<kCount> kNames = {"substance", "manifestation"};
  const Members m(v, kNames);
  return read(m, kSubstance, out.substance, c) && read(m, kManifestation, out.manifestation, c);
}

bool read_value(const Value& v, DeviceName& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a deviceName object");
  enum { kName, kType, kCount };
  static constexpr Names<kCount> kNames = {"name", "type"};
  const Members m(v, kNames);
  return read(m, kName, out.name, c) && read(m, kType, out.type, c);
}

namespace {

bool read_resource(const Value& v, AllergyIntolerance& r, JsonCursor& c) {
  enum {
    kClinicalStatus = kFirstBodyElement,
    kVerificationStatus,
    kCategory,
    kCriticality,
    kCode,
    kPatient,
    kOnsetDateTime,
    kOnsetPeriod,
    kRecordedDate,
    kReaction,
    kCount
  };
  static constexpr Names<kCount> kNames = {
      "resourceType",  "id",          "clinicalStatus", "verificationStatus",
      "category",      "criticality", "code",           "patient",
      "onsetDateTime", "onsetPeriod", "recordedDate",   "reaction"};
  const Members m(v, kNames);
  return read_common(m, r, c) && read(m, kClinicalStatus, r.clinical_status, c) &&
         read(m, kVerificationStatus, r.verification_status, c) &&
         read(m, kCategory, r.category, c) && read(m, kCriticality, r.criticality, c) &&
         read(m, kCode, r.code, c) && read(m, kPatient, r.patient, c) &&
         read_time_choice(m, kOnsetDateTime, kOnsetPeriod, r.onset, c) &&
         read(m, kRecordedDate, r.recorded_date, c) && read(m, kReaction, r.reaction, c);
}

bool read_resource(const Value& v, Device& r, JsonCursor& c) {
  enum { kStatus = kFirstBodyElement, kType, kDeviceName, kSafety, kPatient, kCount };
  static constexpr Names<kCount> kNames = {"resourceType", "id",     "status", "type",
                                           "deviceName",   "safety", "patient"};
  const Members m(v, kNames);
  return read_common(m, r, c) && read(m, kStatus, r.status, c) && read(m, kType, r.type, c) &&
         read(m, kDeviceName, r.device_name, c) && read(m, kSafety, r.safety, c) &&
         read(m, kPatient, r.patient, c);
}

bool read_issue(const Value& v, OperationOutcomeIssue& i, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected an object");
  enum { kSeverity, kCode, kDetails, kDiagnostics, kCount };
  static constexpr Names<kCount> kNames = {"severity", "code", "details", "diagnostics"};
  const Members m(v, kNames);
  return read(m, kSeverity, i.severity, c) && read(m, kCode, i.code, c) &&
         read(m, kDetails, i.details, c) && read(m, kDiagnostics, i.diagnostics, c);
}

bool read_resource(const Value& v, OperationOutcome& r, JsonCursor& c) {
  enum { kIssue = kFirstBodyElement, kCount };
  static constexpr Names<kCount> kNames = {"resourceType", "id", "issue"};
  const Members m(v, kNames);
  if (!read_common(m, r, c)) return false;
  const Value* issues = m.value(kIssue);
  if (issues == nullptr) return true;
  const auto key = c.key(m.name(kIssue));
  if (!issues->IsArray()) return c.fail("expected an array");
  r.issue.reserve(issues->Size());
  for (rapidjson::SizeType i = 0; i < issues->Size(); ++i) {
    const auto index = c.index(i);
    if (!read_issue((*issues)[i], r.issue.emplace_back(), c)) return false;
  }
  return true;
}

bool read_link(const Value& v, Bundle& r, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected an object");
  enum { kRelation, kUrl, kCount };
  static constexpr Names<kCount> kNames = {"relation", "url"};
  const Members m(v, kNames);
  std::string_view relation, url;
  if (!read(m, kRelation, relation, c) || !read(m, kUrl, url, c)) return false;
  if (relation == "next") r.next = url;
  return true;
}

bool read_entry(const Value& v, BundleEntry& e, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected an object");
  enum { kFullUrl, kResource, kCount };
  static constexpr Names<kCount> kNames = {"fullUrl", "resource"};
  const Members m(v, kNames);
  if (!read(m, kFullUrl, e.full_url, c)) return false;
  const Value* resource = m.value(kResource);
  if (resource == nullptr) return true;  // e.g. a deleted entry in a history bundle
  const auto key = c.key(m.name(kResource));
  if (!resource->IsObject()) return c.fail("expected a resource object");
  // resourceType comes first in practice, so this lookup stops at the first member.
  const Value* type = json::member(*resource, "resourceType");
  if (type == nullptr || !type->IsString()) {
    const auto type_key = c.key("resourceType");
    return c.fail("expected a resourceType string");
  }
  e.resource_type = json::view(*type);
  e.resource = resource;
  return true;
}

bool read_resource(const Value& v, Bundle& r, JsonCursor& c) {
  enum { kType = kFirstBodyElement, kTotal, kLink, kEntry, kCount };
  static constexpr Names<kCount> kNames = {"resourceType", "id", "type", "total", "link", "entry"};
  const Members m(v, kNames);
  if (!read_common(m, r, c) || !read(m, kType, r.type, c)) return false;
  if (const Value* total = m.value(kTotal)) {
    const auto key = c.key(m.name(kTotal));
    if (!total->IsUint64()) return c.fail("expected a non-negative integer");
    r.total = total->GetUint64();
  }
  if (const Value* links = m.value(kLink)) {
    const auto key = c.key(m.name(kLink));
    if (!links->IsArray()) return c.fail("expected an array");
    for (rapidjson::SizeType i = 0; i < links->Size(); ++i) {
      const auto index = c.index(i);
      if (!read_link((*links)[i], r, c)) return false;
    }
  }
  const Value* entries = m.value(kEntry);
  if (entries == nullptr) return true;
  const auto key = c.key(m.name(kEntry));
  if (!entries->IsArray()) return c.fail("expected an array");
  r.entry.reserve(entries->Size());
  for (rapidjson::SizeType i = 0; i < entries->Size(); ++i) {
    const auto index = c.index(i);
    if (!read_entry((*entries)[i], r.entry.emplace_back(), c)) return false;
  }
  return true;
}

}  // namespace

std::string_view resource_type_of(const rapidjson::Value& v) {
  if (!v.IsObject()) return {};
  const Value* type = json::member(v, "resourceType");
  if (type == nullptr || !type->IsString()) return {};
  return json::view(*type);
}

template <class R>
Expected<R, ParseError> parse_resource(const rapidjson::Value& v, std::string_view path) {
  JsonCursor c(path);
  if (!v.IsObject()) {
    c.fail("expected a FHIR resource object");
    return Unexpected{c.take_error()};
  }
  R r;
  r.json = &v;
  if (!read_resource(v, r, c)) return Unexpected{c.take_error()};
  return r;
}

template Expected<ServiceRequest, ParseError> parse_resource(const Value&, std::string_view);
template Expected<Condition, ParseError> parse_resource(const Value&, std::string_view);
template Expected<Procedure, ParseError> parse_resource(const Value&, std::string_view);
template Expected<ImagingStudy, ParseError> parse_resource(const Value&, std::string_view);
template Expected<DiagnosticReport, ParseError> parse_resource(const Value&, std::string_view);
template Expected<Observation, ParseError> parse_resource(const Value&, std::string_view);
template Expected<Patient, ParseError> parse_resource(const Value&, std::string_view);
template Expected<AllergyIntolerance, ParseError> parse_resource(const Value&, std::string_view);
template Expected<Device, ParseError> parse_resource(const Value&, std::string_view);
template Expected<OperationOutcome, ParseError> parse_resource(const Value&, std::string_view);
template Expected<Bundle, ParseError> parse_resource(const Value&, std::string_view);

}  // namespace auc::fhir
