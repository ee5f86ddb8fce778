#include "hooks/audit/audit_csv.h"

#include <functional>
#include <vector>

#include "cards/ledger/call_fields.h"
#include "hooks/audit/audit_time.h"

namespace auc::hooks::audit {
namespace {

using namespace cards::ledger;

template <class Items, class Get>
std::string joined(const Items& items, Get get) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += " | ";
    out += get(item);
  }
  return out;
}

// The call's own fields exported at `place`, from the field description.
void field_cells(std::string& row, const StoredCall& c, ExportPlace place) {
  for (const CallField& f : call_fields()) {
    if (f.place != place || f.csv.empty()) continue;
    const FieldValue value = f.of_call(c);
    switch (f.type) {
      case FieldType::kInteger:
        append_csv_cell(row, std::to_string(integer_of(value)), false);
        break;
      case FieldType::kTime:
        append_csv_cell(row, format_time(Timestamp(std::chrono::microseconds(integer_of(value)))),
                        false);
        break;
      case FieldType::kText:
      case FieldType::kOptionalText:
      case FieldType::kJson:
        append_csv_cell(row, text_of(value));
        break;
    }
  }
}

std::string field_columns(ExportPlace place) {
  std::string out;
  for (const CallField& f : call_fields()) {
    if (f.place == place && !f.csv.empty()) out.append(",").append(f.csv);
  }
  return out;
}

}  // namespace

std::string csv_header() {
  static const std::string kHeader =
      "id" + field_columns(ExportPlace::kHead) +
      ",order_references,ordered_codes,procedures,variants,categories,ratings,pama_ratings,"
      "card_uuids,indicators,suggested_studies,feedback_outcomes,override_reasons" +
      field_columns(ExportPlace::kTail) + "\r\n";
  return kHeader;
}

std::string csv_row(const StoredCall& c) {
  std::string row;
  row += std::to_string(c.id);
  field_cells(row, c, ExportPlace::kHead);
  append_csv_cell(row, joined(c.orders, [](const OrderEntry& o) { return o.order_reference; }));
  append_csv_cell(row, joined(c.orders, [](const OrderEntry& o) {
                    return joined(o.ordered_codes,
                                  [](const Code& k) { return k.system + "#" + k.code; });
                  }));
  append_csv_cell(row, joined(c.orders, [](const OrderEntry& o) { return o.procedure_id; }));
  append_csv_cell(row, joined(c.orders, [](const OrderEntry& o) { return o.variant; }));
  append_csv_cell(row, joined(c.orders, [](const OrderEntry& o) { return o.category; }));
  append_csv_cell(
      row, joined(c.orders, [](const OrderEntry& o) { return std::to_string(o.rating); }), false);
  append_csv_cell(row, joined(c.orders, [](const OrderEntry& o) { return o.pama_rating; }));
  append_csv_cell(row, joined(c.cards, [](const CardEntry& k) { return k.uuid; }));
  append_csv_cell(row, joined(c.cards, [](const CardEntry& k) { return k.indicator; }));
  append_csv_cell(row,
                  joined(c.cards, [](const CardEntry& k) { return k.suggested_procedure_id; }));
  append_csv_cell(row,
                  joined(c.feedback, [](const StoredFeedback& f) { return f.record.outcome; }));
  append_csv_cell(row, joined(c.feedback, [](const StoredFeedback& f) {
                    return f.record.override_reason.code;
                  }));
  field_cells(row, c, ExportPlace::kTail);
  row += "\r\n";
  return row;
}

void append_csv_cell(std::string& out, std::string_view value, bool text) {
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

}  // namespace auc::hooks::audit
