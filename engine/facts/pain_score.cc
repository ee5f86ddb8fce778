#include "engine/facts/pain_score.h"

#include <cmath>

namespace auc::engine {
namespace {

constexpr int kMaxScore = 10;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool consume(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  s = trim(s);
  return true;
}

// Leading digits as a number (at most two digits: nothing larger is a 0-10 score).
std::optional<int> leading_number(std::string_view& s) {
  int value = 0;
  std::size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
    if (n == 2) return std::nullopt;
    value = value * 10 + (s[n] - '0');
    ++n;
  }
  if (n == 0) return std::nullopt;
  s.remove_prefix(n);
  s = trim(s);
  return value;
}

std::optional<int> in_range(std::optional<int> v) {
  if (!v || *v < 0 || *v > kMaxScore) return std::nullopt;
  return v;
}

}  // namespace

std::optional<int> parse_pain_score(std::string_view text) {
  std::string_view s = trim(text);
  const std::optional<int> score = leading_number(s);
  if (!score) return std::nullopt;
  if (!s.empty()) {
    if (!consume(s, "/") && !consume(s, "of") && !(consume(s, "out") && consume(s, "of"))) {
      return std::nullopt;
    }
    const std::optional<int> scale = leading_number(s);
    if (scale != kMaxScore || !s.empty()) return std::nullopt;
  }
  return in_range(score);
}

std::optional<int> pain_score_of(const fhir::Observation& o) {
  if (o.value_integer) {
    if (*o.value_integer < 0 || *o.value_integer > kMaxScore) return std::nullopt;
    return static_cast<int>(*o.value_integer);
  }
  if (o.value_quantity && o.value_quantity->value) {
    const double v = *o.value_quantity->value;
    if (v != std::floor(v)) return std::nullopt;
    if (v < 0 || v > kMaxScore) return std::nullopt;
    return static_cast<int>(v);
  }
  if (!o.value_string.empty()) return parse_pain_score(o.value_string);
  if (o.value_codeable_concept) {
    for (const fhir::Coding& c : o.value_codeable_concept->coding) {
      if (auto v = parse_pain_score(c.code)) return v;
      if (auto v = parse_pain_score(c.display)) return v;
    }
    return parse_pain_score(o.value_codeable_concept->text);
  }
  return std::nullopt;
}

}  // namespace auc::engine
