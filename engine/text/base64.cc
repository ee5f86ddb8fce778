#include "engine/text/base64.h"

#include <array>
#include <cstdint>

namespace auc::engine {
namespace {

constexpr std::int8_t kSkip = -2;
constexpr std::int8_t kInvalid = -1;

constexpr std::array<std::int8_t, 256> make_table() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = kInvalid;
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  }
  for (char c : {' ', '\t', '\r', '\n'}) t[static_cast<unsigned char>(c)] = kSkip;
  return t;
}

constexpr std::array<std::int8_t, 256> kTable = make_table();

}  // namespace

std::optional<std::string> decode_base64(std::string_view text) {
  // Written through a pointer into a buffer sized for the longest result, then cut to length: no
  // capacity check per byte.
  std::string out(text.size() / 4 * 3 + 3, '\0');
  char* to = out.data();
  std::uint32_t bits = 0;
  int count = 0;
  std::size_t padding = 0;
  const auto value = [](char c) { return kTable[static_cast<unsigned char>(c)]; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Four alphabet characters on a group boundary, the usual case, decode at once.
    if (count == 0 && i + 4 <= text.size()) {
      const std::int8_t a = value(text[i]);
      const std::int8_t b = value(text[i + 1]);
      const std::int8_t c = value(text[i + 2]);
      const std::int8_t d = value(text[i + 3]);
      if ((a | b | c | d) >= 0) {
        if (padding != 0) return std::nullopt;  // data after padding is invalid
        const std::uint32_t group =
            (static_cast<std::uint32_t>(a) << 18) | (static_cast<std::uint32_t>(b) << 12) |
            (static_cast<std::uint32_t>(c) << 6) | static_cast<std::uint32_t>(d);
        to[0] = static_cast<char>((group >> 16) & 0xff);
        to[1] = static_cast<char>((group >> 8) & 0xff);
        to[2] = static_cast<char>(group & 0xff);
        to += 3;
        i += 3;
        continue;
      }
    }
    const char ch = text[i];
    if (ch == '=') {
      ++padding;
      continue;
    }
    const std::int8_t v = kTable[static_cast<unsigned char>(ch)];
    if (v == kSkip) continue;
    if (v == kInvalid || padding != 0) return std::nullopt;  // data after padding is invalid
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    if (++count == 4) {
      to[0] = static_cast<char>((bits >> 16) & 0xff);
      to[1] = static_cast<char>((bits >> 8) & 0xff);
      to[2] = static_cast<char>(bits & 0xff);
      to += 3;
      bits = 0;
      count = 0;
    }
  }
  if (count == 1 || padding > 2) return std::nullopt;
  if (count == 2) *to++ = static_cast<char>((bits >> 4) & 0xff);
  if (count == 3) {
    *to++ = static_cast<char>((bits >> 10) & 0xff);
    *to++ = static_cast<char>((bits >> 2) & 0xff);
  }
  out.resize(static_cast<std::size_t>(to - out.data()));
  return out;
}

}  // namespace auc::engine
