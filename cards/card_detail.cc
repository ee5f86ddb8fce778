#include "cards/card_detail.h"

#include <algorithm>

#include "cards/markdown.h"
#include "cards/prior_imaging_text.h"
#include "engine/decision/decision_inputs.h"

namespace auc::cards {
namespace {

using engine::Alternative;
using engine::Assessment;
using engine::Fact;
using engine::RatedProcedure;

constexpr std::size_t kMaxEvidencePerFact = 4;

std::string_view action_past(engine::SafetyAction action) {
  switch (action) {
    case engine::SafetyAction::kRemove:
      return "removed, never offered";
    case engine::SafetyAction::kDemote:
      return "demoted, offered after every option without a conflict";
    case engine::SafetyAction::kAnnotate:
      return "offered with a caution";
  }
  return "offered with a caution";
}

// "contraindicated: gadolinium contrast allergy", "caution: low eGFR"; empty without rules.
std::string safety_remark(const engine::SafetyVerdict& v) {
  std::string out;
  for (const engine::SafetyAction action :
       {engine::SafetyAction::kRemove, engine::SafetyAction::kDemote,
        engine::SafetyAction::kAnnotate}) {
    for (const engine::SafetyRule* rule : v.rules) {
      if (rule->action != action) continue;
      if (!out.empty()) out += "; ";
      out += action == engine::SafetyAction::kRemove   ? "contraindicated: "
             : action == engine::SafetyAction::kDemote ? "demoted: "
                                                       : "caution: ";
      out += engine::patient_state_words(rule->when);
    }
  }
  return out;
}

void text(std::string& out, std::string_view s) {
  append_markdown_text(out, s);
}

void append_variant(std::string& out, const engine::Variant& v) {
  out += "variant ";
  out += std::to_string(v.number);
  out += " (";
  text(out, v.title);
  out += ")";
}

void append_row(std::string& out, std::string_view role, const RatedProcedure& p,
                bool with_radiation, bool pediatric, std::string_view remark) {
  out += "| ";
  out += role;
  out += " | ";
  text(out, p.name);
  if (!remark.empty()) {
    out += " (";
    out += remark;
    out += ")";
  }
  out += " | ";
  text(out, engine::category_label(p.category));
  out += " | ";
  out += std::to_string(p.rating);
  out += " | ";
  if (with_radiation) {
    text(out, (pediatric ? p.rrl_peds : p.rrl_adult).text);
    out += " | ";
  }
  text(out, p.soe);
  out += " |\n";
}

void append_table(std::string& out, const Assessment& a, const CardPlan& plan) {
  const bool imaging = a.variant->kind == engine::VariantKind::kImaging;
  out +=
      imaging ? "| | Study | Category | Rating | Radiation" : "| | Treatment | Category | Rating";
  if (imaging) out += a.pediatric ? " (paediatric)" : " (adult)";
  out += " | Evidence |\n";
  out += imaging ? "|---|---|---|---|---|---|\n" : "|---|---|---|---|---|\n";
  append_row(out, "Ordered", *a.ordered, imaging, a.pediatric, safety_remark(a.ordered_safety));
  for (const Alternative* alt : plan.suggested) {
    append_row(out, "Suggested", *alt->procedure, imaging, a.pediatric, safety_remark(alt->safety));
  }
  for (const Alternative* alt : plan.listed) {
    std::string remark = safety_remark(alt->safety);
    if (remark.empty() && !alt->procedure->orderable) {
      remark = "not an order";
    } else if (remark.empty() && !alt->done_recently.sources.empty()) {
      remark = "done recently";
    } else if (remark.empty() && !alt->drafted_as.empty()) {
      remark = "already drafted";
    } else if (remark.empty() && !has_order_codes(*alt)) {
      remark = "no order code known for this region";
    }
    append_row(out, a.substitutes ? "Other option" : "Also better", *alt->procedure, imaging,
               a.pediatric, remark);
  }
}

// Why every option that a safety rule touched was removed, demoted or annotated, with the
// resources behind it; the ordered study's own rules are in the reasons.
void append_option_safety(std::string& out, const Assessment& a, const CardPlan& plan) {
  std::vector<const Alternative*> options(plan.suggested.begin(), plan.suggested.end());
  options.insert(options.end(), plan.listed.begin(), plan.listed.end());
  if (plan.settling != nullptr) options.push_back(plan.settling);
  bool any = false;
  for (const Alternative* alt : options) {
    for (const engine::SafetyRule* rule : alt->safety.rules) {
      if (!any) out += "\n**Safety of the other options**\n\n";
      any = true;
      out += "- ";
      text(out, alt->procedure->name);
      out += ": ";
      out += action_past(rule->action);
      out += " (";
      text(out, rule->message);
      out += ")";
      const engine::StateFinding& finding = a.patient_safety[rule->when];
      for (std::size_t i = 0; i < finding.sources.size(); ++i) {
        out += i == 0 ? "; from " : "; ";
        text(out, finding.sources[i].text());
      }
      out += '\n';
    }
  }
}

void append_reasons(std::string& out, const CardPlan& plan) {
  if (plan.reasons.size() == 1 && plan.reasons.front().detail.empty()) return;
  out += "**Why this card**\n\n";
  for (const engine::CardReason& r : plan.reasons) {
    out += "- ";
    out += engine::severity_label(r.severity);
    out += ": ";
    text(out, r.summary);
    out += '\n';
    for (const std::string& line : r.detail) {
      out += "  - ";
      text(out, line);
      out += '\n';
    }
  }
  out += '\n';
}

void append_unchecked(std::string& out, const Assessment& a) {
  if (a.unchecked.empty()) return;
  out += "\n**Not checked**\n\n";
  for (const std::string& u : a.unchecked) {
    out += "- ";
    text(out, u);
    out += '\n';
  }
}

void append_evidence(std::string& out, const engine::Evidence& e) {
  if (e.from_text()) {
    out += "the ";
    out += e.element;
    out += " of ";
    out += e.resource_type;
    out += '/';
    text(out, e.id);
    out += ": '";
    text(out, e.quote);
    out += '\'';
    return;
  }
  out += e.resource_type;
  out += '/';
  text(out, e.id);
  if (!e.code.empty()) {
    out += " `";
    for (std::string_view part : {e.system, std::string_view("|"), e.code}) {
      for (char c : part) out += c == '`' ? '\'' : c;  // inside a code span nothing else matters
    }
    out += '`';
  }
  if (!e.display.empty()) {
    out += " \"";
    text(out, e.display);
    out += '"';
  }
}

void append_fact(std::string& out, const Fact& f) {
  out += "- ";
  out += engine::fact_name(f.id);
  out += ": ";
  text(out, f.value_text());
  out += " (";
  out += engine::confidence_label(f.confidence);
  out += ")";
  if (!f.reason.empty()) {
    out += ", ";
    text(out, f.reason);
  }
  for (std::size_t i = 0; i < f.evidence.size() && i < kMaxEvidencePerFact; ++i) {
    out += i == 0 ? "; from " : ", ";
    append_evidence(out, f.evidence[i]);
  }
  if (f.evidence.size() > kMaxEvidencePerFact) {
    out += " and ";
    out += std::to_string(f.evidence.size() - kMaxEvidencePerFact);
    out += " more";
  }
  out += '\n';
}

void append_facts(std::string& out, const Assessment& a) {
  out += "\n**Facts used**\n\n";
  if (!a.order_evidence.empty()) {
    out += "- ordered study: recognised from ";
    for (std::size_t i = 0; i < a.order_evidence.size(); ++i) {
      if (i) out += ", ";
      append_evidence(out, a.order_evidence[i]);
    }
    out += '\n';
  }
  for (engine::FactId id : a.decided_by) {
    if (static_cast<std::size_t>(id) < a.facts.size()) append_fact(out, a.fact(id));
  }
  for (engine::FactId id : a.noted_facts) {
    if (static_cast<std::size_t>(id) < a.facts.size()) append_fact(out, a.fact(id));
  }
}

void append_assumptions(std::string& out, const Assessment& a) {
  if (a.assumed.empty() && a.alternative_variants.empty()) return;
  out += "\n**Assumed**\n\n";
  if (a.assumed.empty()) out += "- nothing the variant depends on\n";
  for (engine::FactId id : a.assumed) {
    if (static_cast<std::size_t>(id) >= a.facts.size()) continue;
    const Fact& f = a.fact(id);
    out += "- ";
    out += engine::fact_name(id);
    out += " taken as ";
    text(out, f.value_text());
    out += f.reason.empty() ? std::string_view(": nothing in the record says either way")
                            : std::string_view(": ");
    text(out, f.reason);
    out += '\n';
  }
  for (const engine::AlternativeVariant& alt : a.alternative_variants) {
    out += "- if ";
    out += engine::criterion_name(alt.criterion);
    out += alt.criterion_value ? " were true" : " were false";
    for (engine::FactId id : alt.because_of) {
      if (static_cast<std::size_t>(id) >= a.facts.size()) continue;
      if (std::find(a.assumed.begin(), a.assumed.end(), id) != a.assumed.end()) continue;
      out += " (";
      out += engine::fact_name(id);
      out += ": ";
      text(out, a.fact(id).reason);
      out += ")";
    }
    out += ", ";
    if (alt.variant == nullptr) {
      out += "no variant of these criteria would apply\n";
      continue;
    }
    append_variant(out, *alt.variant);
    out += " would apply";
    if (alt.ordered != nullptr) {
      out += ", where ";
      text(out, alt.ordered->name);
      out += " is ";
      text(out, engine::category_label(alt.ordered->category));
      out += " (";
      out += std::to_string(alt.ordered->rating);
      out += ")";
    } else {
      out += ", which does not rate the ordered study";
    }
    out += '\n';
  }
}

bool neoplastic(const Assessment& a) {
  if (a.facts.size() <= static_cast<std::size_t>(engine::FactId::kMalignancyHistory)) return false;
  return a.fact(engine::FactId::kEtiology).etiology ==
             engine::Etiology::kNeoplasticOrPathological ||
         a.fact(engine::FactId::kMalignancyHistory).present;
}

// Grades from another guideline (NASS for neoplastic fractures): labelled as such, never mixed
// with the ACR rating. One line per statement, naming the procedures it concerns; each distinct
// source is cited once.
void append_supplementary(std::string& out, const Assessment& a, const CardPlan& plan) {
  if (!neoplastic(a)) return;
  std::vector<const RatedProcedure*> procedures{a.ordered};
  for (const Alternative* alt : plan.suggested) procedures.push_back(alt->procedure);
  for (const Alternative* alt : plan.listed) procedures.push_back(alt->procedure);
  struct Line {
    const engine::SupplementaryEvidence* evidence;
    std::vector<const RatedProcedure*> procedures;
  };
  std::vector<Line> lines;
  for (const RatedProcedure* p : procedures) {
    for (const engine::SupplementaryEvidence& s : p->supplementary) {
      auto line = std::find_if(lines.begin(), lines.end(), [&](const Line& l) {
        return l.evidence->grade == s.grade && l.evidence->statement == s.statement &&
               l.evidence->source == s.source;
      });
      if (line == lines.end()) line = lines.insert(lines.end(), Line{&s, {}});
      line->procedures.push_back(p);
    }
  }
  if (lines.empty()) return;
  out +=
      "\n**Supplementary evidence from a different source** (not an ACR rating; its grades are "
      "that source's own)\n\n";
  std::vector<std::string_view> sources;
  for (const Line& l : lines) {
    out += "- grade ";
    text(out, l.evidence->grade);
    out += ": ";
    text(out, l.evidence->statement);
    out += " (";
    for (std::size_t i = 0; i < l.procedures.size(); ++i) {
      if (i) out += "; ";
      text(out, l.procedures[i]->name);
    }
    if (!l.evidence->source.empty()) {
      auto it = std::find(sources.begin(), sources.end(), l.evidence->source);
      if (it == sources.end()) it = sources.insert(sources.end(), l.evidence->source);
      out += "; source ";
      out += std::to_string(1 + (it - sources.begin()));
    }
    out += ")\n";
  }
  for (std::size_t i = 0; i < sources.size(); ++i) {
    out += i == 0 ? "\nSource " : "Source ";
    out += std::to_string(i + 1);
    out += ": ";
    text(out, sources[i]);
    out += "\n\n";
  }
}

void append_notes(std::string& out, const Assessment& a) {
  if (a.notes.empty()) return;
  out += "\n**Notes**\n\n";
  for (const std::string& n : a.notes) {
    out += "- ";
    text(out, n);
    out += '\n';
  }
}

// What the settling study would show, the variant that finding leads to and the order's rating
// there (from the criteria data), and what the suggestion does.
void append_settling(std::string& out, const CardPlan& plan) {
  const RatedProcedure& study = *plan.settling->procedure;
  out += "**What ";
  text(out, study.name);
  out += " would decide**\n\n";
  text(out, study.name);
  out += " shows whether there is bone marrow edema or an intravertebral cleft";
  if (plan.settled_variant != nullptr) {
    out += ". With either, ";
    append_variant(out, *plan.settled_variant);
    out += " applies";
    if (plan.ordered_if_settled != nullptr) {
      out += ", where ";
      text(out, plan.ordered_if_settled->name);
      out += " is ";
      text(out, engine::category_label(plan.ordered_if_settled->category));
      out += " (";
      out += std::to_string(plan.ordered_if_settled->rating);
      out += ")";
    }
  }
  out += ".\n";
  if (plan.settling->safety.removed()) {
    out += "\n";
    text(out, study.name);
    out += " is contraindicated for this patient (see below): no order is offered.\n";
  } else if (has_order_codes(*plan.settling)) {
    out += "\nThe suggestion adds a new draft order for ";
    text(out, study.name);
    out += "; the current order is left as it is.\n";
  } else {
    out +=
        "\nNo verified order code is known for this study in the order's region: no order is "
        "offered.\n";
  }
}

std::string settling_detail(const Assessment& a, const CardPlan& plan) {
  std::string out;
  out.reserve(2048);
  out += "**";
  text(out, a.topic->title);
  out += "**: no variant applies yet\n\n";
  if (!a.reason.empty()) {
    text(out, a.reason);
    out += "\n\n";
  }
  append_reasons(out, plan);
  append_settling(out, plan);
  append_option_safety(out, a, plan);
  append_unchecked(out, a);
  append_facts(out, a);
  append_assumptions(out, a);
  append_notes(out, a);
  return out;
}

// An order no variant rates, with a reason of its own (a safety rule that hits it).
std::string unrated_detail(const Assessment& a, const CardPlan& plan) {
  std::string out;
  out.reserve(2048);
  out += "**";
  text(out, a.topic->title);
  out += "**: no variant applies\n\n";
  if (!a.reason.empty()) {
    text(out, a.reason);
    out += "\n\n";
  }
  append_reasons(out, plan);
  append_unchecked(out, a);
  append_facts(out, a);
  append_assumptions(out, a);
  append_notes(out, a);
  return out;
}

// Studies the record or the basket already holds: the order's own recent twin, and better-rated
// options that are therefore not suggested.
void append_already(std::string& out, const Assessment& a, const CardPlan& plan) {
  bool any = !a.prior_of_order.empty();
  for (const Alternative& alt : a.alternatives) any = any || !alt.offerable();
  if (!any) return;
  out += "\n**Already done or ordered**\n\n";
  for (const engine::PriorStudy& s : a.prior_of_order) {
    out += "- ";
    text(out, prior_study_text(*a.ordered, s));
    out += '\n';
  }
  for (const Alternative& alt : a.alternatives) {
    if (alt.procedure == nullptr) continue;
    if (!alt.done_recently.sources.empty()) {
      out += "- ";
      text(out, prior_study_text(*alt.procedure, alt.done_recently));
      out += ": not suggested again\n";
    } else if (!alt.drafted_as.empty()) {
      out += "- ";
      text(out, drafted_text(*alt.procedure, alt.drafted_as));
      out += ": not suggested again\n";
    }
  }
  if (plan.remove_draft) {
    out +=
        "\nThe better-rated study is already among the draft orders: remove this draft (the "
        "suggestion), or keep it (dismiss the card, or override it with a reason).\n";
  }
}

std::string red_flag_detail(const Assessment& a, const CardPlan& plan) {
  std::string out;
  out.reserve(1024);
  out += "**";
  text(out, a.topic->title);
  out += "**: not rated\n\n";
  append_reasons(out, plan);
  out += "**Red flags**\n\n";
  for (const engine::RedFlag& f : a.red_flags) {
    out += "- ";
    text(out, engine::red_flag_text(f));
    out += "; from ";
    append_evidence(out, f.evidence);
    out += '\n';
  }
  out +=
      "\nThese criteria do not rate the order and suggest no other study: the topic named above "
      "covers this case.\n";
  append_unchecked(out, a);
  append_notes(out, a);
  return out;
}

// Which codes name which study; nothing else is known until the order names one study.
std::string codes_disagree_detail(const Assessment& a) {
  std::string out;
  out.reserve(1024);
  out += "**The order's codes name different studies**\n\n";
  text(out, a.reason);
  out += "\n\n**Codes of the order**\n\n";
  for (const engine::Evidence& e : a.order_evidence) {
    out += "- ";
    append_evidence(out, e);
    out += '\n';
  }
  out += "\nCorrect the order so that its codes name one study; it is rated then.\n";
  append_notes(out, a);
  return out;
}

}  // namespace

std::string card_detail(const Assessment& a, const CardPlan& plan) {
  if (plan.codes_disagree) return codes_disagree_detail(a);
  if (plan.red_flag) return red_flag_detail(a, plan);
  if (plan.settling != nullptr) return settling_detail(a, plan);
  if (a.variant == nullptr || a.ordered == nullptr) return unrated_detail(a, plan);
  std::string out;
  out.reserve(4096);
  out += "**";
  text(out, a.topic->title);
  out += "**, ";
  append_variant(out, *a.variant);
  out += "\n\n";
  if (!a.reason.empty()) {
    text(out, a.reason);
    out += "\n\n";
  }
  append_reasons(out, plan);
  if (a.substitutes) {
    out +=
        "The ordered study is contraindicated; the other options of this variant rated May Be "
        "Appropriate or better are shown instead.\n\n";
  }
  append_table(out, a, plan);
  append_already(out, a, plan);
  if (plan.better != nullptr && !plan.better->procedure->orderable && !plan.remove_draft) {
    out += "\nThe best-rated option, ";
    text(out, plan.better->procedure->name);
    out += plan.suggested.empty()
               ? ", is not something to order: no order is offered to replace this one.\n"
               : ", is not something to order; the suggestions are the orderable options in "
                 "the same category.\n";
  }
  if (!a.substitutes &&
      std::any_of(plan.listed.begin(), plan.listed.end(),
                  [](const Alternative* alt) { return alt->procedure->orderable; })) {
    out +=
        "\nRows marked \"Also better\" are rated above the order but not offered as "
        "suggestions.\n";
  }
  append_option_safety(out, a, plan);
  append_unchecked(out, a);
  append_facts(out, a);
  append_assumptions(out, a);
  append_supplementary(out, a, plan);
  append_notes(out, a);
  return out;
}

}  // namespace auc::cards
