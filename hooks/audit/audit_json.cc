#include "hooks/audit/audit_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "cards/ledger/call_fields.h"
#include "fhir/checked_json.h"
#include "hooks/audit/audit_time.h"

namespace auc::hooks::audit {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using namespace cards::ledger;

void key_of(Writer& w, std::string_view key) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}
void field(Writer& w, std::string_view key, std::string_view value) {
  key_of(w, key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
void field(Writer& w, std::string_view key, std::int64_t value) {
  key_of(w, key);
  w.Int64(value);
}

// Stored JSON is re-parsed rather than spliced, so a malformed row cannot break the response.
void embedded_json(Writer& w, std::string_view key, std::string_view json) {
  key_of(w, key);
  rapidjson::Document doc;
  if (fhir::parse_checked(doc, json)) {
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

// The call's own fields exported at `place`, from the field description.
void write_fields(Writer& w, const StoredCall& c, ExportPlace place) {
  for (const CallField& f : call_fields()) {
    if (f.place != place) continue;
    const FieldValue value = f.of_call(c);
    switch (f.type) {
      case FieldType::kInteger:
        field(w, f.json, integer_of(value));
        break;
      case FieldType::kTime:
        field(w, f.json, format_time(Timestamp(std::chrono::microseconds(integer_of(value)))));
        break;
      case FieldType::kOptionalText:
        if (std::holds_alternative<std::monostate>(value)) break;
        [[fallthrough]];
      case FieldType::kText:
        field(w, f.json, text_of(value));
        break;
      case FieldType::kJson:
        embedded_json(w, f.json, text_of(value));
        break;
    }
  }
}

void write_call(Writer& w, const StoredCall& c) {
  w.StartObject();
  field(w, "id", c.id);
  write_fields(w, c, ExportPlace::kHead);
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
  write_fields(w, c, ExportPlace::kTail);
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
