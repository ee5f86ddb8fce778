// Parsing JSON from outside the process (request bodies, FHIR server answers, JWKS, trust files,
// configuration, criteria) under one set of rules, so that no reader can be crashed or misled:
// - nesting is bounded (kMaxJsonDepth), so neither the parser nor any later recursive walk of the
//   document can exhaust a thread's stack;
// - the text is valid UTF-8 and no \u escape decodes to a lone surrogate, so every string the
//   service echoes (cards, ledger) is valid UTF-8;
// - no object names a member twice, so a proxy that keeps the last value and this service (the
//   first) can never disagree about a request.
// The check functions need no HTTP, so fuzz targets call them directly.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/reader.h>

#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace auc::fhir {

// The deepest nesting accepted, counting the outermost object as 1. A CDS Hooks request carrying
// FHIR resources nests about 12 levels (request, prefetch, Bundle, entry, resource, code, coding,
// extension, ...; a nested extension adds 2 per level), so 64 leaves room for deep extensions
// while every recursive walk stays a few kilobytes of stack.
inline constexpr std::size_t kMaxJsonDepth = 64;

struct JsonProblem {
  std::string path;     // JSON Pointer of the offending element ("" for the document itself)
  std::string message;  // never echoes values from the text
};

// First member name repeated within one object, by document order; nullopt when none is.
std::optional<JsonProblem> find_duplicate_member(const rapidjson::Value& root);

// Appends `name` to a JSON Pointer as one reference token ("~" -> "~0", "/" -> "~1").
void append_pointer_token(std::string& pointer, std::string_view name);

namespace detail {

// Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). Checked on
// each decoded string, it catches raw invalid bytes and \u escapes of lone surrogates (which
// decode to ED A0..BF) in one pass; ASCII, nearly all of FHIR, takes the 8-bytes-at-a-time path.
bool is_utf8(const char* s, std::size_t n);

// Where the parser is, for messages: the open containers and, per level, the current member
// name or element index. Only turned into a string when something is refused.
class JsonPosition {
 public:
  bool open(bool array);  // false beyond kMaxJsonDepth
  void close() { --depth_; }
  // `transient`: the parser reuses the bytes (not in situ), so they are copied.
  void key(const char* s, std::size_t n, bool transient) {
    Level& level = levels_[depth_ - 1];
    level.key_copied = transient;
    if (transient) {
      level.key_copy.assign(s, n);
    } else {
      level.key_view = std::string_view(s, n);
    }
  }
  void value() {
    if (depth_ > 0 && levels_[depth_ - 1].array) ++levels_[depth_ - 1].count;
  }
  // `at_next`: in an array, name the element being read rather than the last one begun (for
  // errors found inside a value before the parser reports it).
  std::string pointer(bool at_next = false) const;

 private:
  struct Level {
    bool array = false;
    std::size_t count = 0;      // elements begun so far (arrays)
    std::string_view key_view;  // current member name (objects), in the parsed text
    std::string key_copy;       // the name itself when the parser's bytes are transient
    bool key_copied = false;
    // Never a view into key_copy kept across calls: levels_ may move when it grows.
    std::string_view key() const { return key_copied ? std::string_view(key_copy) : key_view; }
  };
  // levels_[0, depth_) are open; entries past depth_ keep their string capacity for reuse.
  std::vector<Level> levels_;
  std::size_t depth_ = 0;
};

// SAX filter in front of a document: forwards every event, tracks the position, and stops the
// parse (recording why) on too deep a nesting or a lone surrogate.
template <class Target>
class CheckingHandler {
 public:
  CheckingHandler(Target& target, std::optional<JsonProblem>& problem)
      : target_(target), problem_(problem) {}

  bool Null() { return scalar() && target_.Null(); }
  bool Bool(bool b) { return scalar() && target_.Bool(b); }
  bool Int(int i) { return scalar() && target_.Int(i); }
  bool Uint(unsigned u) { return scalar() && target_.Uint(u); }
  bool Int64(int64_t i) { return scalar() && target_.Int64(i); }
  bool Uint64(uint64_t u) { return scalar() && target_.Uint64(u); }
  bool Double(double d) { return scalar() && target_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    return scalar() && target_.RawNumber(s, n, copy);
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) {
    return scalar() && text_ok(s, n) && target_.String(s, n, copy);
  }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    if (!is_utf8(s, n)) {
      // The problem names the object holding the member, never the name itself: a path with
      // the name's bytes would put invalid UTF-8 into the 400 that reports it.
      position_.key(s, 0, false);
      return text_ok(s, n);
    }
    position_.key(s, n, copy);
    return target_.Key(s, n, copy);
  }
  bool StartObject() { return container(false) && target_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) {
    position_.close();
    return target_.EndObject(members);
  }
  bool StartArray() { return container(true) && target_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) {
    position_.close();
    return target_.EndArray(elements);
  }

  const JsonPosition& position() const { return position_; }

 private:
  bool scalar() {
    position_.value();
    return true;
  }
  bool container(bool array) {
    position_.value();
    if (position_.open(array)) return true;
    problem_ = JsonProblem{position_.pointer(),
                           "JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
    return false;
  }
  bool text_ok(const char* s, std::size_t n) {
    if (is_utf8(s, n)) return true;
    problem_ = JsonProblem{position_.pointer(),
                           "the text is not valid UTF-8 (invalid bytes, or a \\u escape of a lone "
                           "UTF-16 surrogate, which is not a character)"};
    return false;
  }

  Target& target_;
  std::optional<JsonProblem>& problem_;
  JsonPosition position_;
};

std::string describe_syntax_error(rapidjson::ParseErrorCode code, std::size_t offset);

template <unsigned Flags, class Doc, class Stream>
std::optional<JsonProblem> parse_checked_stream(Doc& doc, Stream& stream) {
  std::optional<JsonProblem> problem;
  std::string where;
  auto generate = [&](Doc& target) {
    CheckingHandler<Doc> handler(target, problem);
    rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>> reader;
    const rapidjson::ParseResult ok = reader.template Parse<Flags>(stream, handler);
    if (ok || problem) return static_cast<bool>(ok);
    problem = JsonProblem{handler.position().pointer(true),
                          describe_syntax_error(ok.Code(), ok.Offset())};
    return false;
  };
  doc.Populate(generate);
  if (problem) {
    doc.SetNull();
    return problem;
  }
  return find_duplicate_member(doc);
}

}  // namespace detail

// Parses `text` (a copy is made of strings) into `doc` under the rules above. On failure `doc` is
// null and the problem names where and what.
template <class Doc>
std::optional<JsonProblem> parse_checked(Doc& doc, std::string_view text) {
  rapidjson::MemoryStream bytes(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(bytes);
  return detail::parse_checked_stream<rapidjson::kParseDefaultFlags>(doc, stream);
}

// The same, parsing in place: `text` must be NUL-terminated (a std::string's data()) and is
// rewritten; the document's strings point into it.
template <class Doc>
std::optional<JsonProblem> parse_checked_insitu(Doc& doc, char* text) {
  rapidjson::InsituStringStream stream(text);
  return detail::parse_checked_stream<rapidjson::kParseInsituFlag>(doc, stream);
}

// Whether `text` would be accepted, without keeping the document: for fuzzing and tests.
std::optional<JsonProblem> check_json(std::string_view text);

}  // namespace auc::fhir
