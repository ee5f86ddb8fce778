#include "hooks/audit/audit_time.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace auc::hooks::audit {
namespace {

using namespace std::chrono;

bool read_int(std::string_view& s, std::size_t digits, int& out) {
  if (s.size() < digits) return false;
  for (std::size_t i = 0; i < digits; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  std::from_chars(s.data(), s.data() + digits, out);
  s.remove_prefix(digits);
  return true;
}

bool expect(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

std::string format_time(cards::ledger::Timestamp t) {
  const auto day = floor<days>(t);
  const year_month_day ymd(day);
  const hh_mm_ss<microseconds> tod(t - day);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(tod.hours().count()),
                static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()),
                static_cast<int>(tod.subseconds().count()));
  return buffer;
}

std::optional<cards::ledger::Timestamp> parse_time(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!read_int(s, 4, y) || !expect(s, '-') || !read_int(s, 2, mo) || !expect(s, '-') ||
      !read_int(s, 2, d)) {
    return std::nullopt;
  }
  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)),
                           day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  cards::ledger::Timestamp t = time_point_cast<microseconds>(sys_days(ymd));
  if (s.empty()) return t;
  if (!expect(s, 'T') || !read_int(s, 2, h) || !expect(s, ':') || !read_int(s, 2, mi) ||
      !expect(s, ':') || !read_int(s, 2, sec) || h > 23 || mi > 59 || sec > 60) {
    return std::nullopt;
  }
  t += hours(h) + minutes(mi) + seconds(sec);
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    std::int64_t fraction = 0;
    int digits = 0;
    while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
      if (digits < 6) {
        fraction = fraction * 10 + (s.front() - '0');
        ++digits;
      }
      s.remove_prefix(1);
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 6; ++i) fraction *= 10;
    t += microseconds(fraction);
  }
  if (s == "Z") return t;
  if (s.size() == 6 && (s[0] == '+' || s[0] == '-')) {
    const int sign = s[0] == '+' ? 1 : -1;
    s.remove_prefix(1);
    int oh = 0, om = 0;
    if (!read_int(s, 2, oh) || !expect(s, ':') || !read_int(s, 2, om) || !s.empty()) {
      return std::nullopt;
    }
    return t - sign * (hours(oh) + minutes(om));
  }
  return std::nullopt;
}

}  // namespace auc::hooks::audit
