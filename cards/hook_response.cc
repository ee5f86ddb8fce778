#include "cards/hook_response.h"

#include <array>

#include "cards/card_detail.h"
#include "cards/card_plan.h"
#include "cards/card_summary.h"
#include "cards/draft_template.h"
#include "cards/extension_urls.h"
#include "cards/json_writer.h"
#include "cards/new_order.h"
#include "cards/order_code.h"
#include "cards/override_reasons.h"
#include "cards/pama_rating.h"
#include "cards/prior_imaging_text.h"
#include "cards/rating_extensions.h"
#include "cards/resource_copy.h"

namespace auc::cards {
namespace {

using engine::Alternative;
using engine::Assessment;

constexpr std::string_view kAcrLabel = "ACR Appropriateness Criteria: ";
constexpr std::size_t kCardBytesPerOrder = 16384;   // a card with three suggested drafts
constexpr std::size_t kActionBytesPerOrder = 2048;  // one draft plus its rating

std::string_view string_member(const rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) return {};
  const auto m = object.FindMember(rapidjson::Value(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size()))));
  if (m == object.MemberEnd() || !m->value.IsString()) return {};
  return {m->value.GetString(), m->value.GetStringLength()};
}

const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  const auto m = object.FindMember(rapidjson::Value(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size()))));
  return m == object.MemberEnd() ? nullptr : &m->value;
}

// The sandbox's first order-select call carries `code.coding: [{}]`: nothing was ordered yet.
bool has_order_code(const rapidjson::Value& draft) {
  const rapidjson::Value* code = member(draft, "code");
  return code != nullptr && !is_empty_json(*code);
}

std::string variant_id(const Assessment& a) {
  return a.variant == nullptr ? std::string() : "variant-" + std::to_string(a.variant->number);
}

ledger::OrderEntry order_entry(const Assessment& a, const rapidjson::Value& draft) {
  ledger::OrderEntry e;
  e.order_reference = a.order_reference;
  if (const rapidjson::Value* code = member(draft, "code")) {
    if (const rapidjson::Value* coding = member(*code, "coding"); coding && coding->IsArray()) {
      for (const auto& c : coding->GetArray()) {
        if (string_member(c, "code").empty()) continue;
        e.ordered_codes.push_back({std::string(string_member(c, "system")),
                                   std::string(string_member(c, "code")),
                                   std::string(string_member(c, "display"))});
      }
    }
  }
  e.procedure_id = a.procedure_id;
  e.variant = variant_id(a);
  if (a.outcome == engine::Outcome::kRated && a.ordered != nullptr) {
    e.category = category_code(a.ordered->category);
    e.rating = a.ordered->rating;
  }
  e.pama_rating = pama_rating_code(pama_rating_of(a));
  return e;
}

RatingExtensions ordered_rating(const Assessment& a, std::string_view consult_id) {
  RatingExtensions r;
  r.rating = pama_rating_of(a);
  r.consult_id = consult_id;
  r.topic = a.topic;
  if (r.rating != PamaRating::kNoCriteriaApply) {
    r.variant = a.variant;
    r.procedure = a.ordered;
  }
  return r;
}

void append_rating_text(std::string& out, const engine::RatedProcedure& p) {
  out += p.name;
  out += " is ";
  out += engine::category_label(p.category);
  out += " (";
  out += std::to_string(p.rating);
  out += ")";
}

void write_system_action(JsonWriter& w, const Assessment& a, const DraftTemplate& draft,
                         std::string_view consult_id) {
  const RatingExtensions rating = ordered_rating(a, consult_id);
  std::string description;
  description.reserve(160);
  if (rating.rating == PamaRating::kNoCriteriaApply) {
    description = "PAMA rating no-criteria-apply";
    if (!a.reason.empty()) description += ": " + a.reason;
  } else {
    description = "PAMA rating ";
    description += pama_rating_code(rating.rating);
    description += ": ";
    append_rating_text(description, *a.ordered);
    description += " in ACR variant " + std::to_string(a.variant->number);
  }
  w.StartObject();
  write_field(w, "type", "update");
  write_field(w, "description", description);
  write_key(w, "resource");
  draft.write(
      w, false, [](JsonWriter&) {}, [&](JsonWriter& ew) { write_rating_extensions(ew, rating); });
  w.EndObject();
}

