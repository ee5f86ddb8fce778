// One reader per resource: which elements are read, and in which FHIR choice forms.
#include "fhir/json_read.h"
#include "fhir/parse.h"

namespace auc::fhir {
namespace {

using json::read;
using json::read_time_choice;
using rapidjson::Value;

bool read_body(const Value& v, ServiceRequest& r, JsonCursor& c) {
  return read(v, "status", r.status, c) && read(v, "intent", r.intent, c) &&
         read(v, "category", r.category, c) && read(v, "code", r.code, c) &&
         read(v, "orderDetail", r.order_detail, c) && read(v, "subject", r.subject, c) &&
         read(v, "authoredOn", r.authored_on, c) &&
         read_time_choice(v, "occurrenceDateTime", "occurrencePeriod", r.occurrence, c) &&
         read(v, "reasonCode", r.reason_code, c) &&
         read(v, "reasonReference", r.reason_reference, c) && read(v, "bodySite", r.body_site, c);
}

bool read_body(const Value& v, Condition& r, JsonCursor& c) {
  return read(v, "clinicalStatus", r.clinical_status, c) &&
         read(v, "verificationStatus", r.verification_status, c) &&
         read(v, "category", r.category, c) && read(v, "code", r.code, c) &&
         read(v, "bodySite", r.body_site, c) && read(v, "subject", r.subject, c) &&
         read_time_choice(v, "onsetDateTime", "onsetPeriod", r.onset, c) &&
         read_time_choice(v, "abatementDateTime", "abatementPeriod", r.abatement, c) &&
         read(v, "recordedDate", r.recorded_date, c);
}

bool read_body(const Value& v, Procedure& r, JsonCursor& c) {
  return read(v, "status", r.status, c) && read(v, "code", r.code, c) &&
         read(v, "subject", r.subject, c) &&
         read_time_choice(v, "performedDateTime", "performedPeriod", r.performed, c) &&
         read(v, "bodySite", r.body_site, c) && read(v, "reasonCode", r.reason_code, c);
}

bool read_series(const Value& v, ImagingSeries& s, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected an object");
  return read(v, "modality", s.modality, c) && read(v, "bodySite", s.body_site, c);
}

bool read_body(const Value& v, ImagingStudy& r, JsonCursor& c) {
  if (!(read(v, "status", r.status, c) && read(v, "modality", r.modality, c) &&
        read(v, "started", r.started, c) && read(v, "procedureCode", r.procedure_code, c) &&
        read(v, "reasonCode", r.reason_code, c))) {
    return false;
  }
  const Value* series = json::member(v, "series");
  if (series == nullptr) return true;
  const auto key = c.key("series");
  if (!series->IsArray()) return c.fail("expected an array");
  r.series.reserve(series->Size());
  for (rapidjson::SizeType i = 0; i < series->Size(); ++i) {
    const auto index = c.index(i);
    ImagingSeries s;
    if (!read_series((*series)[i], s, c)) return false;
    r.series.push_back(s);
  }
  return true;
}

bool read_body(const Value& v, DiagnosticReport& r, JsonCursor& c) {
  return read(v, "status", r.status, c) && read(v, "category", r.category, c) &&
         read(v, "code", r.code, c) &&
         read_time_choice(v, "effectiveDateTime", "effectivePeriod", r.effective, c) &&
         read(v, "issued", r.issued, c) && read(v, "conclusion", r.conclusion, c) &&
         read(v, "conclusionCode", r.conclusion_code, c);
}

bool read_body(const Value& v, Observation& r, JsonCursor& c) {
  return read(v, "status", r.status, c) && read(v, "category", r.category, c) &&
         read(v, "code", r.code, c) &&
         read_time_choice(v, "effectiveDateTime", "effectivePeriod", r.effective, c,
                          "effectiveInstant") &&
         read(v, "issued", r.issued, c) &&
         read(v, "valueCodeableConcept", r.value_codeable_concept, c) &&
         read(v, "valueQuantity", r.value_quantity, c) && read(v, "bodySite", r.body_site, c);
}

bool read_body(const Value& v, Patient& r, JsonCursor& c) {
  return read(v, "birthDate", r.birth_date, c) && read(v, "gender", r.gender, c);
}

bool read_body(const Value& v, AllergyIntolerance& r, JsonCursor& c) {
  return read(v, "clinicalStatus", r.clinical_status, c) &&
         read(v, "verificationStatus", r.verification_status, c) &&
         read(v, "category", r.category, c) && read(v, "criticality", r.criticality, c) &&
         read(v, "code", r.code, c);
}

bool read_body(const Value& v, Device& r, JsonCursor& c) {
  return read(v, "status", r.status, c) && read(v, "type", r.type, c);
}

bool read_issue(const Value& v, OperationOutcomeIssue& i, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected an object");
  return read(v, "severity", i.severity, c) && read(v, "code", i.code, c) &&
         read(v, "details", i.details, c) && read(v, "diagnostics", i.diagnostics, c);
}

bool read_body(const Value& v, OperationOutcome& r, JsonCursor& c) {
  const Value* issues = json::member(v, "issue");
  if (issues == nullptr) return true;
  const auto key = c.key("issue");
  if (!issues->IsArray()) return c.fail("expected an array");
  r.issue.reserve(issues->Size());
  for (rapidjson::SizeType i = 0; i < issues->Size(); ++i) {
    const auto index = c.index(i);
    OperationOutcomeIssue issue;
    if (!read_issue((*issues)[i], issue, c)) return false;
    r.issue.push_back(std::move(issue));
  }
  return true;
}

bool read_entry(const Value& v, BundleEntry& e, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected an object");
  if (!read(v, "fullUrl", e.full_url, c)) return false;
  const Value* resource = json::member(v, "resource");
  if (resource == nullptr) return true;  // e.g. a deleted entry in a history bundle
  const auto key = c.key("resource");
  if (!resource->IsObject()) return c.fail("expected a resource object");
  const Value* type = json::member(*resource, "resourceType");
  if (type == nullptr || !type->IsString()) {
    const auto type_key = c.key("resourceType");
    return c.fail("expected a resourceType string");
  }
  e.resource_type = json::view(*type);
  e.resource = resource;
  return true;
}

bool read_body(const Value& v, Bundle& r, JsonCursor& c) {
  if (!read(v, "type", r.type, c)) return false;
  if (const Value* total = json::member(v, "total")) {
    const auto key = c.key("total");
    if (!total->IsUint64()) return c.fail("expected a non-negative integer");
    r.total = total->GetUint64();
  }
  if (const Value* links = json::member(v, "link")) {
    const auto key = c.key("link");
    if (!links->IsArray()) return c.fail("expected an array");
    for (rapidjson::SizeType i = 0; i < links->Size(); ++i) {
      const auto index = c.index(i);
      const Value& link = (*links)[i];
      if (!link.IsObject()) return c.fail("expected an object");
      std::string_view relation, url;
      if (!read(link, "relation", relation, c) || !read(link, "url", url, c)) return false;
      if (relation == "next") r.next = url;
    }
  }
  const Value* entries = json::member(v, "entry");
  if (entries == nullptr) return true;
  const auto key = c.key("entry");
  if (!entries->IsArray()) return c.fail("expected an array");
  r.entry.reserve(entries->Size());
  for (rapidjson::SizeType i = 0; i < entries->Size(); ++i) {
    const auto index = c.index(i);
    BundleEntry e;
    if (!read_entry((*entries)[i], e, c)) return false;
    r.entry.push_back(e);
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
  if (resource_type_of(v) != R::kType) {
    const auto key = c.key("resourceType");
    c.fail(std::string("expected \"") + std::string(R::kType) + "\"");
    return Unexpected{c.take_error()};
  }
  R r;
  r.json = &v;
  if (!read(v, "id", r.id, c) || !read_body(v, r, c)) return Unexpected{c.take_error()};
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
