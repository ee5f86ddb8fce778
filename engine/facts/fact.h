// A clinical fact about the patient, with the resources that support it and how sure we are.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace auc::engine {

// documented: a resource states it; inferred: it follows from documented facts (or from the
// absence of something the record would normally hold); assumed: nothing says either way and the
// engine took the default.
enum class Confidence : std::uint8_t { kDocumented, kInferred, kAssumed };
std::string_view confidence_label(Confidence c);  // "documented" | "inferred" | "assumed"

// One coded element of one resource, or one sentence of its text. Views point into the request's
// JSON documents (or are static); `quote` is owned because decoded text does not outlive the
// extraction.
struct Evidence {
  std::string_view resource_type;  // "Condition", or "ServiceRequest" for the order's reasonCode
  std::string_view id;
  std::string_view system;
  std::string_view code;
  std::string_view display;
  // Text evidence only: the element the sentence was read from ("conclusion",
  // "conclusionCode.text", "presentedForm", "valueString", "code.text", "note") and the sentence.
  std::string_view element{};
  std::string quote{};
  std::string_view modifiers{};   // CPT modifiers sent after the code (split_cpt), as sent
  std::string reference() const;  // "Condition/123"
  bool from_text() const { return !element.empty(); }
};

enum class Etiology : std::uint8_t {
  kUnspecified,
  kTraumatic,
  kOsteoporotic,
  kNeoplasticOrPathological,
};
std::string_view etiology_label(Etiology e);

enum class FactId : std::uint8_t {
  kVcfPresent,         // a current (active) vertebral compression fracture
  kPriorFracture,      // a healed / historical vertebral fracture
  kFractureRegions,    // regions of the fractures, when coded
  kEtiology,           // of the current fracture(s)
  kNewFracture,        // onset / recorded recently, or ICD-10-CM 7th character A/B
  kMultipleFractures,  // several distinct fractures, current or healed
  kIdentifiedOnRadiographs,
  kMalignancyHistory,  // active or past cancer, myeloma, bone metastasis
  kSymptomatic,        // back pain documented within the symptom window
  kPriorAugmentation,  // completed vertebroplasty / kyphoplasty
  kPriorSpineSurgery,  // completed fusion / instrumentation, arthrodesis status
  kOsteoporosis,
  kMarrowEdemaOrCleft,  // on MRI: bone marrow edema or intravertebral cleft
  kWorseningPainDeformityOrPulmonary,
  kPathologicalWithMechanicalPain,
  // Retropulsion of the posterior wall into the canal, from report text. No variant asks about it;
  // it is shown beside the decision (see README "Findings from report text").
  kRetropulsion,
  kAge,  // whole years at the order date
  kCount,
};
inline constexpr std::size_t kFactCount = static_cast<std::size_t>(FactId::kCount);
std::string_view fact_name(FactId id);  // snake_case, stable: used in JSON and cards

// Region bits for kFractureRegions: bit (1 << Region value).
struct Fact {
  FactId id = FactId::kVcfPresent;
  bool present = false;  // boolean facts
  Etiology etiology = Etiology::kUnspecified;
  std::uint8_t regions = 0;  // kFractureRegions
  std::optional<int> age;    // kAge
  Confidence confidence = Confidence::kAssumed;
  std::vector<Evidence> evidence;
  std::string reason;  // how it was reached when that is not obvious (conflicts, defaults)

  std::string value_text() const;  // "true", "osteoporotic", "lumbar,thoracic", "72", "unknown"
};

struct ClinicalFacts {
  std::array<Fact, kFactCount> facts;
  // How the record was read where a reader of the card would otherwise wonder: dates that cannot
  // be right and were ignored ("Data quality: ..."), records taken as one fracture.
  std::vector<std::string> notes;

  ClinicalFacts() {
    for (std::size_t i = 0; i < kFactCount; ++i) facts[i].id = static_cast<FactId>(i);
  }
  Fact& operator[](FactId id) { return facts[static_cast<std::size_t>(id)]; }
  const Fact& operator[](FactId id) const { return facts[static_cast<std::size_t>(id)]; }
  // Under 18 at the order date; false when the age is unknown (adult assumed).
  bool pediatric() const {
    const Fact& a = (*this)[FactId::kAge];
    return a.age && *a.age < 18;
  }
};

}  // namespace auc::engine
