#include "cards/ledger/identifier_scrubber.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

namespace auc::cards::ledger {
namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  std::size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
}

bool scrub_string(std::string& s, const std::vector<IdentifierReplacement>& replacements) {
  bool changed = false;
  for (const auto& r : replacements) {
    if (r.raw.empty()) continue;
    if (r.raw.size() >= IdentifierScrubber::kMinSubstringLength) {
      if (s.find(r.raw) != std::string::npos) {
        replace_all(s, r.raw, r.replacement);
        changed = true;
      }
    } else if (s == r.raw) {
      s = r.replacement;
      changed = true;
    } else if (s.size() > r.raw.size() && s.ends_with(r.raw) &&
               s[s.size() - r.raw.size() - 1] == '/') {
      s.replace(s.size() - r.raw.size(), r.raw.size(), r.replacement);
      changed = true;
    }
  }
  return changed;
}

bool scrub_value(rapidjson::Value& value, rapidjson::Document::AllocatorType& allocator,
                 const std::vector<IdentifierReplacement>& replacements) {
  bool changed = false;
  if (value.IsString()) {
    std::string s(value.GetString(), value.GetStringLength());
    if (scrub_string(s, replacements)) {
      value.SetString(s.data(), static_cast<rapidjson::SizeType>(s.size()), allocator);
      changed = true;
    }
  } else if (value.IsArray()) {
    for (auto& element : value.GetArray()) changed |= scrub_value(element, allocator, replacements);
  } else if (value.IsObject()) {
    for (auto& member : value.GetObject()) {
      changed |= scrub_value(member.value, allocator, replacements);
    }
  }
  return changed;
}

}  // namespace

IdentifierScrubber::IdentifierScrubber(std::vector<IdentifierReplacement> replacements)
    : replacements_(std::move(replacements)) {
  // Longer ids first, so "Practitioner/123" is replaced before a bare "123" could split it.
  std::sort(replacements_.begin(), replacements_.end(),
            [](const auto& a, const auto& b) { return a.raw.size() > b.raw.size(); });
}

std::string IdentifierScrubber::scrub_text(std::string_view text) const {
  std::string s(text);
  scrub_string(s, replacements_);
  return s;
}

std::string IdentifierScrubber::scrub_json(std::string_view json) const {
  const bool nothing_to_do = std::none_of(replacements_.begin(), replacements_.end(),
                                          [](const auto& r) { return !r.raw.empty(); });
  if (nothing_to_do) return std::string(json);
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) return scrub_text(json);
  // Unchanged documents are stored exactly as returned to the EHR.
  if (!scrub_value(doc, doc.GetAllocator(), replacements_)) return std::string(json);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace auc::cards::ledger
