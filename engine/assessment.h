// The engine's public entry point: one draft order, the patient's record, the knowledge base and
// the clock in; the variant, the ordered study's rating, better-rated alternatives and the facts
// behind them out. A pure function: no globals, no I/O, no exceptions; the same input gives the
// same assessment (and byte-identical JSON).
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/card_reason.h"
#include "engine/criteria/criteria.h"
#include "engine/decision/decision_inputs.h"
#include "engine/facts/extract_facts.h"
#include "engine/facts/fact.h"
#include "engine/knowledge_base.h"
#include "engine/prior/prior_studies.h"
#include "engine/red_flags/find_red_flags.h"
#include "engine/safety/patient_safety.h"
#include "engine/safety/safety_verdict.h"
#include "engine/terminology/terminology.h"
#include "fhir/patient_record.h"
#include "fhir/resources.h"

namespace auc::engine {

struct AssessmentOptions {
  FactOptions facts;  // symptom window (default 90 days), new-fracture window
  // The other draft orders of the call (order-sign's basket, order-select's other drafts): a
  // study already among them is never suggested.
  std::span<const fhir::ServiceRequest* const> other_drafts;
};

enum class Outcome : std::uint8_t {
  kRated,            // a variant applies and rates the ordered study
  kNoCriteriaApply,  // see Assessment::reason
};
std::string_view outcome_label(Outcome o);  // "rated" | "no-criteria-apply"

// A procedure to order instead, with the codes that order it in the region.
struct Alternative {
  const RatedProcedure* procedure = nullptr;  // rating in the assessment's variant
  Region region = Region::kUnspecified;       // the region the codes are for
  std::vector<const CodeMapping*> codes;      // Terminology::codes_for, preferred first
  SafetyVerdict safety;                       // safety rules that hit it for this patient
  // Why it is not offered as a suggestion although better rated: the same study was done
  // recently (sources empty when not), or it is already among the draft orders ("" when not).
  PriorStudy done_recently;
  std::string drafted_as;  // "ServiceRequest/<id>"

  bool offerable() const { return done_recently.sources.empty() && drafted_as.empty(); }
};

// The variant the patient would be in if one unknown (assumed) criterion were the other way.
struct AlternativeVariant {
  const Variant* variant = nullptr;  // nullptr: no variant would apply
  Criterion criterion = Criterion::kSymptomatic;
  bool criterion_value = false;             // the value that would lead there
  const RatedProcedure* ordered = nullptr;  // the ordered study's rating there; may be nullptr
  // The assumed facts behind the criterion that rest on a resource (a suspected diagnosis, a
  // finding the text only suspects): the card quotes them beside the variant.
  std::vector<FactId> because_of;
};

struct Assessment {
  // The order.
  std::string_view order_id;
  std::string order_reference;           // "ServiceRequest/<id>"
  std::string_view procedure_id;         // the recognised rated procedure; empty when none
  Region region = Region::kUnspecified;  // the order's region (whole-body for a bone scan)
  std::vector<Evidence> order_evidence;  // the order's codings that were recognised
  // The order's codings name studies of different modality or contrast: nothing is rated
  // (outcome no-criteria-apply, reason names the codes, order_evidence holds them all).
  bool order_codes_disagree = false;

  // The verdict.
  Outcome outcome = Outcome::kNoCriteriaApply;
  std::string reason;  // human-readable: why this variant, or why no criteria apply
  const Topic* topic = nullptr;
  const Variant* variant = nullptr;
  const RatedProcedure* ordered = nullptr;  // the ordered study's rating in `variant`
  bool pediatric = false;                   // ranking used paediatric radiation levels

  // Better-rated procedures of the variant: higher category, then rating, then lower radiation
  // (paediatric RRL under 18), then stronger evidence. Codes are for `alternatives_region`: the
  // order's region; for a whole-body or unspecified order, the fracture's region when exactly one
  // is known, else unspecified.
  std::vector<Alternative> alternatives;
  Region alternatives_region = Region::kUnspecified;

  // Why.
  std::vector<Fact> facts;         // every extracted fact, in FactId order
  std::vector<FactId> decided_by;  // facts behind the matched row's requirements
  std::vector<FactId> assumed;     // facts the decision used that were assumed
  // Facts the card shows beside the decision although no variant asks about them (retropulsion).
  std::vector<FactId> noted_facts;
  std::vector<AlternativeVariant> alternative_variants;
  std::vector<std::string> notes;  // e.g. "MRI spine without IV contrast settles ..."
  // Completed studies identical to the order (same procedure and region) within the window.
  std::vector<PriorStudy> prior_of_order;
  // Red flags found: the case belongs to another ACR topic and the order is not rated
  // (outcome no-criteria-apply, no alternatives, no settling study).
  std::vector<RedFlag> red_flags;
  // Data left out of the facts because it named another patient, by resource type (never an id),
  // and how many resources named no patient and were kept (they came from patient-scoped queries).
  std::vector<fhir::DroppedResources> foreign_dropped;
  std::size_t without_subject = 0;
  // A study the notes point at (MRI spine without IV contrast for an augmentation order without
  // documented edema); procedure is nullptr when there is none.
  Alternative settling_study;

  // Safety (engine/safety/safety_stage.h): what the record says about contrast allergies, renal
  // function, implants and pregnancy; the rules that hit the ordered study; the order's reasons
  // beyond its rating; what could not be checked and matters for the studies in question.
  // Alternatives are ordered clean first, then demoted, then removed (removed ones are never
  // offered). When the ordered study itself is removed, `alternatives` holds the variant's
  // other acceptable options (May Be Appropriate or better), whether or not they outrank it:
  // `substitutes` is then true.
  PatientSafety patient_safety;
  SafetyVerdict ordered_safety;
  bool substitutes = false;
  std::vector<CardReason> reasons;
  std::vector<std::string> unchecked;

  const Fact& fact(FactId id) const { return facts[static_cast<std::size_t>(id)]; }
};

// Assesses one draft order. `now` is the clock (order date when authoredOn is absent).
Assessment assess(const KnowledgeBase& kb, const fhir::ServiceRequest& order,
                  const fhir::PatientRecord& record, std::chrono::sys_seconds now,
                  const AssessmentOptions& options = {});

}  // namespace auc::engine
