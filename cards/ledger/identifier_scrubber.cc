#include "cards/ledger/identifier_scrubber.h"

#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

// Scrubbing runs on the request thread for every hook call, so it does as little as it can: a
// document none of whose ids can occur is not parsed at all; otherwise a SAX read finds the
// string values that change and only those are rewritten in the text. The values stored are the
// same as rewriting a parsed DOM; every byte outside the changed strings is kept.
namespace auc::cards::ledger {
namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to, std::size_t pos) {
  for (; pos != std::string::npos; pos = text.find(from, pos)) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
}

// How common each byte is in the documents scrubbed (FHIR JSON, card markdown): the bytes of
// this list, most common first; any other byte is rarer than all of them.
constexpr std::string_view kCommonBytes =
    " \"e:,taoinsr1l0cd2u/hm-p.9y34T5867{}SCPgfbDvRk_AwMEIjLNOFqzBUGHKVWJYXxZQ[]|*()";

constexpr std::array<std::uint8_t, 256> byte_commonness() {
  std::array<std::uint8_t, 256> rank{};
  for (std::size_t i = 0; i < kCommonBytes.size(); ++i) {
    rank[static_cast<unsigned char>(kCommonBytes[i])] =
        static_cast<std::uint8_t>(kCommonBytes.size() - i);
  }
  return rank;
}
constexpr std::array<std::uint8_t, 256> kCommonness = byte_commonness();

// Where `needle` first occurs in `text` at or after `from`. The needle's rarest byte is looked
// for with memchr, which scans many bytes per instruction, and each hit is compared whole: ids
// ("pt-v2b", "eval-1") are short, so glibc's memmem could skip only a few bytes per step. Text
// full of that byte would make every hit a comparison, so after kMaxMisses the rest is left to
// memmem, whose cost stays linear.
std::size_t find_in(std::string_view text, std::string_view needle, std::size_t from = 0) {
  if (from > text.size() || needle.size() > text.size() - from) return std::string_view::npos;
  if (needle.empty()) return from;
  std::size_t rare = 0;
  for (std::size_t i = 1; i < needle.size(); ++i) {
    if (kCommonness[static_cast<unsigned char>(needle[i])] <
        kCommonness[static_cast<unsigned char>(needle[rare])]) {
      rare = i;
    }
  }
  constexpr int kMaxMisses = 64;
  const char* const data = text.data();
  const std::size_t last_start = text.size() - needle.size();
  std::size_t start = from;
  for (int misses = 0; misses < kMaxMisses && start <= last_start; ++misses) {
    const void* hit = std::memchr(data + start + rare, needle[rare], last_start - start + 1);
    if (hit == nullptr) return std::string_view::npos;
    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - data) - rare;
    if (std::memcmp(data + at, needle.data(), needle.size()) == 0) return at;
    start = at + 1;
  }
  if (start > last_start) return std::string_view::npos;
  const void* at = ::memmem(data + start, text.size() - start, needle.data(), needle.size());
  return at == nullptr ? std::string_view::npos
                       : static_cast<std::size_t>(static_cast<const char*>(at) - data);
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

  // Whether an id may be in the text spelled with escapes, so that only parsing can find it.
  bool may_hide(bool id_is_verbatim, bool id_has_slash) const {
    return !id_is_verbatim || unicode || (id_has_slash && slash);
  }
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

// Records, for each string value (never a key) that `scrub` changes, where it starts in the
// parsed buffer and its scrubbed text. Strings are read in situ, so a value's pointer is where
// its first character was in the text, and stays valid while later strings are read.
template <class Scrub>
class EditCollector : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, EditCollector<Scrub>> {
 public:
  struct Edit {
    std::size_t value_start;  // offset of the string's first character in the parsed buffer
    std::size_t text_begin;   // its scrubbed value: texts_[text_begin, text_begin + text_size)
    std::size_t text_size;
  };

  // `id_offsets`: sorted offsets in the buffer where an id occurs verbatim, or nullptr when ids
  // may be spelled with escapes and every string value must be scrubbed.
  EditCollector(const char* buffer, const std::vector<std::size_t>* id_offsets, Scrub& scrub)
      : buffer_(buffer), id_offsets_(id_offsets), scrub_(scrub) {}

  bool String(const char* s, rapidjson::SizeType n, bool /*copy*/) {
    settle(s);
    pending_ = s;
    pending_size_ = n;
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType /*n*/, bool /*copy*/) {
    settle(s);
    return true;
  }
  // After a successful parse: `end` is the end of the buffer.
  void finish(const char* end) { settle(end); }

  const std::vector<Edit>& edits() const { return edits_; }
  std::string_view text(const Edit& e) const {
    return std::string_view(texts_).substr(e.text_begin, e.text_size);
  }