void write_suggestion(JsonWriter& w, const Assessment& a, const DraftTemplate& draft,
                      const Alternative& alt, bool recommended, std::string_view consult_id,
                      UuidSource& uuids) {
  const engine::RatedProcedure& p = *alt.procedure;
  std::string label = "Order " + p.name + " instead (" +
                      std::string(engine::category_label(p.category)) + ", " +
                      std::to_string(p.rating) + ")";
  std::string description = "Replace the ordered " + a.ordered->name + " with " + p.name;
  for (const engine::CodeMapping* c : alt.codes) {
    if (c != nullptr && !c->unverified && !c->code.empty()) {
      description += " (" + (c->display.empty() ? c->code : c->code + " " + c->display) + ")";
      break;
    }
  }
  RatingExtensions rating;
  rating.rating = pama_rating_of(p.category);
  rating.consult_id = consult_id;
  rating.topic = a.topic;
  rating.variant = a.variant;
  rating.procedure = &p;

  w.StartObject();
  write_field(w, "label", label);
  write_field(w, "uuid", uuids.next());
  if (recommended) {
    write_key(w, "isRecommended");
    w.Bool(true);
  }
  write_key(w, "actions");
  w.StartArray();
  w.StartObject();
  write_field(w, "type", "update");
  write_field(w, "description", description);
  write_key(w, "resource");
  draft.write(
      w, true, [&](JsonWriter& cw) { write_order_code(cw, alt); },
      [&](JsonWriter& ew) { write_rating_extensions(ew, rating); });
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

// The topic Coding names the matched variant; an order no variant applies to has none.
void write_source(JsonWriter& w, const Assessment& a) {
  if (a.topic == nullptr) {  // an order whose codes no topic rates alone
    w.StartObject();
    write_field(w, "label", kAcrLabel.substr(0, kAcrLabel.size() - 2));
    w.EndObject();
    return;
  }
  const engine::Topic& t = *a.topic;
  std::string label(kAcrLabel);
  label += t.title;
  w.StartObject();
  write_field(w, "label", label);
  write_field(w, "url", t.source_url);
  if (a.variant != nullptr) {
    std::string code = t.id + "/variant-" + std::to_string(a.variant->number);
    std::string display = t.title + ", variant " + std::to_string(a.variant->number);
    write_key(w, "topic");
    write_coding(w, kAcrVariantSystem, code, display);
  }
  w.EndObject();
}

// The overrideReasons array is the same on every card of a kind: rendered once per process
// (`imaging`: the card proposes imaging, so "prior imaging already available" is a reason).
const std::string& override_reasons_json(bool imaging) {
  static const std::array<std::string, 2> rendered = [] {
    std::array<std::string, 2> out;
    for (const bool with_imaging : {false, true}) {
      rapidjson::StringBuffer buf;
      JsonWriter w(buf);
      w.StartArray();
      for (const OverrideReasonCode& r : override_reason_codes()) {
        if (r.imaging_only && !with_imaging) continue;
        write_coding(w, kOverrideReasonSystem, r.code, r.display);
      }
      w.EndArray();
      out[with_imaging ? 1 : 0].assign(buf.GetString(), buf.GetSize());
    }
    return out;
  }();
  return rendered[imaging ? 1 : 0];
}

void write_override_reasons(JsonWriter& w, bool imaging) {
  write_key(w, "overrideReasons");
  w.Splice(override_reasons_json(imaging), rapidjson::kArrayType);
}

void write_links(JsonWriter& w, const Assessment& a) {
  if (a.topic == nullptr || a.topic->source_url.empty()) return;
  write_key(w, "links");
  w.StartArray();
  w.StartObject();
  write_field(w, "label", std::string(kAcrLabel) + a.topic->title);
  write_field(w, "url", a.topic->source_url);
  write_field(w, "type", "absolute");
  w.EndObject();
  w.EndArray();
}

// The one suggestion of a card for an order no variant applies to yet: create a new draft order
// for the settling study; the draft itself is left alone.
void write_settling_suggestion(JsonWriter& w, const rapidjson::Value& draft, const CardPlan& plan,
                               UuidSource& uuids) {
  const Alternative& study = *plan.settling;
  const engine::RatedProcedure& p = *study.procedure;
  std::string description = "Add a draft order for " + p.name;
  for (const engine::CodeMapping* c : study.codes) {
    if (c != nullptr && !c->unverified && !c->code.empty()) {
      description += " (" + (c->display.empty() ? c->code : c->code + " " + c->display) + ")";
      break;
    }
  }
  description += "; the current order is left as it is";
  write_key(w, "suggestions");
  w.StartArray();
  w.StartObject();
  write_field(w, "label", "Order " + p.name + " first");
  write_field(w, "uuid", uuids.next());
  write_key(w, "isRecommended");
  w.Bool(true);
  write_key(w, "actions");
  w.StartArray();
  w.StartObject();
  write_field(w, "type", "create");
  write_field(w, "description", description);
  write_key(w, "resource");
  write_new_order(w, draft, uuids.next(), study);
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndArray();
  write_field(w, "selectionBehavior", "at-most-one");
}

void write_settling_card(JsonWriter& w, const Assessment& a, const rapidjson::Value& draft,
                         const CardPlan& plan, UuidSource& uuids, ledger::CardEntry& entry) {
  entry.summary = plan.reasons[plan.headline].summary;
  w.StartObject();
  write_field(w, "uuid", entry.uuid);
  write_field(w, "summary", entry.summary);
  write_field(w, "indicator", entry.indicator);
  write_field(w, "detail", card_detail(a, plan));
  write_key(w, "source");
  write_source(w, a);
  if (has_order_codes(*plan.settling) && !plan.settling->safety.removed()) {
    entry.suggested_procedure_id = plan.settling->procedure->id;
    write_settling_suggestion(w, draft, plan, uuids);
  }
  write_override_reasons(w, true);
  write_links(w, a);
  w.EndObject();
}

// The better-rated study is already drafted: the one suggestion removes this draft.
void write_remove_draft_suggestion(JsonWriter& w, const Assessment& a, const CardPlan& plan,
                                   UuidSource& uuids) {
  write_key(w, "suggestions");
  w.StartArray();
  w.StartObject();
  write_field(w, "label", "Remove this draft: " + a.ordered->name);
  write_field(w, "uuid", uuids.next());
  write_key(w, "actions");
  w.StartArray();
  w.StartObject();
  write_field(w, "type", "delete");
  write_field(w, "description",
              "Remove the draft order for " + a.ordered->name + "; " +
                  drafted_text(*plan.better->procedure, plan.better->drafted_as));
  write_key(w, "resourceId");
  w.StartArray();
  write_string(w, a.order_reference);
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndArray();
  write_field(w, "selectionBehavior", "at-most-one");
}

// A red flag: the card names it and the topic that covers it; nothing is rated or suggested.
void write_red_flag_card(JsonWriter& w, const Assessment& a, const CardPlan& plan,
                         ledger::CardEntry& entry) {
  entry.summary = plan.reasons[plan.headline].summary;
  w.StartObject();
  write_field(w, "uuid", entry.uuid);
  write_field(w, "summary", entry.summary);
  write_field(w, "indicator", entry.indicator);
  write_field(w, "detail", card_detail(a, plan));
  write_key(w, "source");
  write_source(w, a);
  write_override_reasons(w, false);
  write_links(w, a);
  w.EndObject();
}

void write_card(JsonWriter& w, const Assessment& a, const rapidjson::Value& draft,
                const DraftTemplate& copy, const CardPlan& plan, std::string_view consult_id,
                UuidSource& uuids, std::vector<ledger::CardEntry>& entries) {
  ledger::CardEntry entry;
  entry.uuid = uuids.next();
  entry.indicator = plan.indicator;
  entry.order_reference = a.order_reference;
  entry.variant = variant_id(a);
  if (plan.red_flag) {
    write_red_flag_card(w, a, plan, entry);
    entries.push_back(std::move(entry));
    return;
  }
  if (plan.settling != nullptr) {
    write_settling_card(w, a, draft, plan, uuids, entry);
    entries.push_back(std::move(entry));
    return;
  }
  if (plan.codes_disagree) {
    entry.summary = codes_disagree_summary();
    w.StartObject();
    write_field(w, "uuid", entry.uuid);
    write_field(w, "summary", entry.summary);
    write_field(w, "indicator", entry.indicator);
    write_field(w, "detail", card_detail(a, plan));
    write_key(w, "source");
    write_source(w, a);
    write_links(w, a);
    w.EndObject();
    entries.push_back(std::move(entry));
    return;
  }
  entry.summary = plan.reasons[plan.headline].summary;

  w.StartObject();
  write_field(w, "uuid", entry.uuid);
  write_field(w, "summary", entry.summary);
  write_field(w, "indicator", entry.indicator);
  write_field(w, "detail", card_detail(a, plan));
  write_key(w, "source");
  write_source(w, a);
  if (plan.remove_draft) write_remove_draft_suggestion(w, a, plan, uuids);
  bool any_suggestion = false;
  for (const Alternative* alt : plan.suggested) {
    if (!any_suggestion) {
      write_key(w, "suggestions");
      w.StartArray();
      entry.suggested_procedure_id = alt->procedure->id;
    }
    write_suggestion(w, a, copy, *alt, !any_suggestion, consult_id, uuids);
    any_suggestion = true;
  }
  if (any_suggestion) {
    w.EndArray();
    write_field(w, "selectionBehavior", "at-most-one");
  }
  write_override_reasons(w,
                         a.variant == nullptr || a.variant->kind == engine::VariantKind::kImaging);
  write_links(w, a);
  w.EndObject();
  entries.push_back(std::move(entry));
}

}  // namespace

