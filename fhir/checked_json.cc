#include "fhir/checked_json.h"

#include <rapidjson/error/en.h>

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace auc::fhir {

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

namespace {

// Index of the first byte of `p[0, n)` that is not plain ASCII or is a backslash, or n.
std::size_t plain_run(const unsigned char* p, std::size_t n) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const int mask = _mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, backslash)));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < n; ++i) {
    if (p[i] >= 0x80 || p[i] == '\\') return i;
  }
  return n;
}

// Length of the UTF-8 sequence starting at p (p[0] >= 0x80), or 0 when it is not valid.
std::size_t utf8_sequence(const unsigned char* p, std::size_t available) {
  const std::size_t len = p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
  if (len > available) return 0;
  return is_utf8(reinterpret_cast<const char*>(p), len) ? len : 0;
}

}  // namespace

bool strings_need_checking(const char* text, std::size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(text);
  std::size_t i = 0;
  while (i < n) {
    i += plain_run(p + i, n - i);
    if (i >= n) break;
    if (p[i] == '\\') {
      // The escaped character is skipped with it, so "\\u" is not taken for a \u escape.
      if (i + 1 < n && p[i + 1] == 'u' && i + 2 < n && (p[i + 2] == 'd' || p[i + 2] == 'D')) {
        return true;
      }
      i += 2;
      continue;
    }
    const std::size_t len = utf8_sequence(p + i, n - i);
    if (len == 0) return true;
    i += len;
  }
  return false;
}

JsonPosition::JsonPosition() {
  names_.reserve(64);
}
JsonPosition::~JsonPosition() = default;

bool JsonPosition::open(bool array) {
  if (depth_ >= kMaxJsonDepth) return false;
  Level& level = levels_[depth_++];
  level.array = array;
  level.count = 0;
  level.first_name = names_.size();
  level.copies_mark = copies_.size();
  level.seen = 0;
  count_ = &level.count;
  return true;
}

void JsonPosition::close() {
  const std::size_t d = --depth_;
  count_ = d > 0 ? &levels_[d - 1].count : &outside_;
  const Level& level = levels_[d];
  if (level.array) return;
  names_.erase(names_.begin() + static_cast<std::ptrdiff_t>(level.first_name), names_.end());
  if (copies_.size() != level.copies_mark) copies_.resize(level.copies_mark);
  if (large_[d]) large_[d].reset();
}

bool JsonPosition::key_checked(const char* s, std::size_t n, bool transient) {
  const std::size_t d = depth_ - 1;
  const std::size_t first = levels_[d].first_name;
  Name added{s, 0, static_cast<std::uint32_t>(n)};
  if (transient) {
    added.copied = copies_.size() + 1;
    copies_.append(s, n);
  }
  const std::size_t members = names_.size() - first;
  bool unique = true;
  const std::uint64_t bit = name_bit(s, n);
  if ((levels_[d].seen & bit) == 0) {
    levels_[d].seen |= bit;
    if (members >= kPairwiseMembers) unique = !repeated_in_large_object(d, std::string_view(s, n));
  } else if (members < kPairwiseMembers) {
    for (std::size_t i = first; i < names_.size(); ++i) {
      const Name& other = names_[i];
      if (other.size == added.size && std::memcmp(name(other).data(), s, n) == 0) {
        unique = false;
        break;
      }
    }
  } else {
    unique = !repeated_in_large_object(d, std::string_view(s, n));
  }
  names_.push_back(added);
  return unique;
}

bool JsonPosition::repeated_in_large_object(std::size_t level, std::string_view candidate) {
  auto& set = large_[level];
  if (!set) {
    set = std::make_unique<std::unordered_set<std::string>>();
    for (std::size_t i = levels_[level].first_name; i < names_.size(); ++i) {
      set->emplace(name(names_[i]));
    }
  }
  return !set->emplace(candidate).second;
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
      continue;
    }
    // The current member name is the object's last one.
    const std::size_t end = i + 1 < depth_ ? levels_[i + 1].first_name : names_.size();
    if (end == level.first_name) continue;
    const std::string_view current = name(names_[end - 1]);
    if (!current.empty() || i + 1 < depth_) append_pointer_token(out, current);
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
