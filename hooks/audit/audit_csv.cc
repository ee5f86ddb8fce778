#include "hooks/audit/audit_csv.h"

#include <functional>
#include <vector>

#include "hooks/audit/audit_time.h"

namespace auc::hooks::audit {
namespace {

using namespace cards::ledger;

void cell(std::string& out, std::string_view value, bool text = true) {
  if (!out.empty() && out.back() != '\n') out.push_back(',');
  std::string v;
  // CSV injection: =, +, -, @ (and tab/CR) at the start make spreadsheets evaluate the cell.
  if (text && !value.empty() &&
      (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
       value[0] == '\t' || value[0] == '\r')) {
    v.push_back('\'');
  }
  v.append(value);
  if (v.find_first_of(",\"\r\n") == std::string::npos) {
    out += v;
    return;
  }
  out.push_back('"');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

template <class Items, class Get>
std::string joined(const Items& items, Get get) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += " | ";
    out += get(item);
  }
  return out;
}

}  // namespace

std::string csv_header() {
  return "id,hook_instance,service,hook,received_at,answered_at,latency_us,issuer,tenant,"
         "patient_pseudonym,user_pseudonym,pseudonym_key_id,patient_id,user_id,http_status,"
         "data_source,criteria_edition,order_references,ordered_codes,procedures,variants,"
         "categories,ratings,pama_ratings,card_uuids,indicators,suggested_studies,"
         "feedback_outcomes,override_reasons,error\r\n";
}

std::string csv_row(const StoredCall& c) {
  std::string row;
  row += std::to_string(c.id);
  cell(row, c.hook_instance);
  cell(row, c.service_id);
  cell(row, c.hook);
  cell(row, format_time(c.received_at), false);
  cell(row, format_time(c.answered_at), false);
  cell(row, std::to_string(c.latency_us), false);
  cell(row, c.issuer);
  cell(row, c.tenant);
  cell(row, c.patient_pseudonym);
  cell(row, c.user_pseudonym);
  cell(row, c.pseudonym_key_id);
  cell(row, c.patient_id.value_or(""));
  cell(row, c.user_id.value_or(""));
  cell(row, std::to_string(c.http_status), false);
  cell(row, data_source_name(c.data_source));
  cell(row, c.criteria_edition);
  cell(row, joined(c.orders, [](const OrderEntry& o) { return o.order_reference; }));
  cell(row, joined(c.orders, [](const OrderEntry& o) {
         return joined(o.ordered_codes, [](const Code& k) { return k.system + "#" + k.code; });
       }));
  cell(row, joined(c.orders, [](const OrderEntry& o) { return o.procedure_id; }));
  cell(row, joined(c.orders, [](const OrderEntry& o) { return o.variant; }));
  cell(row, joined(c.orders, [](const OrderEntry& o) { return o.category; }));
  cell(row, joined(c.orders, [](const OrderEntry& o) { return std::to_string(o.rating); }), false);
  cell(row, joined(c.orders, [](const OrderEntry& o) { return o.pama_rating; }));
  cell(row, joined(c.cards, [](const CardEntry& k) { return k.uuid; }));
  cell(row, joined(c.cards, [](const CardEntry& k) { return k.indicator; }));
  cell(row, joined(c.cards, [](const CardEntry& k) { return k.suggested_procedure_id; }));
  cell(row, joined(c.feedback, [](const StoredFeedback& f) { return f.record.outcome; }));
  cell(row,
       joined(c.feedback, [](const StoredFeedback& f) { return f.record.override_reason.code; }));
  cell(row, c.error);
  row += "\r\n";
  return row;
}

}  // namespace auc::hooks::audit
