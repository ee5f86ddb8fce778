#include "engine/terminology/cpt_code.h"

namespace auc::engine {
namespace {

constexpr std::size_t kCodeLength = 5;
constexpr std::size_t kModifierLength = 2;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_modifier_char(char c) {
  return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_code(std::string_view s) {
  for (std::size_t i = 0; i + 1 < kCodeLength; ++i) {
    if (!is_digit(s[i])) return false;
  }
  const char last = s[kCodeLength - 1];
  return is_digit(last) || last == 'F' || last == 'T' || last == 'U' || last == 'f' ||
         last == 't' || last == 'u';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "-26", " 26", "26", "-26-59", "TC 59": modifiers, each two characters after an optional
// separator.
bool are_modifiers(std::string_view s) {
  while (!s.empty()) {
    if (s.front() == '-' || s.front() == ' ') s.remove_prefix(1);
    if (s.size() < kModifierLength) return false;
    if (!is_modifier_char(s[0]) || !is_modifier_char(s[1])) return false;
    s.remove_prefix(kModifierLength);
  }
  return true;
}

}  // namespace

CptCode split_cpt(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.size() < kCodeLength || !is_code(s)) return {};
  const std::string_view rest = s.substr(kCodeLength);
  if (!are_modifiers(rest)) return {};
  return CptCode{s.substr(0, kCodeLength), rest};
}

}  // namespace auc::engine
