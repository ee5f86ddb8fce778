// Why a CDS Hooks request body was refused: the JSON Pointer of the offending element and what was
// expected there. Becomes a 400 OperationOutcome whose `expression` is the path.
#pragma once

#include <string>

namespace auc::hooks {

struct RequestError {
  std::string path;     // JSON Pointer into the request body, e.g. "/context/selections/0"
  std::string message;  // safe to return and log: never echoes values from the body
};

}  // namespace auc::hooks
