#include "engine/order/ordered_study.h"

#include "engine/terminology/cpt_code.h"

namespace auc::engine {
namespace {

constexpr std::string_view kProcedurePrefix = "procedure/";
constexpr std::string_view kCtWithContrast = "ct-spine-with-iv-contrast";
constexpr std::string_view kCtMyelography = "ct-myelography-spine";

bool is_myelography(const CodeMapping& m) {
  return m.concept_id == "modifier/myelography";
}

bool is_spine_region(Region r) {
  return r == Region::kCervical || r == Region::kThoracic || r == Region::kLumbar;
}

// The coding as evidence; a CPT code keeps the modifiers it was sent with, named apart.
Evidence evidence_of(const fhir::ServiceRequest& order, const fhir::Coding& coding) {
  Evidence e{fhir::ServiceRequest::kType, order.id, coding.system, coding.code, coding.display};
  if (canonical_system(coding.system) == kCpt) e.modifiers = split_cpt(coding.code).modifiers;
  return e;
}

std::string_view procedure_of(const CodeMapping& m) {
  return std::string_view(m.concept_id).substr(kProcedurePrefix.size());
}

std::string describe(const OrderedCandidate& c) {
  std::string out(c.evidence.code);
  out += " (";
  out += c.procedure_id;
  out += ')';
  return out;
}

}  // namespace

OrderedStudy recognise_order(const Terminology& terms, const fhir::ServiceRequest& order) {
  OrderedStudy out;
  const CodeMapping* chosen = nullptr;
  const fhir::Coding* chosen_coding = nullptr;
  Region other_region = Region::kUnspecified;
  bool disagree = false;
  for (const fhir::Coding& coding : order.code.coding) {
    if (coding.code.empty()) continue;
    const CodeMapping* m = terms.lookup(coding.system, coding.code);
    if (m == nullptr) continue;
    if (is_myelography(*m)) {
      out.myelography = true;
      out.evidence.push_back(evidence_of(order, coding));
      continue;
    }
    const std::string_view cid = m->concept_id;
    if (cid.substr(0, kProcedurePrefix.size()) != kProcedurePrefix) continue;
    out.candidates.push_back({procedure_of(*m), m->region, evidence_of(order, coding)});
    if (chosen == nullptr) {
      chosen = m;
      chosen_coding = &coding;
    } else if (m->concept_id != chosen->concept_id) {
      disagree = true;
    }
    if (m->region != Region::kUnspecified && other_region == Region::kUnspecified) {
      other_region = m->region;
    }
  }
  for (const fhir::CodeableConcept& detail : order.order_detail) {
    for (const fhir::Coding& coding : detail.coding) {
      const CodeMapping* m = terms.lookup(coding.system, coding.code);
      if (m != nullptr && is_myelography(*m)) {
        out.myelography = true;
        out.evidence.push_back(evidence_of(order, coding));
      }
    }
  }
  if (chosen == nullptr) {
    out.reason = order.code.coding.empty() || order.code.coding.front().code.empty()
                     ? "the order carries no code"
                     : "no code of the order maps to a procedure the criteria rate";
    return out;
  }
  // CT "with contrast" beside a myelography injection is CT myelography, on every coding.
  if (out.myelography) {
    for (OrderedCandidate& c : out.candidates) {
      if (c.procedure_id == kCtWithContrast) c.procedure_id = kCtMyelography;
    }
  }
  if (!disagree) out.candidates.clear();
  out.evidence.insert(out.evidence.begin(), evidence_of(order, *chosen_coding));
  out.procedure_id = procedure_of(*chosen);
  if (out.myelography && out.procedure_id == kCtWithContrast) out.procedure_id = kCtMyelography;
  out.region = chosen->region != Region::kUnspecified ? chosen->region : other_region;
  if (out.region == Region::kUnspecified) {
    for (const fhir::CodeableConcept& site : order.body_site) {
      for (const fhir::Coding& coding : site.coding) {
        const CodeMapping* m = terms.lookup(coding.system, coding.code);
        if (m != nullptr && m->concept_id == "site/spine" && m->region != Region::kUnspecified) {
          out.region = m->region;
          out.evidence.push_back(evidence_of(order, coding));
          break;
        }
      }
      if (out.region != Region::kUnspecified) break;
    }
  }
  return out;
}

void settle_disagreement(OrderedStudy& study,
                         const std::function<bool(std::string_view, std::string_view)>& same_kind) {
  if (study.candidates.empty()) return;
  const OrderedCandidate* best = &study.candidates.front();
  bool agree = true;
  // Every pair: agreement need not be transitive in the data.
  for (std::size_t i = 0; agree && i < study.candidates.size(); ++i) {
    for (std::size_t j = i + 1; agree && j < study.candidates.size(); ++j) {
      const OrderedCandidate& a = study.candidates[i];
      const OrderedCandidate& b = study.candidates[j];
      if (a.procedure_id != b.procedure_id && !same_kind(a.procedure_id, b.procedure_id)) {
        agree = false;
      }
    }
  }
  if (!agree) {
    std::string reason = "the order's codes disagree on modality or contrast: ";
    for (std::size_t i = 0; i < study.candidates.size(); ++i) {
      if (i) reason += " vs ";
      reason += describe(study.candidates[i]);
    }
    reason += "; nothing is rated until the order names one study";
    study.reason = std::move(reason);
    study.codes_disagree = true;
    study.procedure_id = {};
    study.evidence.clear();
    for (const OrderedCandidate& c : study.candidates) study.evidence.push_back(c.evidence);
    return;
  }
  for (const OrderedCandidate& c : study.candidates) {
    if (is_spine_region(c.region) && !is_spine_region(best->region)) best = &c;
  }
  std::string reason =
      "the order's codes name different procedures of the same modality and "
      "contrast; the most specific is rated: ";
  reason += describe(*best);
  study.reason = std::move(reason);
  study.procedure_id = best->procedure_id;
  if (is_spine_region(best->region)) study.region = best->region;
  if (study.evidence.empty() || study.evidence.front().code != best->evidence.code) {
    study.evidence.insert(study.evidence.begin(), best->evidence);
  }
}

}  // namespace auc::engine
