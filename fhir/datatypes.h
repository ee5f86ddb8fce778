// FHIR R4 general-purpose data types, as read-only views into a RapidJSON document.
// Every std::string_view points into the rapidjson::Document the caller keeps alive.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "fhir/datetime.h"

namespace auc::fhir {

struct Coding {
  std::string_view system;
  std::string_view code;
  std::string_view display;
};

struct CodeableConcept {
  std::vector<Coding> coding;
  std::string_view text;

  bool empty() const { return coding.empty() && text.empty(); }
  // True when any coding has this code (system ignored when `system` is empty).
  bool has_code(std::string_view system, std::string_view code) const {
    for (const Coding& c : coding) {
      if (c.code == code && (system.empty() || c.system == system)) return true;
    }
    return false;
  }
};

struct Reference {
  std::string_view reference;  // "Condition/123", "urn:uuid:...", absolute URL
  std::string_view display;
};

struct Period {
  std::optional<DateTime> start;
  std::optional<DateTime> end;
};

struct Quantity {
  std::optional<double> value;
  std::string_view comparator;  // "<", "<=", ">=", ">" or empty
  std::string_view unit;
  std::string_view system;
  std::string_view code;
};

// An Attachment's inline or referenced content; `data` stays base64 as sent.
struct Attachment {
  std::string_view content_type;
  std::string_view data;  // base64
  std::string_view url;
};

}  // namespace auc::fhir
