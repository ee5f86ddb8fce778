// A FHIR input that does not fit the model: where (JSON Pointer) and why.
#pragma once

#include <string>

namespace auc::fhir {

struct ParseError {
  std::string path;     // JSON Pointer, e.g. "/prefetch/conditions/entry/3/resource/code"
  std::string message;  // what was expected there, e.g. "expected a string"
  std::string to_string() const { return path + ": " + message; }
};

}  // namespace auc::fhir
