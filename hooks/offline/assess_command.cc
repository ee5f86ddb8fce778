#include "hooks/offline/assess_command.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "cards/hook_response.h"
#include "engine/assessment.h"
#include "engine/knowledge_base.h"
#include "fhir/patient_record.h"
#include "hooks/cds/hook_request.h"
#include "hooks/codes/unrecognised_codes.h"
#include "hooks/config/config.h"
#include "hooks/prefetch/patient_data.h"
#include "hooks/prefetch/prefetch_templates.h"
#include "hooks/services/orders_to_rate.h"

namespace auc::hooks {
namespace {

constexpr std::string_view kUsage =
    "usage: auc-hooks assess FILE|- [--explain] [--data-dir DIR] [--local-codes DIR] "
    "[--card-when-appropriate] [--symptom-window-days DAYS]";

struct AssessArgs {
  std::string input;
  bool explain = false;
  bool card_when_appropriate = false;
  int symptom_window_days = 90;
  engine::KnowledgeBaseOptions knowledge;
};

std::string coding_text(const fhir::Coding& c) {
  std::string out(c.system.empty() ? "(no system)" : c.system);
  out += ' ';
  out += c.code;
  if (!c.display.empty()) out.append(" \"").append(c.display).append("\"");
  return out;
}

std::string evidence_text(const engine::Evidence& e) {
  std::string out = e.reference();
  if (!e.code.empty()) {
    out.append(" (");
    if (!e.system.empty()) out.append(e.system).append(" ");
    out.append(e.code);
    if (!e.display.empty()) out.append(" \"").append(e.display).append("\"");
    out += ')';
  }
  return out;
}

std::string rating_text(const engine::RatedProcedure& p) {
  return std::string(engine::category_label(p.category)) + ", " + std::to_string(p.rating);
}

// The suggestions and summaries of the cards about one order, as the clinician would see them.
void explain_cards(const cards::HookResponse& response, const rapidjson::Document& cards_doc,
                   const engine::Assessment& a, std::vector<std::string>& offered_labels,
                   std::ostream& out) {
  bool any = false;
  for (std::size_t i = 0; i < response.cards.size(); ++i) {
    if (response.cards[i].order_reference != a.order_reference) continue;
    any = true;
    out << "  Card (" << response.cards[i].indicator << "): " << response.cards[i].summary << "\n";
    if (!cards_doc.IsArray() || i >= cards_doc.Size()) continue;
    const rapidjson::Value& card = cards_doc[static_cast<rapidjson::SizeType>(i)];
    const auto s = card.FindMember("suggestions");
    if (s == card.MemberEnd() || !s->value.IsArray()) continue;
    for (const rapidjson::Value& suggestion : s->value.GetArray()) {
      const auto label = suggestion.FindMember("label");
      if (label == suggestion.MemberEnd() || !label->value.IsString()) continue;
      offered_labels.emplace_back(label->value.GetString());
      out << "    suggested: " << label->value.GetString() << "\n";
    }
  }
  if (!any) {
    out << "  Card: none";
    if (a.outcome != engine::Outcome::kRated) {
      out << " (no criteria apply)";
    } else if (a.alternatives.empty()) {
      out << " (nothing in the variant is rated better than the order)";
    } else if (a.ordered && a.ordered->category == engine::Category::kUsuallyAppropriate) {
      out << " (the order is Usually Appropriate; --card-when-appropriate shows one)";
    }
    out << "\n";
  }
}

std::string safety_text(const engine::SafetyVerdict& verdict) {
  std::string out;
  for (const engine::SafetyRule* rule : verdict.rules) {
    if (!out.empty()) out += "; ";
    out.append(rule->id).append(" (").append(engine::safety_action_label(rule->action));
    out.append("): ").append(rule->message);
  }
  return out;
}

// Better-rated options that did not become a button, and why.
void explain_not_offered(const engine::Assessment& a,
                         const std::vector<std::string>& offered_labels, std::ostream& out) {
  for (const engine::Alternative& alt : a.alternatives) {
    const engine::RatedProcedure& p = *alt.procedure;
    bool offered = false;
    for (const std::string& label : offered_labels) {
      offered |= label.find(p.name) != std::string::npos;
    }
    if (offered) {
      if (alt.safety.any()) out << "    (" << p.name << ": " << safety_text(alt.safety) << ")\n";
      continue;
    }
    out << "    not offered: " << p.name << " (" << rating_text(p) << "): ";
    if (alt.safety.removed()) {
      out << "removed for this patient by safety rule " << safety_text(alt.safety);
    } else if (!p.orderable) {
      out << "not an order (named in the card, never a button)";
    } else if (alt.codes.empty()) {
      out << "no order code for the " << engine::region_label(alt.region) << " region";
    } else if (p.category != a.alternatives.front().procedure->category) {
      out << "below the best category that beats the order (only that category becomes buttons); "
             "listed in the card's detail";
    } else {
      out << "beyond the number of buttons a card shows; listed in the card's detail";
    }
    out << "\n";
  }
}

void explain_order(const engine::KnowledgeBase& kb, const fhir::ServiceRequest& order,
                   const engine::Assessment& a, const cards::HookResponse& response,
                   const rapidjson::Document& cards_doc, std::ostream& out) {
  out << "Order " << a.order_reference << "\n";
  out << "  Codes:\n";
  for (const fhir::Coding& c : order.code.coding) {
    if (c.code.empty()) continue;
    out << "    " << coding_text(c) << ": ";
    if (const engine::CodeMapping* m = kb.terminology().lookup(c.system, c.code)) {
      out << "recognised as " << m->concept_id << " (" << engine::region_label(m->region)
          << ", from " << m->source << ")\n";
    } else {
      out << "NOT recognised (add it to a --local-codes file)\n";
    }
  }
  if (!order.code.text.empty()) out << "    text: \"" << order.code.text << "\"\n";
  out << "  Ordered study: "
      << (a.procedure_id.empty() ? std::string("not recognised") : std::string(a.procedure_id))
      << " (" << engine::region_label(a.region) << ")\n";
  out << "  Facts:\n";
  for (const engine::Fact& f : a.facts) {
    out << "    " << engine::fact_name(f.id) << " = " << f.value_text() << " ("
        << engine::confidence_label(f.confidence) << ")";
    for (std::size_t i = 0; i < f.evidence.size(); ++i) {
      out << (i == 0 ? " from " : "; ") << evidence_text(f.evidence[i]);
    }
    if (!f.reason.empty()) out << " [" << f.reason << "]";
    out << "\n";
  }
  if (a.variant != nullptr) {
    out << "  Variant " << a.variant->number << ": " << a.variant->title << "\n";
  } else {
    out << "  Variant: none\n";
  }
  out << "  Why: " << a.reason << "\n";
  if (!a.decided_by.empty()) {
    out << "  Decided by:";
    for (engine::FactId id : a.decided_by) out << ' ' << engine::fact_name(id);
    out << "\n";
  }
  if (!a.noted_facts.empty()) {
    out << "  Also shown:";
    for (engine::FactId id : a.noted_facts) out << ' ' << engine::fact_name(id);
    out << "\n";
  }
  if (!a.assumed.empty()) {
    out << "  Assumed:";
    for (engine::FactId id : a.assumed) out << ' ' << engine::fact_name(id);
    out << "\n";
  }
  out << "  Rating: ";
  if (a.ordered != nullptr) {
    out << a.ordered->name << ": " << rating_text(*a.ordered) << "\n";
  } else {
    out << "none (" << engine::outcome_label(a.outcome) << ")\n";
  }
  if (a.ordered_safety.any()) {
    out << "  Safety of the order: " << safety_text(a.ordered_safety) << "\n";
  }
  for (const engine::CardReason& reason : a.reasons) {
    out << "  Reason (" << engine::severity_label(reason.severity) << ", " << reason.kind
        << "): " << reason.summary << "\n";
  }
  for (const std::string& unchecked : a.unchecked) out << "  Not checked: " << unchecked << "\n";
  if (a.substitutes) {
    out << "  The order itself is removed by a safety rule: the options below are the variant's "
           "other acceptable studies\n";
  }
  std::vector<std::string> offered;
  explain_cards(response, cards_doc, a, offered, out);
  explain_not_offered(a, offered, out);
  for (const std::string& note : a.notes) out << "  Note: " << note << "\n";
}

std::optional<std::string> read_input(const std::string& input, std::ostream& err) {
  if (input == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  std::ifstream in(input, std::ios::binary);
  if (!in) {
    err << "auc-hooks assess: cannot read " << input << "\n";
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

int assess_command(const std::vector<std::string_view>& args, std::string_view default_data_dir,
                   std::ostream& out, std::ostream& err) {
  AssessArgs a;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--explain") {
      a.explain = true;
    } else if (arg == "--card-when-appropriate") {
      a.card_when_appropriate = true;
    } else if ((arg == "--data-dir" || arg == "--local-codes") && i + 1 < args.size()) {
      (arg == "--data-dir" ? a.knowledge.data_dir : a.knowledge.local_codes_dir) = args[++i];
    } else if (arg == "--symptom-window-days" && i + 1 < args.size()) {
      a.symptom_window_days = std::atoi(std::string(args[++i]).c_str());
      if (a.symptom_window_days < 1) {
        err << "auc-hooks assess: --symptom-window-days: expected a whole number of days\n";
        return 2;
      }
    } else if (a.input.empty() && (arg == "-" || !arg.starts_with("-"))) {
      a.input = arg;
    } else {
      err << "auc-hooks assess: unexpected argument '" << arg << "' (" << kUsage << ")\n";
      return 2;
    }
  }
  if (a.input.empty()) {
    err << "auc-hooks assess: which request? (" << kUsage << ")\n";
    return 2;
  }
  if (a.knowledge.data_dir.empty()) a.knowledge.data_dir = default_data_dir;
  auto kb = engine::KnowledgeBase::load(a.knowledge);
  if (!kb) {
    err << "auc-hooks assess: knowledge base: " << kb.error().to_string() << "\n";
    return 1;
  }

  auto text = read_input(a.input, err);
  if (!text) return 1;
  rapidjson::Document body;
  body.Parse(text->data(), text->size());
  if (body.HasParseError()) {
    err << "auc-hooks assess: not JSON: " << rapidjson::GetParseError_En(body.GetParseError())
        << " at byte " << body.GetErrorOffset() << "\n";
    return 1;
  }
  std::string_view hook;
  if (body.IsObject()) {
    const auto h = body.FindMember("hook");
    if (h != body.MemberEnd() && h->value.IsString()) hook = h->value.GetString();
  }
  if (hook != "order-select" && hook != "order-sign") {
    err << "auc-hooks assess: /hook: expected \"order-select\" or \"order-sign\"\n";
    return 1;
  }
  auto request = parse_hook_request(body, hook);
  if (!request) {
    err << "auc-hooks assess: " << request.error().path << ": " << request.error().message << "\n";
    return 1;
  }
  // Offline: only what the request carries. Nothing is fetched from fhirServer.
  request->fhir_server = {};
  request->has_authorization = false;

  auto drafts = fhir::draft_service_requests(*request->draft_orders, "/context/draftOrders");
  if (!drafts) {
    err << "auc-hooks assess: " << drafts.error().to_string() << "\n";
    return 1;
  }
  const std::vector<const fhir::ServiceRequest*> to_rate = orders_to_rate(*drafts, *request);
  FhirClientConfig no_fetches;
  const FhirClient offline(no_fetches);
  auto data = gather_patient_data(*request, vcf_prefetch_templates(), offline);
  if (!data) {
    err << "auc-hooks assess: " << data.error().path << ": " << data.error().message << "\n";
    return 1;
  }
  if (!to_rate.empty() && !(*data)->unobtainable.empty()) {
    err << "auc-hooks assess: the server would answer 412: required prefetch missing:";
    for (std::string_view key : (*data)->unobtainable) err << ' ' << key;
    err << " (the server would fetch them from fhirServer; assess works offline)\n";
    return 1;
  }

  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  engine::AssessmentOptions options;
  options.facts.symptom_window_days = a.symptom_window_days;
  std::vector<engine::Assessment> assessments;
  assessments.reserve(to_rate.size());
  std::vector<cards::AssessedOrder> assessed;
  for (const fhir::ServiceRequest* order : to_rate) {
    assessments.push_back(
        engine::assess(*kb.value(), *order, (*data)->record, judged_at(*order, now), options));
    assessed.push_back(cards::AssessedOrder{order->json, &assessments.back()});
  }
  cards::CardPolicy policy;
  policy.card_when_usually_appropriate = a.card_when_appropriate;
  cards::RandomUuidSource uuids;
  const cards::HookResponse response = cards::render_hook_response(assessed, policy, uuids);

  if (!a.explain) {
    out << response.body << "\n";
    return 0;
  }
  rapidjson::Document cards_doc;
  cards_doc.Parse(response.cards_json.data(), response.cards_json.size());
  out << "Request: " << hook << ", " << drafts->size() << " draft order(s), " << to_rate.size()
      << " rated\n";
  for (std::size_t i = 0; i < to_rate.size(); ++i) {
    out << "\n";
    explain_order(*kb.value(), *to_rate[i], assessments[i], response, cards_doc, out);
  }
  const auto unknown = unrecognised_codes(kb.value()->terminology(), to_rate, (*data)->record);
  out << "\nUnrecognised codes (none of the concept's codings maps):";
  if (unknown.empty()) out << " none";
  out << "\n";
  for (const UnrecognisedCode& u : unknown) {
    out << "  " << u.kind << ": " << (u.system.empty() ? "(no system)" : u.system) << " " << u.code;
    if (!u.display.empty()) out << " \"" << u.display << "\"";
    out << "\n";
  }
  return 0;
}

}  // namespace auc::hooks
