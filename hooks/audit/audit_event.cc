#include "hooks/audit/audit_event.h"

#include <openssl/evp.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <variant>
#include <vector>

#include "cards/ledger/call_fields.h"
#include "hooks/audit/audit_time.h"

namespace auc::hooks::audit {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using namespace cards::ledger;

constexpr char kEntityType[] = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
constexpr char kObjectRole[] = "http://terminology.hl7.org/CodeSystem/object-role";

std::string base64(const std::string& data) {
  std::vector<unsigned char> out(4 * ((data.size() + 2) / 3) + 1);
  const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

void str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void coding(Writer& w, const char* system, const char* code, const char* display) {
  w.StartObject();
  str(w, "system", system);
  str(w, "code", code);
  str(w, "display", display);
  w.EndObject();
}

void identifier_reference(Writer& w, const std::string& system, const std::string& value) {
  w.Key("who");
  w.StartObject();
  w.Key("identifier");
  w.StartObject();
  str(w, "system", system);
  str(w, "value", value);
  w.EndObject();
  w.EndObject();
}

void detail_string(Writer& w, const char* type, const std::string& value) {
  w.StartObject();
  str(w, "type", type);
  str(w, "valueString", value);
  w.EndObject();
}

void detail_base64(Writer& w, const char* type, const std::string& value) {
  w.StartObject();
  str(w, "type", type);
  str(w, "valueBase64Binary", base64(value));
  w.EndObject();
}

// "0" success, "4" minor failure (the caller's fault), "8" serious failure (ours).
const char* outcome_code(const StoredCall& c) {
  if (c.http_status >= 500) return "8";
  if (c.http_status >= 400 || !c.error.empty()) return "4";
  return "0";
}

}  // namespace

std::string audit_event_json(const StoredCall& c) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  const std::string key_suffix = ":" + c.pseudonym_key_id;
  w.StartObject();
  str(w, "resourceType", "AuditEvent");
  str(w, "id", "auc-hook-call-" + std::to_string(c.id));
  w.Key("type");
  coding(w, "http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation");
  w.Key("subtype");
  w.StartArray();
  w.StartObject();
  str(w, "system", "urn:auc-hooks:hook");
  str(w, "code", c.hook);
  w.EndObject();
  w.EndArray();
  str(w, "action", "E");
  w.Key("period");
  w.StartObject();
  str(w, "start", format_time(c.received_at));
  str(w, "end", format_time(c.answered_at));
  w.EndObject();
  str(w, "recorded", format_time(c.answered_at));
  str(w, "outcome", outcome_code(c));
  if (!c.error.empty()) str(w, "outcomeDesc", c.error);

  w.Key("agent");
  w.StartArray();
  w.StartObject();  // the clinician who triggered the hook
  if (c.user_id) {
    w.Key("who");
    w.StartObject();
    str(w, "reference", *c.user_id);
    w.EndObject();
  } else {
    identifier_reference(w, "urn:auc-hooks:user-pseudonym" + key_suffix, c.user_pseudonym);
  }
  w.Key("requestor");
  w.Bool(true);
  w.EndObject();
  w.StartObject();  // the EHR that called
  identifier_reference(w, "urn:auc-hooks:ehr-issuer", c.issuer);
  if (!c.tenant.empty()) str(w, "altId", c.tenant);
  w.Key("requestor");
  w.Bool(false);
  w.EndObject();
  w.EndArray();

  w.Key("source");
  w.StartObject();
  w.Key("observer");
  w.StartObject();
  str(w, "display", "auc-hooks " + c.service_id);
  w.EndObject();
  w.Key("type");
  w.StartArray();
  coding(w, "http://terminology.hl7.org/CodeSystem/security-source-type", "4",
         "Application Server");
  w.EndArray();
  w.EndObject();

  w.Key("entity");
  w.StartArray();
  w.StartObject();  // the patient
  w.Key("what");
  w.StartObject();
  if (c.patient_id) {
    str(w, "reference", "Patient/" + *c.patient_id);
  } else {
    w.Key("identifier");
    w.StartObject();
    str(w, "system", "urn:auc-hooks:patient-pseudonym" + key_suffix);
    str(w, "value", c.patient_pseudonym);
    w.EndObject();
  }
  w.EndObject();
  w.Key("type");
  coding(w, kEntityType, "1", "Person");
  w.Key("role");
  coding(w, kObjectRole, "1", "Patient");
  w.EndObject();

  for (const auto& o : c.orders) {  // each draft order and how it was rated
    w.StartObject();
    w.Key("what");
    w.StartObject();
    str(w, "reference", o.order_reference);
    w.EndObject();
    w.Key("type");
    coding(w, kEntityType, "2", "System Object");
    w.Key("detail");
    w.StartArray();
    detail_string(w, "procedure", o.procedure_id);
    detail_string(w, "variant", o.variant);
    detail_string(w, "category", o.category);
    detail_string(w, "rating", std::to_string(o.rating));
    detail_string(w, "pamaRating", o.pama_rating);
    for (const auto& k : o.ordered_codes) detail_string(w, "orderedCode", k.system + "|" + k.code);
    w.EndArray();
    w.EndObject();
  }

  w.StartObject();  // the hook call itself: what was decided and returned
  w.Key("what");
  w.StartObject();
  w.Key("identifier");
  w.StartObject();
  str(w, "system", "urn:auc-hooks:hook-instance");
  str(w, "value", c.hook_instance);
  w.EndObject();
  w.EndObject();
  w.Key("type");
  coding(w, kEntityType, "2", "System Object");
  str(w, "name", c.service_id);
  w.Key("detail");
  w.StartArray();
  // The call's own fields that have no AuditEvent element of their own, named as in the JSON
  // export (the field description says which).
  for (const cards::ledger::CallField& f : cards::ledger::call_fields()) {
    if (f.audit_event == cards::ledger::AuditEventDetail::kNone) continue;
    const cards::ledger::FieldValue value = f.of_call(c);
    const auto* n = std::get_if<std::int64_t>(&value);
    const std::string text = n ? std::to_string(*n) : std::string(cards::ledger::text_of(value));
    const std::string type(f.json);
    if (f.audit_event == cards::ledger::AuditEventDetail::kBase64) {
      detail_base64(w, type.c_str(), text);
    } else {
      detail_string(w, type.c_str(), text);
    }
  }
  for (const auto& f : c.feedback) {
    const auto& r = f.record;
    detail_string(
        w, "feedback",
        r.card_uuid + " " + r.outcome +
            (r.override_reason.code.empty() ? std::string() : " " + r.override_reason.code) + " " +
            r.outcome_timestamp);
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace auc::hooks::audit
