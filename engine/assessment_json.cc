#include "engine/assessment_json.h"

#include "engine/json_fragments.h"

namespace auc::engine {
namespace {

using Writer = JsonWriter;

void str(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void key(Writer& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}

void evidence(Writer& w, const Evidence& e) {
  w.StartObject();
  key(w, "reference");
  str(w, e.reference());
  if (e.from_text()) {
    key(w, "source");
    str(w, "text");
    key(w, "element");
    str(w, e.element);
    key(w, "text");
    str(w, e.quote);
    w.EndObject();
    return;
  }
  key(w, "system");
  str(w, e.system);
  key(w, "code");
  str(w, e.code);
  if (!e.display.empty()) {
    key(w, "display");
    str(w, e.display);
  }
  if (!e.modifiers.empty()) {
    key(w, "modifiers");
    str(w, e.modifiers);
  }
  w.EndObject();
}

void evidence_list(Writer& w, const std::vector<Evidence>& list) {
  w.StartArray();
  for (const Evidence& e : list) evidence(w, e);
  w.EndArray();
}

void rating(Writer& w, const RatedProcedure* p) {
  write_rating(w, *p);
}

// The rules that hit a procedure: [{"rule": id, "action": ..., "when": state}].
void verdict(Writer& w, const SafetyVerdict& v) {
  w.StartArray();
  for (const SafetyRule* r : v.rules) {
    w.StartObject();
    key(w, "rule");
    str(w, r->id);
    key(w, "action");
    str(w, safety_action_label(r->action));
    key(w, "when");
    str(w, patient_state_label(r->when));
    w.EndObject();
  }
  w.EndArray();
}

// What the safety stage found (present states with their resources), what hit the order, the
// order's reasons and what could not be checked.
void safety(Writer& w, const Assessment& a) {
  w.StartObject();
  key(w, "states");
  w.StartArray();
  for (std::size_t i = 0; i < kPatientStateCount; ++i) {
    const StateFinding& f = a.patient_safety.states[i];
    if (!f.present) continue;
    w.StartObject();
    key(w, "state");
    str(w, patient_state_label(static_cast<PatientState>(i)));
    key(w, "sources");
    w.StartArray();
    for (const SafetySource& s : f.sources) {
      w.StartObject();
      key(w, "description");
      str(w, s.description);
      key(w, "reference");
      str(w, s.reference);
      if (!s.date.empty()) {
        key(w, "date");
        str(w, s.date);
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  key(w, "ordered");
  verdict(w, a.ordered_safety);
  key(w, "substitutes");
  w.Bool(a.substitutes);
  key(w, "reasons");
  w.StartArray();
  for (const CardReason& r : a.reasons) {
    w.StartObject();
    key(w, "kind");
    str(w, r.kind);
    key(w, "severity");
    str(w, severity_label(r.severity));
    key(w, "summary");
    str(w, r.summary);
    key(w, "sources");
    w.StartArray();
    for (const std::string& ref : r.sources) str(w, ref);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  key(w, "unchecked");
  w.StartArray();
  for (const std::string& u : a.unchecked) str(w, u);
  w.EndArray();
  w.EndObject();
}

void prior_study(Writer& w, const PriorStudy& s) {
  w.StartObject();
  key(w, "procedure");
  str(w, s.procedure_id);
  key(w, "region");
  str(w, region_label(s.region));
  key(w, "daysAgo");
  w.Int(s.days_ago);
  key(w, "sources");
  evidence_list(w, s.sources);
  w.EndObject();
}

void alternative(Writer& w, const Alternative& alt) {
  w.StartObject();
  key(w, "rating");
  rating(w, alt.procedure);
  key(w, "region");
  str(w, region_label(alt.region));
  key(w, "codes");
  w.StartArray();
  for (const CodeMapping* m : alt.codes) write_coding(w, *m);
  w.EndArray();
  if (alt.safety.any()) {
    key(w, "safety");
    verdict(w, alt.safety);
  }
  if (!alt.done_recently.sources.empty()) {
    key(w, "doneRecently");
    prior_study(w, alt.done_recently);
  }
  if (!alt.drafted_as.empty()) {
    key(w, "draftedAs");
    str(w, alt.drafted_as);
  }
  w.EndObject();
}

void fact_ids(Writer& w, const std::vector<FactId>& ids) {
  w.StartArray();
  for (FactId id : ids) str(w, fact_name(id));
  w.EndArray();
}

}  // namespace

void write_assessment(const Assessment& a, Writer& w) {
  w.StartObject();
  key(w, "order");
  str(w, a.order_reference);
  key(w, "outcome");
  str(w, outcome_label(a.outcome));
  key(w, "reason");
  str(w, a.reason);
  key(w, "procedure");
  str(w, a.procedure_id);
  key(w, "region");
  str(w, region_label(a.region));
  key(w, "orderCodes");
  evidence_list(w, a.order_evidence);
  if (a.order_codes_disagree) {
    key(w, "orderCodesDisagree");
    w.Bool(true);
  }
  if (a.topic != nullptr) {
    key(w, "topic");
    str(w, a.topic->id);
    key(w, "edition");
    str(w, a.topic->edition);
  }
  if (a.variant != nullptr) {
    key(w, "variant");
    w.Int(a.variant->number);
  }
  if (a.ordered != nullptr) {
    key(w, "ordered");
    rating(w, a.ordered);
  }
  key(w, "pediatric");
  w.Bool(a.pediatric);
  key(w, "alternativesRegion");
  str(w, region_label(a.alternatives_region));
  key(w, "alternatives");
  w.StartArray();
  for (const Alternative& alt : a.alternatives) alternative(w, alt);
  w.EndArray();
  key(w, "alternativeVariants");
  w.StartArray();
  for (const AlternativeVariant& v : a.alternative_variants) {
    w.StartObject();
    key(w, "if");
    str(w, criterion_name(v.criterion));
    key(w, "were");
    w.Bool(v.criterion_value);
    key(w, "variant");
    if (v.variant != nullptr) {
      w.Int(v.variant->number);
    } else {
      w.Null();
    }
    if (v.ordered != nullptr) {
      key(w, "ordered");
      rating(w, v.ordered);
    }
    w.EndObject();
  }
  w.EndArray();
  key(w, "decidedBy");
  fact_ids(w, a.decided_by);
  key(w, "assumed");
  fact_ids(w, a.assumed);
  key(w, "notedFacts");
  fact_ids(w, a.noted_facts);
  key(w, "facts");
  w.StartArray();
  for (const Fact& f : a.facts) {
    w.StartObject();
    key(w, "name");
    str(w, fact_name(f.id));
    key(w, "value");
    str(w, f.value_text());
    key(w, "confidence");
    str(w, confidence_label(f.confidence));
    if (!f.reason.empty()) {
      key(w, "reason");
      str(w, f.reason);
    }
    key(w, "evidence");
    evidence_list(w, f.evidence);
    w.EndObject();
  }
  w.EndArray();
  key(w, "notes");
  w.StartArray();
  for (const std::string& n : a.notes) str(w, n);
  w.EndArray();
  key(w, "priorOfOrder");
  w.StartArray();
  for (const PriorStudy& s : a.prior_of_order) prior_study(w, s);
  w.EndArray();
  key(w, "redFlags");
  w.StartArray();
  for (const RedFlag& f : a.red_flags) {
    w.StartObject();
    key(w, "redFlag");
    str(w, f.kind->concept_id);
    key(w, "name");
    str(w, f.kind->name);
    key(w, "coveredBy");
    str(w, f.kind->covering_topic);
    key(w, "evidence");
    evidence(w, f.evidence);
    w.EndObject();
  }
  w.EndArray();
  key(w, "patientScope");
  w.StartObject();
  key(w, "foreignDropped");
  w.StartObject();
  for (const fhir::DroppedResources& d : a.foreign_dropped) {
    key(w, d.type);
    w.Uint64(d.count);
  }
  w.EndObject();
  key(w, "withoutSubject");
  w.Uint64(a.without_subject);
  w.EndObject();
  if (a.settling_study.procedure != nullptr) {
    key(w, "settlingStudy");
    alternative(w, a.settling_study);
  }
  key(w, "safety");
  safety(w, a);
  w.EndObject();
}

std::string assessment_to_json(const Assessment& a) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write_assessment(a, w);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace auc::engine