 private:
  // Decides the pending string value once the next string starts: it can only change if an id
  // occurs in the text between the two starts, and most strings have none.
  void settle(const char* next) {
    if (pending_ == nullptr) return;
    const auto start = static_cast<std::size_t>(pending_ - buffer_);
    const std::string_view value(pending_, pending_size_);
    pending_ = nullptr;
    if (id_offsets_ != nullptr && !id_between(start, static_cast<std::size_t>(next - buffer_))) {
      return;
    }
    if (const std::string* scrubbed = scrub_(value)) {
      edits_.push_back({start, texts_.size(), scrubbed->size()});
      texts_ += *scrubbed;
    }
  }

  bool id_between(std::size_t from, std::size_t to) {
    const auto& ids = *id_offsets_;
    while (next_id_ < ids.size() && ids[next_id_] < from) ++next_id_;
    return next_id_ < ids.size() && ids[next_id_] < to;
  }

  const char* buffer_;
  const std::vector<std::size_t>* id_offsets_;
  Scrub& scrub_;
  const char* pending_ = nullptr;
  rapidjson::SizeType pending_size_ = 0;
  std::size_t next_id_ = 0;
  std::vector<Edit> edits_;
  std::string texts_;
};

// How many leading bytes Document::Parse(str, length) skips as a UTF-8 byte order mark: any of
// its three bytes, in order, at the start (EncodedInputStream<UTF8>::SkipUnicodeBOM).
std::size_t byte_order_mark_length(std::string_view json) {
  std::size_t n = 0;
  for (const unsigned char b : {0xEFu, 0xBBu, 0xBFu}) {
    if (n < json.size() && static_cast<unsigned char>(json[n]) == b) ++n;
  }
  return n;
}

// How many bytes of `text` are '"', eight at a time: a byte of `x` is zero exactly where `text`
// has a quote, and ((x & 0x7f..) + 0x7f..) | x sets the top bit of every non-zero byte without
// carrying into the next one.
std::size_t count_quotes(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  std::size_t n = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    const std::uint64_t x = word ^ (kOnes * static_cast<unsigned char>('"'));
    const std::uint64_t nonzero = ((x & kLow7) + kLow7) | x;
    // One per quote in each byte, summed by the multiply into the top byte (popcount is a
    // library call on baseline x86-64).
    n += static_cast<std::size_t>((((~nonzero & ~kLow7) >> 7) * kOnes) >> 56);
  }
  for (; i < text.size(); ++i) n += text[i] == '"';
  return n;
}

