#include "cards/ledger/call_fields.h"

#include <array>
#include <optional>
#include <string>
#include <type_traits>

namespace auc::cards::ledger {
namespace {

FieldValue value_of(const std::string& s) {
  return std::string_view(s);
}
FieldValue value_of(Timestamp t) {
  return std::int64_t{t.time_since_epoch().count()};
}
FieldValue value_of(std::int64_t v) {
  return v;
}
FieldValue value_of(int v) {
  return std::int64_t{v};
}
FieldValue value_of(DataSource s) {
  return data_source_name(s);
}
FieldValue value_of(const std::optional<std::string>& s) {
  if (!s) return std::monostate{};
  return std::string_view(*s);
}

void assign(std::string& out, const FieldValue& v) {
  out = text_of(v);
}
void assign(Timestamp& out, const FieldValue& v) {
  out = Timestamp(std::chrono::microseconds(integer_of(v)));
}
void assign(std::int64_t& out, const FieldValue& v) {
  out = integer_of(v);
}
void assign(int& out, const FieldValue& v) {
  out = static_cast<int>(integer_of(v));
}
void assign(DataSource& out, const FieldValue& v) {
  out = parse_data_source(text_of(v)).value_or(DataSource::kNone);
}
void assign(std::optional<std::string>& out, const FieldValue& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    out.reset();
  } else {
    out = std::string(text_of(v));
  }
}

// A row's member is either the row's own (pseudonyms, key id) or its record's.
template <class Class, class T>
const T& member(const CallRow& row, T Class::*m) {
  if constexpr (std::is_same_v<Class, CallRow>) {
    return row.*m;
  } else {
    return row.record.*m;
  }
}
template <class Class, class T>
T& member(CallRow& row, T Class::*m) {
  if constexpr (std::is_same_v<Class, CallRow>) {
    return row.*m;
  } else {
    return row.record.*m;
  }
}

// A field that is one member of the row (or its record) and one member of StoredCall.
template <auto RowMember, auto CallMember>
CallField field(std::string_view column, FieldType type, std::string_view json,
                std::string_view csv, ExportPlace place = ExportPlace::kHead,
                AuditEventDetail audit_event = AuditEventDetail::kNone) {
  return CallField{
      column,
      type,
      1,
      json,
      csv,
      place,
      audit_event,
      [](const CallRow& r) { return value_of(member(r, RowMember)); },
      [](CallRow& r, FieldValue v) { assign(member(r, RowMember), v); },
      [](const StoredCall& c) { return value_of(c.*CallMember); },
      [](StoredCall& c, FieldValue v) { assign(c.*CallMember, v); },
  };
}

// A raw id: stored only when the ledger keeps raw ids, NULL otherwise.
template <auto RecordMember, auto CallMember>
CallField raw_id(std::string_view column, std::string_view json) {
  return CallField{
      column,
      FieldType::kOptionalText,
      1,
      json,
      column,
      ExportPlace::kHead,
      AuditEventDetail::kNone,
      [](const CallRow& r) -> FieldValue {
        if (!r.store_raw_ids) return std::monostate{};
        return std::string_view(r.record.*RecordMember);
      },
      [](CallRow& r, FieldValue v) { r.record.*RecordMember = text_of(v); },
      [](const StoredCall& c) { return value_of(c.*CallMember); },
      [](StoredCall& c, FieldValue v) { assign(c.*CallMember, v); },
  };
}

using R = HookCallRecord;
using S = StoredCall;
using Type = FieldType;

const std::array<CallField, 20>& table() {
  static const std::array<CallField, 20> kFields = {
      field<&R::hook_instance, &S::hook_instance>("hook_instance", Type::kText, "hookInstance",
                                                  "hook_instance"),
      field<&R::service_id, &S::service_id>("service_id", Type::kText, "service", "service"),
      field<&R::hook, &S::hook>("hook", Type::kText, "hook", "hook"),
      field<&R::received_at, &S::received_at>("received_at_us", Type::kTime, "receivedAt",
                                              "received_at"),
      field<&R::answered_at, &S::answered_at>("answered_at_us", Type::kTime, "answeredAt",
                                              "answered_at"),
      field<&R::latency_us, &S::latency_us>("latency_us", Type::kInteger, "latencyUs", "latency_us",
                                            ExportPlace::kHead, AuditEventDetail::kString),
      field<&R::issuer, &S::issuer>("issuer", Type::kText, "issuer", "issuer"),
      field<&R::tenant, &S::tenant>("tenant", Type::kText, "tenant", "tenant"),
      field<&CallRow::patient_pseudonym, &S::patient_pseudonym>(
          "patient_pseudonym", Type::kText, "patientPseudonym", "patient_pseudonym"),
      field<&CallRow::user_pseudonym, &S::user_pseudonym>("user_pseudonym", Type::kText,
                                                          "userPseudonym", "user_pseudonym"),
      field<&CallRow::key_id, &S::pseudonym_key_id>("pseudonym_key_id", Type::kText,
                                                    "pseudonymKeyId", "pseudonym_key_id"),
      raw_id<&R::patient_id, &S::patient_id>("patient_id", "patientId"),
      raw_id<&R::user_id, &S::user_id>("user_id", "userId"),
      field<&R::http_status, &S::http_status>("http_status", Type::kInteger, "httpStatus",
                                              "http_status"),
      field<&R::data_source, &S::data_source>("data_source", Type::kText, "dataSource",
                                              "data_source", ExportPlace::kHead,
                                              AuditEventDetail::kString),
      field<&R::criteria_edition, &S::criteria_edition>(
          "criteria_edition", Type::kText, "criteriaEdition", "criteria_edition",
          ExportPlace::kHead, AuditEventDetail::kString),
      field<&R::facts_json, &S::facts_json>("facts_json", Type::kJson, "facts", "",
                                            ExportPlace::kTail, AuditEventDetail::kBase64),
      field<&R::cards_json, &S::cards_json>("cards_json", Type::kJson, "cards", "",
                                            ExportPlace::kTail, AuditEventDetail::kBase64),
      field<&R::system_actions_json, &S::system_actions_json>(
          "system_actions_json", Type::kJson, "systemActions", "", ExportPlace::kTail,
          AuditEventDetail::kBase64),
      field<&R::error, &S::error>("error", Type::kText, "error", "error", ExportPlace::kTail),
  };
  return kFields;
}

}  // namespace

std::span<const CallField> call_fields() {
  return table();
}

std::string_view text_of(const FieldValue& v) {
  const auto* text = std::get_if<std::string_view>(&v);
  return text != nullptr ? *text : std::string_view();
}

std::int64_t integer_of(const FieldValue& v) {
  const auto* n = std::get_if<std::int64_t>(&v);
  return n != nullptr ? *n : 0;
}

}  // namespace auc::cards::ledger
