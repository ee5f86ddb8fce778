#include "engine/assessment.h"

#include <algorithm>
#include <exception>

#include "engine/decision/decision_table.h"
#include "engine/order/ordered_study.h"
#include "engine/safety/safety_stage.h"

namespace auc::engine {
namespace {

constexpr std::string_view kAugmentation = "percutaneous-vertebral-augmentation";
constexpr std::string_view kMriWithoutContrast = "mri-spine-without-iv-contrast";

bool is_spine_region(Region r) {
  return r == Region::kCervical || r == Region::kThoracic || r == Region::kLumbar;
}

// The region alternatives are expressed in: the order's own spine region, else the fracture's
// region when exactly one is known, else unspecified.
Region alternatives_region(Region order_region, const Fact& regions) {
  if (is_spine_region(order_region)) return order_region;
  for (Region r : {Region::kCervical, Region::kThoracic, Region::kLumbar}) {
    const std::uint8_t bit = static_cast<std::uint8_t>(1u << static_cast<unsigned>(r));
    if (regions.regions == bit) return r;
  }
  return Region::kUnspecified;
}

std::string concept_of(std::string_view procedure_id) {
  std::string c = "procedure/";
  c += procedure_id;
  return c;
}

// Codes for a procedure in the region; whole-body procedures (bone scan, PET) fall back to their
// whole-body codes, anything else to the unspecified-region spine codes.
Alternative make_alternative(const Terminology& terms, const RatedProcedure* p, Region region) {
  Alternative alt;
  alt.procedure = p;
  if (!p->orderable) return alt;
  const std::string cid = concept_of(p->id);
  for (Region r : {region, Region::kWholeBody, Region::kUnspecified}) {
    alt.codes = terms.codes_for(cid, r);
    if (!alt.codes.empty()) {
      alt.region = alt.codes.front()->region;
      break;
    }
  }
  return alt;
}

const RadiationLevel& rrl(const RatedProcedure& p, bool pediatric) {
  return pediatric ? p.rrl_peds : p.rrl_adult;
}

// Equal on every ranking key: neither is better, whatever the name tie-break says.
bool ties(const RatedProcedure& a, const RatedProcedure& b, bool pediatric) {
  return category_rank(a.category) == category_rank(b.category) && a.rating == b.rating &&
         rrl(a, pediatric).level == rrl(b, pediatric).level && a.soe_rank == b.soe_rank;
}

void add_unique(std::vector<FactId>& v, FactId id) {
  if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
}

// The topic rating the procedure, and whether its rating variants are imaging or treatment.
const Topic* topic_for(const KnowledgeBase& kb, std::string_view procedure_id, VariantKind& kind) {
  for (const Topic& t : kb.topics()) {
    bool imaging = false, treatment = false;
    for (const Variant& v : t.variants) {
      if (v.procedure(procedure_id) == nullptr) continue;
      (v.kind == VariantKind::kImaging ? imaging : treatment) = true;
    }
    if (imaging || treatment) {
      kind = imaging ? VariantKind::kImaging : VariantKind::kTreatment;
      return &t;
    }
  }
  return nullptr;
}

// Whether two rated procedures are the same kind of study: one modality, one contrast agent
// given the same way. Unknown procedures never agree.
bool same_modality_and_contrast(const KnowledgeBase& kb, std::string_view x, std::string_view y) {
  const RatedProcedure* a = kb.any_rating(x);
  const RatedProcedure* b = kb.any_rating(y);
  if (a == nullptr || b == nullptr) return false;
  return a->attributes.modality == b->attributes.modality &&
         a->attributes.contrast == b->attributes.contrast &&
         a->attributes.contrast_route == b->attributes.contrast_route;
}

std::string variant_label(const Variant& v) {
  return "Variant " + std::to_string(v.number) + " (" + v.title + ")";
}

// What the record and the basket already hold: recent identical studies and drafted studies.
struct Already {
  std::vector<PriorStudy> done;
  std::vector<DraftedStudy> drafted;

