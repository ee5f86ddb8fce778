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

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
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

// Appends `name` to a JSON Pointer as one reference token ("~" -> "~0", "/" -> "~1").
void append_pointer_token(std::string& pointer, std::string_view name);

namespace detail {

// Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). Checked on
// each decoded string, it catches raw invalid bytes and \u escapes of lone surrogates (which
// decode to ED A0..BF) in one pass; ASCII, nearly all of FHIR, takes the 8-bytes-at-a-time path.
bool is_utf8(const char* s, std::size_t n);

// Whether the decoded strings of `text` must be checked one by one: the raw text is not valid
// UTF-8, or it has a \u escape that may encode a surrogate (\uD800..\uDFFF). Otherwise every
// string the parser decodes is valid UTF-8 (raw bytes are kept as they are and every other escape
// decodes to a character), so one fast pass over the body replaces a check per string; the
// per-string check then only runs on the bodies that may be refused, and names the element.
bool strings_need_checking(const char* text, std::size_t n);

// Where the parser is, for messages, and the member names of every open object, so that a
// repeated name is refused as it is read: the open containers and, per level, the current member
// name or element index. The pointer is only built when something is refused.
class JsonPosition {
 public:
  JsonPosition();
  ~JsonPosition();
  JsonPosition(const JsonPosition&) = delete;
  JsonPosition& operator=(const JsonPosition&) = delete;

  bool open(bool array);  // false beyond kMaxJsonDepth
  void close();
  // Records the current member name; false when the open object already has a member of that
  // name. `transient`: the parser reuses the bytes (not in situ), so they are copied.
  bool key(const char* s, std::size_t n, bool transient) {
    // Inline for the usual name: in the text, new to its object's filter, object still small.
    Level& level = levels_[depth_ - 1];
    const std::uint64_t bit = name_bit(s, n);
    if (!transient && (level.seen & bit) == 0 &&
        names_.size() - level.first_name < kPairwiseMembers) {
      level.seen |= bit;
      names_.push_back(Name{s, 0, static_cast<std::uint32_t>(n)});
      return true;
    }
    return key_checked(s, n, transient);
  }
  // Counted at every level (objects' counts are not used): no branch per value.
  void value() { ++*count_; }
  // `at_next`: in an array, name the element being read rather than the last one begun (for
  // errors found inside a value before the parser reports it).
  std::string pointer(bool at_next = false) const;

 private:
  struct Name {
    const char* data;    // in the parsed text, unless copied
    std::size_t copied;  // offset in copies_ + 1, or 0
    std::uint32_t size;
  };
  struct Level {
    bool array;
    std::size_t count;        // elements begun so far (arrays)
    std::size_t first_name;   // names_[first_name, ...) are this object's member names
    std::size_t copies_mark;  // copies_ size when the object opened
    std::uint64_t seen;       // one bit per hash of each member name: most names are new
  };
  std::string_view name(const Name& n) const {
    return n.copied != 0 ? std::string_view(copies_.data() + n.copied - 1, n.size)
                         : std::string_view(n.data, n.size);
  }
  // Objects up to this many members (nearly all of FHIR) are checked for a repeated name by
  // comparing with each earlier name; larger ones go through a set.
  static constexpr std::size_t kPairwiseMembers = 24;
  // Which of 64 bits stands for a member name: from its length and its first and last bytes,
  // which is enough to tell apart nearly all names within one object.
  static std::uint64_t name_bit(const char* s, std::size_t n) {
    const std::uint64_t mix = n == 0 ? 0
                                     : (n * 0x100 + static_cast<unsigned char>(s[0])) * 0x100 +
                                           static_cast<unsigned char>(s[n - 1]);
    return std::uint64_t{1} << ((mix * 0x9E3779B97F4A7C15ULL) >> 58);
  }
  bool key_checked(const char* s, std::size_t n, bool transient);
  bool repeated_in_large_object(std::size_t level, std::string_view candidate);

  std::array<Level, kMaxJsonDepth> levels_;  // [0, depth_) are open
  std::size_t depth_ = 0;
  std::size_t outside_ = 0;         // the count values outside any container go to
  std::size_t* count_ = &outside_;  // the innermost open level's count
  std::vector<Name> names_;         // member names of the open objects, outermost first
  std::string copies_;              // transient names' bytes
  // Objects with many members are checked through a set, so a hostile object costs n, not n^2.
  std::array<std::unique_ptr<std::unordered_set<std::string>>, kMaxJsonDepth> large_;
};

// SAX filter in front of a document: forwards every event, tracks the position, and stops the
// parse (recording why) on too deep a nesting, invalid UTF-8 or a repeated member name.
template <class Target>
class CheckingHandler {
 public:
  CheckingHandler(Target& target, std::optional<JsonProblem>& problem, bool check_strings)
      : target_(target), problem_(problem), check_strings_(check_strings) {}

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
    if (check_strings_ && !is_utf8(s, n)) {
      // The problem names the object holding the member, never the name itself: a path with
      // the name's bytes would put invalid UTF-8 into the 400 that reports it.
      position_.key(s, 0, false);
      return text_ok(s, n);
    }
    if (!position_.key(s, n, copy)) {
      problem_ = JsonProblem{position_.pointer(),
                             "this member name appears more than once in its object; send it once"};
      return false;
    }
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
    if (!check_strings_ || is_utf8(s, n)) return true;
    problem_ = JsonProblem{position_.pointer(),
                           "the text is not valid UTF-8 (invalid bytes, or a \\u escape of a lone "
                           "UTF-16 surrogate, which is not a character)"};
    return false;
  }

  Target& target_;
  std::optional<JsonProblem>& problem_;
  const bool check_strings_;
  JsonPosition position_;
};

std::string describe_syntax_error(rapidjson::ParseErrorCode code, std::size_t offset);

template <unsigned Flags, class Doc, class Stream>
std::optional<JsonProblem> parse_checked_stream(Doc& doc, Stream& stream, bool check_strings) {
  std::optional<JsonProblem> problem;
  auto generate = [&](Doc& target) {
    CheckingHandler<Doc> handler(target, problem, check_strings);
    rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>> reader;
    const rapidjson::ParseResult ok = reader.template Parse<Flags>(stream, handler);
    if (ok || problem) return static_cast<bool>(ok);
    problem = JsonProblem{handler.position().pointer(true),
                          describe_syntax_error(ok.Code(), ok.Offset())};
    return false;
  };
  doc.Populate(generate);
  if (problem) doc.SetNull();
  return problem;
}

}  // namespace detail

// Parses `text` (a copy is made of strings) into `doc` under the rules above. On failure `doc` is
// null and the problem names where and what.
template <class Doc>
std::optional<JsonProblem> parse_checked(Doc& doc, std::string_view text) {
  rapidjson::MemoryStream bytes(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(bytes);
  return detail::parse_checked_stream<rapidjson::kParseDefaultFlags>(
      doc, stream, detail::strings_need_checking(text.data(), text.size()));
}

// The same, parsing in place: `text` must be NUL-terminated (a std::string's data()) and is
// rewritten; the document's strings point into it.
template <class Doc>
std::optional<JsonProblem> parse_checked_insitu(Doc& doc, char* text) {
  const bool check_strings = detail::strings_need_checking(text, std::strlen(text));
  rapidjson::InsituStringStream stream(text);
  return detail::parse_checked_stream<rapidjson::kParseInsituFlag>(doc, stream, check_strings);
}

// Whether `text` would be accepted, without keeping the document: for fuzzing and tests.
std::optional<JsonProblem> check_json(std::string_view text);

}  // namespace auc::fhir
