// What the record says about contrast allergies, renal function, implants and pregnancy, each
// with the resources it came from, and what could not be checked because the data was not
// supplied. Read from the same record as the clinical facts, with the same status rules:
// refuted and entered-in-error entries never count.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/safety/safety_rules.h"
#include "fhir/patient_record.h"

namespace auc::engine {

class KnowledgeBase;

// One resource behind a patient state: "gadolinium - anaphylaxis", "AllergyIntolerance/123",
// "2021-05-02" (date empty when the resource has none).
struct SafetySource {
  std::string description;
  std::string reference;
  std::string date;
  std::string text()
      const;  // "gadolinium - anaphylaxis, AllergyIntolerance/123, recorded 2021-05-02"
};

struct StateFinding {
  bool present = false;
  std::vector<SafetySource> sources;
};

// What could not be checked, and which procedures that matters for.
enum class SafetyCheck : std::uint8_t { kContrastAllergy, kRenalFunction, kImplants, kPregnancy };
std::string_view safety_check_label(SafetyCheck c);  // "contrast-allergy", ...

struct UncheckedSafety {
  SafetyCheck check = SafetyCheck::kContrastAllergy;
  std::string sentence;  // "Contrast allergies were not checked: no AllergyIntolerance data ..."
};

struct PatientSafety {
  std::array<StateFinding, kPatientStateCount> states;
  std::vector<UncheckedSafety> unchecked;

  const StateFinding& operator[](PatientState s) const {
    return states[static_cast<std::size_t>(s)];
  }
  StateFinding& operator[](PatientState s) { return states[static_cast<std::size_t>(s)]; }
};

// `age` is the patient's age at the order date when known (pregnancy is asked about only for
// ages in the rules' range).
PatientSafety read_patient_safety(const KnowledgeBase& kb, const fhir::PatientRecord& record,
                                  std::optional<int> age, std::chrono::sys_seconds now);

}  // namespace auc::engine