// Offset just past the closing quote of the string whose contents start at `value_start`.
// Only called on strings the parser accepted, so every backslash starts a complete escape.
std::size_t string_end(std::string_view json, std::size_t value_start) {
  for (std::size_t i = json.find_first_of("\\\"", value_start); i != std::string_view::npos;
       i = json.find_first_of("\\\"", i + 2)) {
    if (json[i] == '"') return i + 1;
  }
  return json.size();
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
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    for (std::size_t j = i + 1; j < rules_.size(); ++j) {
      // Longest first: a later rule is never longer. Of two equal ids only the later is searched.
      if (rules_[i].raw.find(rules_[j].raw) != std::string::npos) rules_[i].searched = false;
    }
  }
  plain_rules_ = std::all_of(rules_.begin(), rules_.end(), [](const Rule& r) {
    return r.anywhere && r.verbatim &&
           std::none_of(r.replacement.begin(), r.replacement.end(), needs_json_escape);
  });
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
    if (escapes.may_hide(r.verbatim, r.has_slash)) return true;
    if (r.anywhere) {
      if (find_in(text, r.raw) != std::string_view::npos) return true;
      continue;
    }
    // A decoded string equal to the id, or ending in "/id", is written "id" or .../id" (the
    // slash possibly escaped as \/, which still ends in /id").
    if (find_in(text, r.whole_value) != std::string_view::npos ||
        find_in(text, r.reference) != std::string_view::npos) {
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

bool IdentifierScrubber::find_verbatim_ids(std::string_view text,
                                           std::vector<std::size_t>& offsets) const {
  const EscapesSeen escapes = scan_escapes(text);
  for (const Rule& r : rules_) {
    if (escapes.may_hide(r.verbatim, r.has_slash)) return false;
    if (!r.searched) continue;
    for (std::size_t pos = find_in(text, r.raw); pos != std::string_view::npos;
         pos = find_in(text, r.raw, pos + 1)) {
      offsets.push_back(pos);
    }
  }
  std::sort(offsets.begin(), offsets.end());
  return true;
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

// What the service itself writes (cards, facts) names the patient in a few plain string values:
// each id found in the text is inside one string, and when that string is a value without
// escapes its text is its value, so it can be scrubbed where it is. Every occurrence of every id
// is inside a rewritten string, so nothing is missed even if the text is not JSON; for JSON the
// result is the same as the parsing path's.
//
// Whether an id is inside a string is the parity of the quotes before it, so the documents'
// thousands of strings are counted eight bytes at a time rather than walked one by one; only the
// strings that hold an id are looked at.
bool IdentifierScrubber::scrub_plain_strings(std::string& json,
                                             const std::vector<std::size_t>& offsets) const {
  // Escapes, read in pairs from the start (a backslash begins one, inside strings): a quote is
  // part of the text, not a delimiter, when an escape begins just before it.
  std::vector<std::size_t> escapes;
  for (std::size_t i = json.find('\\'); i != std::string::npos; i = json.find('\\', i + 2)) {
    escapes.push_back(i);
  }
  auto is_delimiter = [&](std::size_t quote) {
    return quote == 0 || !std::binary_search(escapes.begin(), escapes.end(), quote - 1);
  };
  std::size_t next_escape = 0;  // escapes before `counted` have been accounted for
  // Delimiting quotes in [from, to), for consecutive ranges.
  auto delimiters = [&](std::size_t from, std::size_t to) {
    std::size_t n = count_quotes(std::string_view(json).substr(from, to - from));
    for (; next_escape < escapes.size() && escapes[next_escape] + 1 < to; ++next_escape) {
      const std::size_t quote = escapes[next_escape] + 1;
      if (quote >= from && json[quote] == '"') --n;
    }
    return n;
  };

  struct Span {
    std::size_t begin;  // first character of the string's value
    std::size_t end;    // its closing quote
  };
  std::vector<Span> spans;
  std::size_t counted = 0;  // outside every string here
  for (const std::size_t at : offsets) {
    if (at < counted) continue;                          // in the string just taken
    if (delimiters(counted, at) % 2 == 0) return false;  // outside strings
    std::size_t open = at;
    do {
      open = static_cast<std::size_t>(static_cast<const char*>(::memrchr(json.data(), '"', open)) -
                                      json.data());
    } while (!is_delimiter(open));
    std::size_t close = json.find('"', at);
    while (close != std::string::npos && !is_delimiter(close)) close = json.find('"', close + 1);
    if (close == std::string::npos) return false;
    const auto escape = std::upper_bound(escapes.begin(), escapes.end(), open);
    const bool escaped = escape != escapes.end() && *escape < close;
    const std::size_t after = json.find_first_not_of(" \t\n\r", close + 1);
    if (escaped || (after != std::string::npos && json[after] == ':')) return false;
    spans.push_back({open + 1, close});
    counted = close + 1;
  }
  std::string out;
  out.reserve(json.size() + json.size() / 8 + 64);
  std::string scratch;
  std::size_t copied = 0;
  for (const Span& span : spans) {
    out.append(json, copied, span.begin - copied);
    const std::string_view value(json.data() + span.begin, span.end - span.begin);
    if (scrub_into(value, scratch)) {
      out += scratch;
    } else {
      out += value;
    }
    copied = span.end;
  }
  out.append(json, copied);
  json.swap(out);
  return true;
}

void IdentifierScrubber::scrub_json_in_place(std::string& json) const {
  if (plain_rules_) {
    // Finding every id where it is tells "none" (no escape could hide one) as well.
    std::vector<std::size_t> offsets;
    if (find_verbatim_ids(json, offsets) &&
        (offsets.empty() || scrub_plain_strings(json, offsets))) {
      return;
    }
  }
  if (!may_contain_ids(json)) return;
  std::string scratch;
  auto scrub = [this, &scratch](std::string_view value) -> const std::string* {
    return scrub_into(value, scratch) ? &scratch : nullptr;
  };
  // Parsed in situ on a copy (as Document::Parse reads it: byte order mark skipped, stopping at
  // a NUL) only to find the string values that change; the text itself is then edited where
  // those strings are, so nothing else is re-serialised and nothing else can change.
  const std::size_t skipped = byte_order_mark_length(json);
  std::string insitu(json, skipped);
  std::vector<std::size_t> id_offsets;
  const bool verbatim = find_verbatim_ids(insitu, id_offsets);
  EditCollector<decltype(scrub)> collector(insitu.data(), verbatim ? &id_offsets : nullptr, scrub);
  rapidjson::InsituStringStream input(insitu.data());
  rapidjson::Reader reader;
  if (!reader.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag>(input,
                                                                                  collector)) {
    if (scrub_into(json, scratch)) json.swap(scratch);
    return;
  }
  collector.finish(insitu.data() + insitu.size());
  if (collector.edits().empty()) return;
  std::string out;
  out.reserve(json.size() + json.size() / 4 + 64);
  rapidjson::StringBuffer encoded;
  std::size_t copied = 0;
  for (const auto& edit : collector.edits()) {
    const std::size_t value_start = skipped + edit.value_start;
    const std::size_t opening_quote = value_start - 1;
    out.append(json, copied, opening_quote - copied);
    encoded.Clear();
    rapidjson::Writer<rapidjson::StringBuffer> writer(encoded);
    const std::string_view text = collector.text(edit);
    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    out.append(encoded.GetString(), encoded.GetSize());
    copied = string_end(json, value_start);
  }
  out.append(json, copied);
  json.swap(out);
}

}  // namespace auc::cards::ledger
