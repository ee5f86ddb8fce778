#include "engine/red_flags/find_red_flags.h"

#include <algorithm>

#include "engine/facts/status_rules.h"

namespace auc::engine {
namespace {

// ICD-10-CM injury codes: 7th character S is the sequela of an old injury, not a new one.
bool icd_sequela(const fhir::Coding& c) {
  if (canonical_system(c.system) != kIcd10Cm) return false;
  int n = 0;
  for (char ch : c.code) {
    if (ch == '.') continue;
    if (++n == 7) return ch == 'S' || ch == 's';
  }
  return false;
}

class Finder {
 public:
  Finder(const Terminology& t, const RedFlagCatalog& c, bool fracture)
      : terms_(t), catalog_(c), fracture_(fracture) {}

  void statement(std::string_view type, std::string_view id, const fhir::CodeableConcept& code) {
    for (const fhir::Coding& coding : code.coding) {
      const CodeMapping* m = terms_.lookup(coding.system, coding.code);
      if (m == nullptr || !m->concept_id.starts_with(kRedFlagNamespace)) continue;
      const RedFlagKind* kind = catalog_.find(m->concept_id);
      if (kind == nullptr || (kind->needs_fracture && !fracture_) || icd_sequela(coding)) continue;
      const bool seen = std::any_of(found_.begin(), found_.end(), [&](const RedFlag& f) {
        return f.kind == kind && f.evidence.resource_type == type && f.evidence.id == id;
      });
      if (!seen) {
        found_.push_back({kind, Evidence{type, id, coding.system, coding.code, coding.display}});
      }
    }
  }

  std::vector<RedFlag> take() { return std::move(found_); }

 private:
  const Terminology& terms_;
  const RedFlagCatalog& catalog_;
  bool fracture_;
  std::vector<RedFlag> found_;
};

}  // namespace

std::string red_flag_text(const RedFlag& flag) {
  std::string out = flag.kind->name;
  out += " (";
  out += flag.evidence.reference();
  if (!flag.evidence.display.empty()) {
    out += ", \"";
    out += flag.evidence.display;
    out += '"';
  } else if (!flag.evidence.code.empty()) {
    out += ", ";
    out += flag.evidence.code;
  }
  out += "): the ACR topic \"";
  out += flag.kind->covering_topic;
  out += "\" covers this case";
  return out;
}

std::vector<RedFlag> find_red_flags(const Terminology& terminology, const RedFlagCatalog& catalog,
                                    const fhir::ServiceRequest& order,
                                    const fhir::PatientRecord& record, bool current_fracture) {
  if (catalog.kinds().empty()) return {};
  Finder f(terminology, catalog, current_fracture);
  for (const fhir::Condition& c : record.conditions) {
    if (condition_refuted(c) || !condition_current(c)) continue;
    f.statement(fhir::Condition::kType, c.id, c.code);
  }
  for (const fhir::CodeableConcept& reason : order.reason_code) {
    f.statement(fhir::ServiceRequest::kType, order.id, reason);
  }
  return f.take();
}

}  // namespace auc::engine
