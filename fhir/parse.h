// Reading FHIR resources out of a RapidJSON document. The result holds views into the document:
// the caller keeps the document alive as long as the parsed value. Nothing here throws.
#pragma once

#include <rapidjson/document.h>

#include <string_view>

#include "fhir/expected.h"
#include "fhir/parse_error.h"
#include "fhir/resources.h"

namespace auc::fhir {

// The object's "resourceType", or "" when it is not an object or has none.
std::string_view resource_type_of(const rapidjson::Value& json);

// Reads one resource of type R (ServiceRequest, Condition, Procedure, ImagingStudy,
// DiagnosticReport, Observation, Patient, AllergyIntolerance, Device, OperationOutcome, Bundle).
// `path` is the JSON Pointer of `json` in the request, used to name the element in errors.
// Fails when json is not an object, its resourceType differs, or a read element has the wrong
// JSON type or an invalid date.
template <class R>
Expected<R, ParseError> parse_resource(const rapidjson::Value& json, std::string_view path);

}  // namespace auc::fhir
