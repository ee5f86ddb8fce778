#include "hooks/codes/unrecognised_code_report.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "hooks/audit/audit_csv.h"
#include "hooks/audit/audit_time.h"

namespace auc::hooks {

std::vector<cards::ledger::UnrecognisedCodeSeen> unrecognised_code_sightings(
    std::span<const UnrecognisedCode> codes) {
  std::vector<cards::ledger::UnrecognisedCodeSeen> out;
  out.reserve(codes.size());
  for (const UnrecognisedCode& c : codes) {
    out.push_back({std::string(c.kind), std::string(c.system), std::string(c.code),
                   std::string(c.display), 1});
  }
  return out;
}

std::string unrecognised_codes_json(const cards::ledger::UnrecognisedCodeReport& report) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto field = [&w](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  w.Key("codes");
  w.StartArray();
  for (const auto& e : report.codes) {
    w.StartObject();
    field("kind", e.kind);
    field("system", e.system);
    field("code", e.code);
    field("display", e.display);
    field("service", e.service);
    w.Key("count");
    w.Int64(e.count);
    field("firstSeen", audit::format_time(e.first_seen));
    field("lastSeen", audit::format_time(e.last_seen));
    w.EndObject();
  }
  w.EndArray();
  w.Key("dropped");
  w.Int64(report.dropped);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string unrecognised_codes_csv(
    const std::vector<cards::ledger::UnrecognisedCodeEntry>& entries) {
  std::string out = "system,code,display,concept,region,match,unverified,preferred,note\n";
  for (const auto& e : entries) {
    audit::append_csv_cell(out, e.system, false);
    audit::append_csv_cell(out, e.code, false);
    audit::append_csv_cell(out, e.display, true);
    audit::append_csv_cell(out, "", false);  // concept: for the engineer to fill in
    audit::append_csv_cell(out, "", false);
    audit::append_csv_cell(out, "", false);
    audit::append_csv_cell(out, "", false);
    audit::append_csv_cell(out, "", false);
    audit::append_csv_cell(out,
                           e.kind + " code seen " + std::to_string(e.count) + " time(s) by " +
                               e.service + ", " + audit::format_time(e.first_seen).substr(0, 10) +
                               " to " + audit::format_time(e.last_seen).substr(0, 10),
                           true);
    out.push_back('\n');
  }
  return out;
}

}  // namespace auc::hooks
