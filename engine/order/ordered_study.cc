#include "engine/order/ordered_study.h"

namespace auc::engine {
namespace {

constexpr std::string_view kProcedurePrefix = "procedure/";

bool is_myelography(const CodeMapping& m) {
  return m.concept_id == "modifier/myelography";
}

}  // namespace

OrderedStudy recognise_order(const Terminology& terms, const fhir::ServiceRequest& order) {
  OrderedStudy out;
  const CodeMapping* chosen = nullptr;
  const fhir::Coding* chosen_coding = nullptr;
  Region other_region = Region::kUnspecified;
  for (const fhir::Coding& coding : order.code.coding) {
    if (coding.code.empty()) continue;
    const CodeMapping* m = terms.lookup(coding.system, coding.code);
    if (m == nullptr) continue;
    if (is_myelography(*m)) {
      out.myelography = true;
      out.evidence.push_back(
          {fhir::ServiceRequest::kType, order.id, coding.system, coding.code, coding.display});
      continue;
    }
    const std::string_view cid = m->concept_id;
    if (cid.substr(0, kProcedurePrefix.size()) != kProcedurePrefix) continue;
    if (chosen == nullptr) {
      chosen = m;
      chosen_coding = &coding;
    } else if (m->concept_id != chosen->concept_id && out.reason.empty()) {
      out.reason = "the order's codings disagree (" + std::string(chosen->concept_id) + " vs " +
                   std::string(m->concept_id) + "); the first coding is used";
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
        out.evidence.push_back(
            {fhir::ServiceRequest::kType, order.id, coding.system, coding.code, coding.display});
      }
    }
  }
  if (chosen == nullptr) {
    out.reason = order.code.coding.empty() || order.code.coding.front().code.empty()
                     ? "the order carries no code"
                     : "no code of the order maps to a procedure the criteria rate";
    return out;
  }
  out.evidence.insert(out.evidence.begin(),
                      Evidence{fhir::ServiceRequest::kType, order.id, chosen_coding->system,
                               chosen_coding->code, chosen_coding->display});
  out.procedure_id = std::string_view(chosen->concept_id).substr(kProcedurePrefix.size());
  if (out.myelography && out.procedure_id == "ct-spine-with-iv-contrast") {
    out.procedure_id = "ct-myelography-spine";
  }
  out.region = chosen->region != Region::kUnspecified ? chosen->region : other_region;
  if (out.region == Region::kUnspecified) {
    for (const fhir::CodeableConcept& site : order.body_site) {
      for (const fhir::Coding& coding : site.coding) {
        const CodeMapping* m = terms.lookup(coding.system, coding.code);
        if (m != nullptr && m->concept_id == "site/spine" && m->region != Region::kUnspecified) {
          out.region = m->region;
          out.evidence.push_back(
              {fhir::ServiceRequest::kType, order.id, coding.system, coding.code, coding.display});
          break;
        }
      }
      if (out.region != Region::kUnspecified) break;
    }
  }
  return out;
}

}  // namespace auc::engine