  void mark(Alternative& alt) const {
    if (alt.procedure == nullptr) return;
    for (const PriorStudy& s : done) {
      if (s.procedure_id == alt.procedure->id && same_region(s.region, alt.region)) {
        alt.done_recently = s;
        break;
      }
    }
    for (const DraftedStudy& d : drafted) {
      if (d.procedure_id == alt.procedure->id && same_region(d.region, alt.region)) {
        alt.drafted_as = d.order_reference;
        break;
      }
    }
  }
};

void decide(const KnowledgeBase& kb, const DecisionTable& table, VariantKind kind,
            const ClinicalFacts& facts, const Already& already, Assessment& a) {
  const DecisionInputs inputs = derive_inputs(facts);
  const DecisionRow* row = evaluate(table, kind, inputs);
  if (row == nullptr) {
    a.reason = "the decision table has no row for this kind of order";
    return;
  }

  // Criteria the table asks about for this kind of order, in table order.
  std::vector<Criterion> asked;
  for (const DecisionRow& r : table.rows) {
    if (r.kind != kind) continue;
    for (const Requirement& q : r.requirements()) {
      if (std::find(asked.begin(), asked.end(), q.criterion) == asked.end()) {
        asked.push_back(q.criterion);
      }
    }
  }
  const std::span<const Requirement> decisive = row->requirements();
  for (const Requirement& q : decisive) {
    for (FactId id : inputs[q.criterion].facts) add_unique(a.decided_by, id);
  }
  if (decisive.empty()) {  // a catch-all row: every question asked decided it
    for (Criterion c : asked) {
      for (FactId id : inputs[c].facts) add_unique(a.decided_by, id);
    }
  }
  for (FactId id : a.decided_by) {
    if (facts[id].confidence == Confidence::kAssumed) a.assumed.push_back(id);
  }

  // One unknown criterion the other way: would the variant change?
  for (Criterion c : asked) {
    if (inputs[c].confidence != Confidence::kAssumed) continue;
    DecisionInputs flipped = inputs;
    flipped[c].value = !flipped[c].value;
    const DecisionRow* other = evaluate(table, kind, flipped);
    if (other == nullptr || other->variant == row->variant) continue;
    AlternativeVariant alt;
    alt.criterion = c;
    alt.criterion_value = flipped[c].value;
    for (FactId id : inputs[c].facts) {
      if (facts[id].confidence == Confidence::kAssumed && !facts[id].evidence.empty()) {
        alt.because_of.push_back(id);
      }
    }
    if (other->variant != 0) {
      alt.variant = a.topic->variant(other->variant);
      if (alt.variant != nullptr) alt.ordered = kb.rating(*a.topic, other->variant, a.procedure_id);
    }
    a.alternative_variants.push_back(alt);
  }

  const Fact& etiology = facts[FactId::kEtiology];
  if (!etiology.reason.empty() && etiology.confidence != Confidence::kAssumed) {
    a.notes.push_back("Etiology: " + etiology.reason + ".");
  }

  if (row->variant == 0) {
    a.reason = std::string(row->rationale);
    return;
  }
  a.variant = a.topic->variant(row->variant);
  if (a.variant == nullptr) {
    a.reason = "the criteria data has no variant " + std::to_string(row->variant);
    return;
  }
  a.ordered = kb.rating(*a.topic, row->variant, a.procedure_id);
  const std::vector<const RatedProcedure*> ranked = kb.ranked(*a.variant, a.pediatric);
  const Terminology& terms = kb.terminology();
  if (a.ordered == nullptr) {
    a.reason = variant_label(*a.variant) + ": " + std::string(row->rationale) +
               "; the variant does not rate the ordered procedure";
    for (const RatedProcedure* p : ranked) {
      if (p->category == Category::kUsuallyAppropriate) {
        a.alternatives.push_back(make_alternative(terms, p, a.alternatives_region));
        already.mark(a.alternatives.back());
      }
    }
    return;
  }
  a.outcome = Outcome::kRated;
  a.reason = variant_label(*a.variant) + ": " + std::string(row->rationale) + ". " +
             a.ordered->name + " is " + std::string(category_label(a.ordered->category)) +
             " (rating " + std::to_string(a.ordered->rating) + ").";
  for (const RatedProcedure* p : ranked) {
    if (p == a.ordered) break;
    if (ties(*p, *a.ordered, a.pediatric)) continue;
    a.alternatives.push_back(make_alternative(terms, p, a.alternatives_region));
    already.mark(a.alternatives.back());
  }
}

// Augmentation for a symptomatic osteoporotic fracture hinges on marrow edema or a cleft on MRI.
void point_at_mri(const KnowledgeBase& kb, const ClinicalFacts& facts, const Already& already,
                  Assessment& a) {
  if (a.procedure_id != kAugmentation) return;
  if (facts[FactId::kEtiology].etiology != Etiology::kOsteoporotic) return;
  if (!facts[FactId::kSymptomatic].present || facts[FactId::kMarrowEdemaOrCleft].present) return;
  a.notes.push_back(
      "No MRI showing bone marrow edema or an intravertebral cleft was found: MRI spine without "
      "IV contrast settles whether variant 6 (augmentation usually appropriate) applies.");
  // Rated in variant 1, the imaging variant for a new symptomatic fracture.
  const RatedProcedure* mri = nullptr;
  for (const Variant& v : a.topic->variants) {
    if ((mri = v.procedure(kMriWithoutContrast)) != nullptr) break;
  }
  if (mri == nullptr) return;
  Alternative study = make_alternative(kb.terminology(), mri, a.alternatives_region);
  already.mark(study);
  if (!study.done_recently.sources.empty()) {
    a.notes.push_back("The same MRI was done " + days_ago_text(study.done_recently.days_ago) +
                      " (" + study.done_recently.sources.front().reference() +
                      "): its report, not a new study, settles the question.");
    return;
  }
  if (!study.drafted_as.empty()) {
    a.notes.push_back("That MRI is already among the draft orders (" + study.drafted_as + ").");
    return;
  }
  a.settling_study = std::move(study);
}

// Retropulsion decides no variant, but the ACR text names it where it matters for treatment: CT
// before augmentation "is critical in patients with ... posterior cortex osseous retropulsion, and
// spinal canal compression", and surgery "is reserved for patients with neurologic deficits,
// spinal deformity (eg, junctional kyphosis, retropulsion), or spinal instability".
void note_retropulsion(const ClinicalFacts& facts, VariantKind kind, Assessment& a) {
  if (kind != VariantKind::kTreatment || !facts[FactId::kRetropulsion].present) return;
  a.noted_facts.push_back(FactId::kRetropulsion);
  if (a.procedure_id != kAugmentation) return;
  a.notes.push_back(
      "Retropulsion is described: the ACR criteria call CT of the posterior cortex critical before "
      "vertebral augmentation when there is retropulsion or canal compression, and reserve surgery "
      "for neurological deficit, spinal deformity (retropulsion among their examples) or "
      "instability. The rating does not depend on it.");
}

// What the record left out, and what it kept without being able to check whose it is.
void note_patient_scope(const fhir::PatientRecord& record, Assessment& a) {
  a.foreign_dropped = record.foreign;
  a.without_subject = record.without_subject;
  if (!record.foreign.empty()) {
    std::string n = "Left out, as they name another patient: ";
    for (std::size_t i = 0; i < record.foreign.size(); ++i) {
      if (i > 0) n += ", ";
      n += std::to_string(record.foreign[i].count);
      n += ' ';
      n += record.foreign[i].type;
    }
    n += '.';
    a.notes.push_back(std::move(n));
  }
  if (record.without_subject > 0) {
    a.notes.push_back(std::to_string(record.without_subject) +
                      " resource(s) name no patient; taken as this patient's, since the EHR "
                      "sent them for this patient.");
  }
}

// The ordered study is contraindicated: offer the variant's other acceptable options (May Be
// Appropriate or better), best first, whether or not they outrank the order.
void substitute_options(const KnowledgeBase& kb, const Already& already, Assessment& a) {
  a.alternatives.clear();
  a.substitutes = true;
  for (const RatedProcedure* p : kb.ranked(*a.variant, a.pediatric)) {
    if (p == a.ordered || category_rank(p->category) < category_rank(Category::kMayBeAppropriate)) {
      continue;
    }
    a.alternatives.push_back(make_alternative(kb.terminology(), p, a.alternatives_region));
    already.mark(a.alternatives.back());
  }
}

Assessment assess_unchecked(const KnowledgeBase& kb, const fhir::ServiceRequest& order,
                            const fhir::PatientRecord& record, std::chrono::sys_seconds now,
                            const AssessmentOptions& options) {
  Assessment a;
  a.order_id = order.id;
  a.order_reference = "ServiceRequest/";
  a.order_reference += order.id;

  note_patient_scope(record, a);
  ClinicalFacts facts =
      extract_facts(kb.terminology(), kb.text_lexicon(), order, record, now, options.facts);
  a.pediatric = facts.pediatric();
  a.patient_safety = read_patient_safety(kb, record, facts[FactId::kAge].age, now);
  for (std::string& note : facts.notes) a.notes.push_back(std::move(note));
  OrderedStudy study = recognise_order(kb.terminology(), order);
  settle_disagreement(study, [&kb](std::string_view x, std::string_view y) {
    return same_modality_and_contrast(kb, x, y);
  });
  a.order_codes_disagree = study.codes_disagree;
  a.procedure_id = study.procedure_id;
  a.region = study.region;
  a.order_evidence = study.evidence;
  a.alternatives_region = alternatives_region(study.region, facts[FactId::kFractureRegions]);
  if (!study.reason.empty() && !study.procedure_id.empty()) a.notes.push_back(study.reason);

  Already already;  // filled once a variant is to be decided
  auto finish = [&](std::string reason) {
    if (!reason.empty()) a.reason = std::move(reason);
    judge_ordered_study(kb, a);
    if (a.ordered_safety.removed() && a.variant != nullptr && a.ordered != nullptr) {
      substitute_options(kb, already, a);
    }
    judge_options(a, kb);
    a.facts.assign(std::make_move_iterator(facts.facts.begin()),
                   std::make_move_iterator(facts.facts.end()));
    return a;
  };
  if (study.procedure_id.empty()) {
    // Codes that disagree still name the topic, so the card can cite it.
    VariantKind unused = VariantKind::kImaging;
    if (study.codes_disagree)
      a.topic = topic_for(kb, study.candidates.front().procedure_id, unused);
    return finish(study.reason);
  }

  VariantKind kind = VariantKind::kImaging;
  a.topic = topic_for(kb, study.procedure_id, kind);
  if (a.topic == nullptr) {
    return finish("no criteria topic rates " + std::string(study.procedure_id));
  }
  const DecisionTable* table = decision_table_for(a.topic->id);
  if (table == nullptr) return finish("no decision table for topic " + a.topic->id);
  a.red_flags = find_red_flags(kb.terminology(), kb.red_flags(), order, record,
                               facts[FactId::kVcfPresent].present);
  if (!a.red_flags.empty()) {
    std::string reason = "Red flag: ";
    reason += red_flag_text(a.red_flags.front());
    reason += "; the ";
    reason += a.topic->title;
    reason += " criteria do not apply";
    return finish(std::move(reason));
  }
  if (!facts[FactId::kVcfPresent].present && !facts[FactId::kPriorFracture].present &&
      !facts[FactId::kPriorAugmentation].present) {
    return finish(
        "no vertebral compression fracture in the record or the order's reason: the criteria "
        "apply to patients with a known fracture");
  }
  already.done =
      recent_studies(kb.terminology(), kb.prior_imaging_windows(), kb.topics(), record, now);
  already.drafted = drafted_studies(kb.terminology(), options.other_drafts);
  for (const PriorStudy& s : already.done) {
    if (s.procedure_id == a.procedure_id && same_region(s.region, a.region)) {
      a.prior_of_order.push_back(s);
    }
  }
  decide(kb, *table, kind, facts, already, a);
  point_at_mri(kb, facts, already, a);
  note_retropulsion(facts, kind, a);
  return finish({});
}

}  // namespace

std::string_view outcome_label(Outcome o) {
  return o == Outcome::kRated ? "rated" : "no-criteria-apply";
}

Assessment assess(const KnowledgeBase& kb, const fhir::ServiceRequest& order,
                  const fhir::PatientRecord& record, std::chrono::sys_seconds now,
                  const AssessmentOptions& options) {
  try {
    return assess_unchecked(kb, order, record, now, options);
  } catch (const std::exception&) {
    // Only allocation failure can get here; report it as an unrated order.
    Assessment a;
    a.order_id = order.id;
    a.reason = "the order could not be assessed";
    return a;
  }
}

}  // namespace auc::engine
