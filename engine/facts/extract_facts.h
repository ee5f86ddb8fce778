// Clinical facts from the patient record and the order, each with provenance and confidence.
// Pure: the same record, order, terminology and clock give the same facts.
#pragma once

#include <chrono>

#include "engine/facts/fact.h"
#include "engine/terminology/terminology.h"
#include "engine/text/text_lexicon.h"
#include "fhir/patient_record.h"

namespace auc::engine {

struct FactOptions {
  int symptom_window_days = 90;  // back pain documented this recently counts as symptomatic
  // A fracture whose onset (or recorded date) is this recent counts as new. Bone marrow edema of an
  // acute fracture typically resolves in 1 to 3 months (criteria text, refs 50-51).
  int new_fracture_window_days = 90;
};

ClinicalFacts extract_facts(const Terminology& terminology, const fhir::ServiceRequest& order,
                            const fhir::PatientRecord& record, std::chrono::sys_seconds now,
                            const FactOptions& options);
// The same, also reading findings from report text, notes and uncoded condition text with the
// lexicon's phrases and ConText triggers (see README "Findings from report text").
ClinicalFacts extract_facts(const Terminology& terminology, const TextLexicon& lexicon,
                            const fhir::ServiceRequest& order, const fhir::PatientRecord& record,
                            std::chrono::sys_seconds now, const FactOptions& options);

}  // namespace auc::engine
