#include "hooks/codes/unrecognised_code_report.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "hooks/audit/audit_csv.h"
#include "hooks/audit/audit_time.h"

namespace auc::hooks {

void UnrecognisedCodeReport::record(std::string_view service,
                                    std::span<const UnrecognisedCode> codes,
                                    cards::ledger::Timestamp seen) {
  if (codes.empty()) return;
  std::lock_guard lock(mutex_);
  for (const UnrecognisedCode& c : codes) {
    Key key{std::string(c.kind), std::string(c.system), std::string(c.code), std::string(service)};
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      if (entries_.size() >= kMaxCodes) {
        ++dropped_;
        continue;
      }
      UnrecognisedCodeEntry e{std::get<0>(key),
                              std::get<1>(key),
                              std::get<2>(key),
                              std::string(c.display),
                              std::get<3>(key),
                              0,
                              seen,
                              seen};
      it = entries_.emplace(std::move(key), std::move(e)).first;
    }
    ++it->second.count;
    it->second.first_seen = std::min(it->second.first_seen, seen);
    it->second.last_seen = std::max(it->second.last_seen, seen);
  }
}

std::vector<UnrecognisedCodeEntry> UnrecognisedCodeReport::list(
    const UnrecognisedCodeFilter& filter) const {
  std::vector<UnrecognisedCodeEntry> out;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, e] : entries_) {
      if (filter.from && e.last_seen < *filter.from) continue;
      if (filter.to && e.first_seen > *filter.to) continue;
      if (!filter.system.empty() && e.system != filter.system) continue;
      if (!filter.kind.empty() && e.kind != filter.kind) continue;
      out.push_back(e);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  return out;
}

std::int64_t UnrecognisedCodeReport::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

std::string unrecognised_codes_json(const std::vector<UnrecognisedCodeEntry>& entries,
                                    std::int64_t dropped) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto field = [&w](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  w.Key("codes");
  w.StartArray();
  for (const auto& e : entries) {
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
  w.Int64(dropped);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string unrecognised_codes_csv(const std::vector<UnrecognisedCodeEntry>& entries) {
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
