#include "cards/ledger/identifier_scrubber.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdint>

// Scrubbing runs on the request thread for every hook call, so it streams: a SAX reader feeds a
// writer, string values are checked in place, and a document none of whose ids can occur is not
// parsed at all. Results are the same as rewriting a parsed DOM and serialising it.
namespace auc::cards::ledger {
namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to, std::size_t pos) {
  for (; pos != std::string::npos; pos = text.find(from, pos)) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
}

// Characters RapidJSON's writer escapes; an id without them is written exactly as it is.
bool needs_json_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

// Escapes in a JSON text that could spell characters of an id which itself needs no escaping:
// \uXXXX can spell anything, \/ a slash. Escape pairs are read left to right, so "\\u" is an
// escaped backslash followed by 'u'. (Invalid JSON is scrubbed as plain text, where escapes mean
// nothing.)
struct EscapesSeen {
  bool unicode = false;
  bool slash = false;
};

EscapesSeen scan_escapes(std::string_view text) {
  EscapesSeen seen;
  for (std::size_t i = text.find('\\'); i != std::string_view::npos && i + 1 < text.size();
       i = text.find('\\', i + 2)) {
    seen.unicode |= text[i + 1] == 'u';
    seen.slash |= text[i + 1] == '/';
  }
  return seen;
}

// RapidJSON's writer scans strings 16 bytes at a time only when it writes to a StringBuffer.
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// SAX handler copying every event to the writer; string values (never keys) go through `scrub`,
// which returns the replacement text or nullptr when the value is to be kept.
template <class Scrub>
class ScrubbingHandler {
 public:
  ScrubbingHandler(JsonWriter& writer, Scrub& scrub) : writer_(writer), scrub_(scrub) {}

  bool changed() const { return changed_; }

  bool Null() { return writer_.Null(); }
  bool Bool(bool b) { return writer_.Bool(b); }
  bool Int(int i) { return writer_.Int(i); }
  bool Uint(unsigned u) { return writer_.Uint(u); }
  bool Int64(std::int64_t i) { return writer_.Int64(i); }
  bool Uint64(std::uint64_t u) { return writer_.Uint64(u); }
  bool Double(double d) { return writer_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    return writer_.RawNumber(s, n, copy);
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) {
    if (const std::string* scrubbed = scrub_(std::string_view(s, n))) {
      changed_ = true;
      return writer_.String(scrubbed->data(), static_cast<rapidjson::SizeType>(scrubbed->size()));
    }
    return writer_.String(s, n, copy);
  }
  bool StartObject() { return writer_.StartObject(); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return writer_.Key(s, n, copy); }
  bool EndObject(rapidjson::SizeType members) { return writer_.EndObject(members); }
  bool StartArray() { return writer_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) { return writer_.EndArray(elements); }

 private:
  JsonWriter& writer_;
  Scrub& scrub_;
  bool changed_ = false;
};

// Parses `input` as rapidjson::Document::Parse does (default flags, plus in situ when the
// stream is an InsituStringStream) and writes it to `out` as Document::Accept would, scrubbed;
// false for invalid JSON.
template <unsigned kParseFlags, class InputStream, class Scrub>
bool stream_scrubbed(InputStream& input, rapidjson::StringBuffer& out, Scrub& scrub,
                     bool& changed) {
  JsonWriter writer(out);
  ScrubbingHandler<Scrub> handler(writer, scrub);
  rapidjson::Reader reader;
  if (!reader.Parse<kParseFlags>(input, handler)) return false;
  changed = handler.changed();
  return true;
}

// Document::Parse(str, length) reads through a stream that skips a UTF-8 byte order mark (any of
// its three bytes, in order, at the start). Without one, parsing a NUL-terminated copy in situ
// reads the same bytes the same way, and RapidJSON then does not copy strings (and, with SSE2,
// scans them 16 bytes at a time).
bool may_start_with_byte_order_mark(std::string_view json) {
  if (json.empty()) return false;
  const auto first = static_cast<unsigned char>(json.front());
  return first == 0xEF || first == 0xBB || first == 0xBF;
}

}  // namespace

