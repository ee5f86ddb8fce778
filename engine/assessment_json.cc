#include "engine/assessment_json.h"

#include "engine/json_fragments.h"

namespace auc::engine {
namespace {

using Writer = JsonWriter;

void evidence(Writer& w, const Evidence& e) {
  w.StartObject();
  write_key(w, "reference");
  write_string(w, e.reference());
  if (e.from_text()) {
    write_key(w, "source");
    write_string(w, "text");
    write_key(w, "element");
    write_string(w, e.element);
    write_key(w, "text");
    write_string(w, e.quote);
    w.EndObject();
    return;
  }
  write_key(w, "system");
  write_string(w, e.system);
  write_key(w, "code");
  write_string(w, e.code);
  if (!e.display.empty()) {
    write_key(w, "display");
    write_string(w, e.display);
  }
  if (!e.modifiers.empty()) {
    write_key(w, "modifiers");
    write_string(w, e.modifiers);
  }
  w.EndObject();
}

void evidence_list(Writer& w, const std::vector<Evidence>& list) {
  w.StartArray();
  for (const Evidence& e : list) evidence(w, e);
  w.EndArray();
}

// The rules that hit a procedure: [{"rule": id, "action": ..., "when": state}].
void verdict(Writer& w, const SafetyVerdict& v) {
  w.StartArray();
  for (const SafetyRule* r : v.rules) {
    w.StartObject();
    write_key(w, "rule");
    write_string(w, r->id);
    write_key(w, "action");
    write_string(w, safety_action_label(r->action));
    write_key(w, "when");
    write_string(w, patient_state_label(r->when));
    w.EndObject();
  }
  w.EndArray();
}

// What the safety stage found (present states with their resources), what hit the order, the
// order's reasons and what could not be checked.
void safety(Writer& w, const Assessment& a) {
  w.StartObject();
  write_key(w, "states");
  w.StartArray();
  for (std::size_t i = 0; i < kPatientStateCount; ++i) {
    const StateFinding& f = a.patient_safety.states[i];
    if (!f.present) continue;
    w.StartObject();
    write_key(w, "state");
    write_string(w, patient_state_label(static_cast<PatientState>(i)));
    write_key(w, "sources");
    w.StartArray();
    for (const SafetySource& s : f.sources) {
      w.StartObject();
      write_key(w, "description");
      write_string(w, s.description);
      write_key(w, "reference");
      write_string(w, s.reference);
      if (!s.date.empty()) {
        write_key(w, "date");
        write_string(w, s.date);
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  write_key(w, "ordered");
  verdict(w, a.ordered_safety);
  write_key(w, "substitutes");
  w.Bool(a.substitutes);
  write_key(w, "reasons");
  w.StartArray();
  for (const CardReason& r : a.reasons) {
    w.StartObject();
    write_key(w, "kind");
    write_string(w, r.kind);
    write_key(w, "severity");
    write_string(w, severity_label(r.severity));
    write_key(w, "summary");
    write_string(w, r.summary);
    write_key(w, "sources");
    w.StartArray();
    for (const std::string& ref : r.sources) write_string(w, ref);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  write_key(w, "unchecked");
  w.StartArray();
  for (const std::string& u : a.unchecked) write_string(w, u);
  w.EndArray();
  w.EndObject();
}

void prior_study(Writer& w, const PriorStudy& s) {
  w.StartObject();
  write_key(w, "procedure");
  write_string(w, s.procedure_id);
  write_key(w, "region");
  write_string(w, region_label(s.region));
  write_key(w, "daysAgo");
  w.Int(s.days_ago);
  write_key(w, "sources");
  evidence_list(w, s.sources);
  w.EndObject();
}

void alternative(Writer& w, const Alternative& alt) {
  w.StartObject();
  write_key(w, "rating");
  write_rating(w, *alt.procedure);
  write_key(w, "region");
  write_string(w, region_label(alt.region));
  write_key(w, "codes");
  w.StartArray();
  for (const CodeMapping* m : alt.codes) write_coding(w, *m);
  w.EndArray();
  if (alt.safety.any()) {
    write_key(w, "safety");
    verdict(w, alt.safety);
  }
  if (!alt.done_recently.sources.empty()) {
    write_key(w, "doneRecently");
    prior_study(w, alt.done_recently);
  }
  if (!alt.drafted_as.empty()) {
    write_key(w, "draftedAs");
    write_string(w, alt.drafted_as);
  }
  w.EndObject();
}

void fact_ids(Writer& w, const std::vector<FactId>& ids) {
  w.StartArray();
  for (FactId id : ids) write_string(w, fact_name(id));
  w.EndArray();
}

}  // namespace

void write_assessment(const Assessment& a, Writer& w) {
  w.StartObject();
  write_key(w, "order");
  write_string(w, a.order_reference);
  write_key(w, "outcome");
  write_string(w, outcome_label(a.outcome));
  write_key(w, "reason");
  write_string(w, a.reason);
  write_key(w, "procedure");
  write_string(w, a.procedure_id);
  write_key(w, "region");
  write_string(w, region_label(a.region));
  write_key(w, "orderCodes");
  evidence_list(w, a.order_evidence);
  if (a.order_codes_disagree) {
    write_key(w, "orderCodesDisagree");
    w.Bool(true);
  }
  if (a.topic != nullptr) {
    write_key(w, "topic");
    write_string(w, a.topic->id);
    write_key(w, "edition");
    write_string(w, a.topic->edition);
  }
  if (a.variant != nullptr) {
    write_key(w, "variant");
    w.Int(a.variant->number);
  }
  if (a.ordered != nullptr) {
    write_key(w, "ordered");
    write_rating(w, *a.ordered);
  }
  write_key(w, "pediatric");
  w.Bool(a.pediatric);
  write_key(w, "alternativesRegion");
  write_string(w, region_label(a.alternatives_region));
  write_key(w, "alternatives");
  w.StartArray();
  for (const Alternative& alt : a.alternatives) alternative(w, alt);
  w.EndArray();
  write_key(w, "alternativeVariants");
  w.StartArray();
  for (const AlternativeVariant& v : a.alternative_variants) {
    w.StartObject();
    write_key(w, "if");
    write_string(w, criterion_name(v.criterion));
    write_key(w, "were");
    w.Bool(v.criterion_value);
    write_key(w, "variant");
    if (v.variant != nullptr) {
      w.Int(v.variant->number);
    } else {
      w.Null();
    }
    if (v.ordered != nullptr) {
      write_key(w, "ordered");
      write_rating(w, *v.ordered);
    }
    w.EndObject();
  }
  w.EndArray();
  write_key(w, "decidedBy");
  fact_ids(w, a.decided_by);
  write_key(w, "assumed");
  fact_ids(w, a.assumed);
  write_key(w, "notedFacts");
  fact_ids(w, a.noted_facts);
  write_key(w, "facts");
  w.StartArray();
  for (const Fact& f : a.facts) {
    w.StartObject();
    write_key(w, "name");
    write_string(w, fact_name(f.id));
    write_key(w, "value");
    write_string(w, f.value_text());
    write_key(w, "confidence");
    write_string(w, confidence_label(f.confidence));
    if (!f.reason.empty()) {
      write_key(w, "reason");
      write_string(w, f.reason);
    }
    write_key(w, "evidence");
    evidence_list(w, f.evidence);
    w.EndObject();
  }
  w.EndArray();
  write_key(w, "notes");
  w.StartArray();
  for (const std::string& n : a.notes) write_string(w, n);
  w.EndArray();
  write_key(w, "priorOfOrder");
  w.StartArray();
  for (const PriorStudy& s : a.prior_of_order) prior_study(w, s);
  w.EndArray();
  write_key(w, "redFlags");
  w.StartArray();
  for (const RedFlag& f : a.red_flags) {
    w.StartObject();
    write_key(w, "redFlag");
    write_string(w, f.kind->concept_id);
    write_key(w, "name");
    write_string(w, f.kind->name);
    write_key(w, "coveredBy");
    write_string(w, f.kind->covering_topic);
    write_key(w, "evidence");
    evidence(w, f.evidence);
    w.EndObject();
  }
  w.EndArray();
  write_key(w, "patientScope");
  w.StartObject();
  write_key(w, "foreignDropped");
  w.StartObject();
  for (const fhir::DroppedResources& d : a.foreign_dropped) {
    write_key(w, d.type);
    w.Uint64(d.count);
  }
  w.EndObject();
  write_key(w, "withoutSubject");
  w.Uint64(a.without_subject);
  w.EndObject();
  if (a.settling_study.procedure != nullptr) {
    write_key(w, "settlingStudy");
    alternative(w, a.settling_study);
  }
  write_key(w, "safety");
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
