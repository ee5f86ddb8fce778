// The safety stage every assessment passes through, whatever its topic: it reads contrast
// allergies, renal function, implants and pregnancy from the record, applies the safety rules
// (engine/data/safety) to the ordered study and to every option a card could offer, orders the
// options (clean, then demoted, then removed), and adds the order's safety reasons and what
// could not be checked.
#pragma once

#include "engine/assessment.h"
#include "engine/knowledge_base.h"

namespace auc::engine {

// The rules that hit the ordered study (a.procedure_id), from its attributes. Needs
// a.patient_safety.
void judge_ordered_study(const KnowledgeBase& kb, Assessment& a);

// Verdicts for a.alternatives and a.settling_study, their order, the order's reasons and the
// relevant unchecked sentences. Call after the alternatives are final.
void judge_options(Assessment& a, const KnowledgeBase& kb);

}  // namespace auc::engine