IdentifierScrubber::IdentifierScrubber(std::vector<IdentifierReplacement> replacements) {
  // Longer ids first, so "Practitioner/123" is replaced before a bare "123" could split it.
  std::sort(replacements.begin(), replacements.end(),
            [](const auto& a, const auto& b) { return a.raw.size() > b.raw.size(); });
  for (auto& r : replacements) {
    if (r.raw.empty()) continue;
    Rule rule;
    rule.anywhere = r.raw.size() >= kMinSubstringLength;
    rule.verbatim = std::none_of(r.raw.begin(), r.raw.end(), needs_json_escape);
    rule.has_slash = r.raw.find('/') != std::string::npos;
    if (!rule.anywhere) {
      rule.whole_value = '"' + r.raw + '"';
      rule.reference = '/' + r.raw + '"';
    }
    rule.raw = std::move(r.raw);
    rule.replacement = std::move(r.replacement);
    rules_.push_back(std::move(rule));
  }
}

bool IdentifierScrubber::scrub_into(std::string_view s, std::string& out) const {
  // Each rule sees what the rules before it left, as when the string was edited in place.
  bool changed = false;
  for (const Rule& r : rules_) {
    const std::string_view current = changed ? std::string_view(out) : s;
    if (r.anywhere) {
      const std::size_t pos = current.find(r.raw);
      if (pos == std::string_view::npos) continue;
      if (!changed) out.assign(s);
      replace_all(out, r.raw, r.replacement, pos);
      changed = true;
    } else if (current == r.raw) {
      out.assign(r.replacement);
      changed = true;
    } else if (current.size() > r.raw.size() && current.ends_with(r.raw) &&
               current[current.size() - r.raw.size() - 1] == '/') {
      const std::size_t pos = current.size() - r.raw.size();
      if (!changed) out.assign(s);
      out.replace(pos, r.raw.size(), r.replacement);
      changed = true;
    }
  }
  return changed;
}

bool IdentifierScrubber::may_contain_ids(std::string_view text) const {
  if (rules_.empty()) return false;
  const EscapesSeen escapes = scan_escapes(text);
  // Rules are applied in order, each to what the previous ones left; if no id occurs in the
  // original text none is replaced, so no later rule sees an edited string either.
  for (const Rule& r : rules_) {
    // An escaped character could be part of the id: only parsing can tell.
    if (!r.verbatim || escapes.unicode || (r.has_slash && escapes.slash)) return true;
    if (r.anywhere) {
      if (text.find(r.raw) != std::string_view::npos) return true;
      continue;
    }
    // A decoded string equal to the id, or ending in "/id", is written "id" or .../id" (the
    // slash possibly escaped as \/, which still ends in /id").
    if (text.find(r.whole_value) != std::string_view::npos ||
        text.find(r.reference) != std::string_view::npos) {
      return true;
    }
    // Invalid JSON is scrubbed as one plain string, which may be the id or end in "/id".
    if (text == r.raw || (text.size() > r.raw.size() && text.ends_with(r.raw) &&
                          text[text.size() - r.raw.size() - 1] == '/')) {
      return true;
    }
  }
  return false;
}

std::string IdentifierScrubber::scrub_text(std::string_view text) const {
  std::string out;
  if (scrub_into(text, out)) return out;
  return std::string(text);
}

std::string IdentifierScrubber::scrub_json(std::string_view json) const {
  std::string out(json);
  scrub_json_in_place(out);
  return out;
}

void IdentifierScrubber::scrub_json_in_place(std::string& json) const {
  if (!may_contain_ids(json)) return;
  std::string scratch;
  auto scrub = [this, &scratch](std::string_view value) -> const std::string* {
    return scrub_into(value, scratch) ? &scratch : nullptr;
  };
  rapidjson::StringBuffer out(nullptr, json.size() + json.size() / 4 + 64);
  bool changed = false;
  bool parsed = false;
  if (may_start_with_byte_order_mark(json)) {
    rapidjson::MemoryStream memory(json.data(), json.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(memory);
    parsed = stream_scrubbed<rapidjson::kParseDefaultFlags>(input, out, scrub, changed);
  } else {
    std::string insitu(json);
    rapidjson::InsituStringStream input(insitu.data());
    parsed = stream_scrubbed<rapidjson::kParseInsituFlag>(input, out, scrub, changed);
  }
  if (!parsed) {
    if (scrub_into(json, scratch)) json.swap(scratch);
    return;
  }
  // Unchanged documents are stored exactly as returned to the EHR.
  if (changed) json.assign(out.GetString(), out.GetSize());
}

}  // namespace auc::cards::ledger
