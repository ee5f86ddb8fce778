#include "fhir/checked_json.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstdint>

namespace auc::fhir {
namespace {

std::string_view name_of(const rapidjson::Value& name) {
  return {name.GetString(), name.GetStringLength()};
}

// Small objects (nearly all of FHIR) are compared pairwise; big ones are sorted, so a hostile
// object with many members costs n log n, not n squared.
constexpr rapidjson::SizeType kPairwiseMembers = 16;

const rapidjson::Value* repeated_name(const rapidjson::Value& object) {
  const rapidjson::SizeType n = object.MemberCount();
  if (n < 2) return nullptr;
  const auto begin = object.MemberBegin();
  if (n <= kPairwiseMembers) {
    for (auto a = begin + 1; a != object.MemberEnd(); ++a) {
      for (auto b = begin; b != a; ++b) {
        if (name_of(a->name) == name_of(b->name)) return &a->name;
      }
    }
    return nullptr;
  }
  std::vector<std::string_view> names;
  names.reserve(n);
  for (auto m = begin; m != object.MemberEnd(); ++m) names.push_back(name_of(m->name));
  std::sort(names.begin(), names.end());
  const auto dup = std::adjacent_find(names.begin(), names.end());
  if (dup == names.end()) return nullptr;
  // Report the second occurrence in document order.
  bool seen = false;
  for (auto m = begin; m != object.MemberEnd(); ++m) {
    if (name_of(m->name) != *dup) continue;
    if (seen) return &m->name;
    seen = true;
  }
  return nullptr;
}

// Depth-first, recursion bounded by the parse's nesting limit.
bool find_repeated(const rapidjson::Value& v, std::string& pointer) {
  if (v.IsObject()) {
    if (const rapidjson::Value* name = repeated_name(v)) {
      append_pointer_token(pointer, name_of(*name));
      return true;
    }
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      if (!m->value.IsObject() && !m->value.IsArray()) continue;
      const std::size_t mark = pointer.size();
      append_pointer_token(pointer, name_of(m->name));
      if (find_repeated(m->value, pointer)) return true;
      pointer.resize(mark);
    }
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      if (!v[i].IsObject() && !v[i].IsArray()) continue;
      const std::size_t mark = pointer.size();
      pointer += '/';
      pointer += std::to_string(i);
      if (find_repeated(v[i], pointer)) return true;
      pointer.resize(mark);
    }
  }
  return false;
}

}  // namespace

void append_pointer_token(std::string& pointer, std::string_view name) {
  pointer += '/';
  for (const char c : name) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

std::optional<JsonProblem> find_duplicate_member(const rapidjson::Value& root) {
  std::string pointer;
  if (!find_repeated(root, pointer)) return std::nullopt;
  return JsonProblem{std::move(pointer),
                     "this member name appears more than once in its object; send it once"};
}

namespace detail {

bool is_utf8(const char* s, std::size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(s);
  const unsigned char* end = p + n;
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlong forms
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // no overlong forms
      if (c == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
    } else {
      return false;
    }
    if (end - p < static_cast<std::ptrdiff_t>(len)) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (std::size_t i = 2; i < len; ++i) {
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    }
    p += len;
  }
  return true;
}

bool JsonPosition::open(bool array) {
  if (depth_ >= kMaxJsonDepth) return false;
  if (depth_ == levels_.size()) levels_.emplace_back();
  Level& level = levels_[depth_++];
  level.array = array;
  level.count = 0;
  level.key_view = {};
  level.key_copied = false;
  return true;
}

std::string JsonPosition::pointer(bool at_next) const {
  std::string out;
  for (std::size_t i = 0; i < depth_; ++i) {
    const Level& level = levels_[i];
    if (level.array) {
      if (at_next && i + 1 == depth_) {
        out += '/' + std::to_string(level.count);
      } else if (level.count > 0) {
        out += '/' + std::to_string(level.count - 1);
      }
    } else if (!level.key().empty() || i + 1 < depth_) {
      append_pointer_token(out, level.key());
    }
  }
  return out;
}

std::string describe_syntax_error(rapidjson::ParseErrorCode code, std::size_t offset) {
  std::string what = rapidjson::GetParseError_En(code);
  if (code == rapidjson::kParseErrorStringInvalidEncoding) {
    what = "the text is not valid UTF-8";
  } else if (code == rapidjson::kParseErrorStringUnicodeSurrogateInvalid) {
    what = "a \\u escape encodes a lone UTF-16 surrogate, which is not a character";
  }
  return "malformed JSON at byte " + std::to_string(offset) + ": " + what;
}

}  // namespace detail

std::optional<JsonProblem> check_json(std::string_view text) {
  rapidjson::Document doc;
  return parse_checked(doc, text);
}

}  // namespace auc::fhir
