#include "hooks/audit/audit_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "hooks/audit/audit_time.h"

namespace auc::hooks::audit {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using namespace cards::ledger;

void field(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
void field(Writer& w, const char* key, std::int64_t value) {
  w.Key(key);
  w.Int64(value);
}

// Stored JSON is re-parsed rather than spliced, so a malformed row cannot break the response.
void embedded_json(Writer& w, const char* key, const std::string& json) {
  w.Key(key);
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) {
    w.String(json.data(), static_cast<rapidjson::SizeType>(json.size()));
  } else {
    doc.Accept(w);
  }
}

void write_feedback(Writer& w, const StoredFeedback& stored) {
  const FeedbackRecord& f = stored.record;
  w.StartObject();
  field(w, "id", stored.id);
  field(w, "service", f.service_id);
  field(w, "card", f.card_uuid);
  field(w, "outcome", f.outcome);
  w.Key("acceptedSuggestions");
  w.StartArray();
  for (const auto& s : f.accepted_suggestion_ids) w.String(s.c_str());
  w.EndArray();
  if (!f.override_reason.code.empty() || !f.override_reason.display.empty()) {
    w.Key("overrideReason");
    w.StartObject();
    field(w, "system", f.override_reason.system);
    field(w, "code", f.override_reason.code);
    field(w, "display", f.override_reason.display);
    w.EndObject();
  }
  field(w, "userComment", f.user_comment);
  field(w, "outcomeTimestamp", f.outcome_timestamp);
  field(w, "receivedAt", format_time(f.received_at));
  field(w, "issuer", f.issuer);
  field(w, "tenant", f.tenant);
  w.EndObject();
}

void write_call(Writer& w, const StoredCall& c) {
  w.StartObject();
  field(w, "id", c.id);
  field(w, "hookInstance", c.hook_instance);
  field(w, "service", c.service_id);
  field(w, "hook", c.hook);
  field(w, "receivedAt", format_time(c.received_at));
  field(w, "answeredAt", format_time(c.answered_at));
  field(w, "latencyUs", c.latency_us);
  field(w, "issuer", c.issuer);
  field(w, "tenant", c.tenant);
  field(w, "patientPseudonym", c.patient_pseudonym);
  field(w, "userPseudonym", c.user_pseudonym);
  field(w, "pseudonymKeyId", c.pseudonym_key_id);
  if (c.patient_id) field(w, "patientId", *c.patient_id);
  if (c.user_id) field(w, "userId", *c.user_id);
  field(w, "httpStatus", c.http_status);
  field(w, "dataSource", std::string(data_source_name(c.data_source)));
  field(w, "criteriaEdition", c.criteria_edition);
  w.Key("orders");
  w.StartArray();
  for (const auto& o : c.orders) {
    w.StartObject();
    field(w, "orderReference", o.order_reference);
    w.Key("orderedCodes");
    w.StartArray();
    for (const auto& k : o.ordered_codes) {
      w.StartObject();
      field(w, "system", k.system);
      field(w, "code", k.code);
      field(w, "display", k.display);
      w.EndObject();
    }
    w.EndArray();
    field(w, "procedureId", o.procedure_id);
    field(w, "variant", o.variant);
    field(w, "category", o.category);
    field(w, "rating", o.rating);
    field(w, "pamaRating", o.pama_rating);
    w.EndObject();
  }
  w.EndArray();
  w.Key("cardIndex");
  w.StartArray();
  for (const auto& k : c.cards) {
    w.StartObject();
    field(w, "uuid", k.uuid);
    field(w, "indicator", k.indicator);
    field(w, "summary", k.summary);
    field(w, "orderReference", k.order_reference);
    field(w, "variant", k.variant);
    field(w, "suggestedProcedureId", k.suggested_procedure_id);
    w.EndObject();
  }
  w.EndArray();
  embedded_json(w, "facts", c.facts_json);
  embedded_json(w, "cards", c.cards_json);
  embedded_json(w, "systemActions", c.system_actions_json);
  field(w, "error", c.error);
  w.Key("feedback");
  w.StartArray();
  for (const auto& f : c.feedback) write_feedback(w, f);
  w.EndArray();
  w.EndObject();
}

void write_reasons(Writer& w, const std::vector<ReasonCount>& reasons) {
  w.Key("overrideReasons");
  w.StartArray();
  for (const auto& r : reasons) {
    w.StartObject();
    field(w, "system", r.system);
    field(w, "code", r.code);
    field(w, "display", r.display);
    field(w, "count", r.count);
    w.EndObject();
  }
  w.EndArray();
}

void write_counts(Writer& w, std::int64_t shown, std::int64_t accepted, std::int64_t overridden) {
  field(w, "cardsShown", shown);
  field(w, "accepted", accepted);
  field(w, "overridden", overridden);
  w.Key("acceptanceRate");
  if (shown > 0) {
    w.Double(static_cast<double>(accepted) / static_cast<double>(shown));
  } else {
    w.Null();
  }
}

void write_groups(Writer& w, const char* key, const std::map<std::string, GroupSummary>& groups) {
  w.Key(key);
  w.StartObject();
  for (const auto& [name, g] : groups) {
    const std::string label = name.empty() ? "(none)" : name;
    w.Key(label.c_str());
    w.StartObject();
    write_counts(w, g.cards_shown, g.accepted, g.overridden);
    write_reasons(w, g.override_reasons);
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace

std::string call_json(const StoredCall& call) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write_call(w, call);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string page_json(const CallPage& page) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("calls");
  w.StartArray();
  for (const auto& c : page.calls) write_call(w, c);
  w.EndArray();
  w.Key("nextCursor");
  if (page.next_cursor.empty()) {
    w.Null();
  } else {
    w.String(page.next_cursor.c_str());
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string summary_json(const Summary& s) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "calls", s.calls);
  field(w, "failedCalls", s.failed_calls);
  write_counts(w, s.cards_shown, s.accepted, s.overridden);
  write_reasons(w, s.override_reasons);
  write_groups(w, "byVariant", s.by_variant);
  write_groups(w, "bySuggestedStudy", s.by_suggested_study);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace auc::hooks::audit