HookResponse render_hook_response(std::span<const AssessedOrder> orders, const CardPolicy& policy,
                                  UuidSource& uuids) {
  HookResponse out;
  out.orders.reserve(orders.size());
  rapidjson::StringBuffer cards_buf(nullptr, kCardBytesPerOrder * (orders.size() + 1));
  rapidjson::StringBuffer actions_buf(nullptr, kActionBytesPerOrder * (orders.size() + 1));
  JsonWriter cards(cards_buf);
  JsonWriter actions(actions_buf);
  cards.StartArray();
  actions.StartArray();
  std::size_t action_count = 0;
  std::string consult_id;
  consult_id.reserve(45);
  for (const AssessedOrder& o : orders) {
    if (o.draft == nullptr || o.assessment == nullptr || !o.draft->IsObject()) continue;
    const Assessment& a = *o.assessment;
    const rapidjson::Value& draft = *o.draft;
    if (!has_order_code(draft)) continue;  // nothing ordered yet: no rating, no card
    out.orders.push_back(order_entry(a, draft));

    consult_id = "urn:uuid:";
    consult_id += uuids.next();
    const DraftTemplate copy(draft);  // one walk of the draft for every copy of it
    write_system_action(actions, a, copy, consult_id);
    ++action_count;

    const CardPlan plan = plan_card(a, policy);
    if (plan.show) write_card(cards, a, draft, copy, plan, consult_id, uuids, out.cards);
  }
  cards.EndArray();
  actions.EndArray();

  out.cards_json.assign(cards_buf.GetString(), cards_buf.GetSize());
  out.system_actions_json.assign(actions_buf.GetString(), actions_buf.GetSize());
  if (action_count == 0) {
    out.body.reserve(out.cards_json.size() + 12);
    out.body += "{\"cards\":";
    out.body += out.cards_json;
    out.body += '}';
    return out;
  }
  out.body.reserve(out.cards_json.size() + 2 * out.system_actions_json.size() + 64);
  out.body += "{\"cards\":";
  out.body += out.cards_json;
  out.body += ",\"systemActions\":";
  out.body += out.system_actions_json;
  out.body += ",\"extension\":{\"systemActions\":";
  out.body += out.system_actions_json;
  out.body += "}}";
  return out;
}

}  // namespace auc::cards
