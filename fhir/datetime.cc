#include "fhir/datetime.h"

namespace auc::fhir {
namespace {

constexpr std::int64_t kDay = 86400;

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`; advances pos.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) {
  // Howard Hinnant's algorithm.
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<DateTime> parse_datetime(std::string_view s) {
  DateTime out;
  std::size_t pos = 0;
  if (!digits(s, pos, 4, out.year)) return std::nullopt;
  if (pos == s.size()) {
    out.precision = DatePrecision::kYear;
    out.start = days_from_civil(out.year, 1, 1) * kDay;
    out.end = days_from_civil(out.year + 1, 1, 1) * kDay;
    return out;
  }
  if (!expect(s, pos, '-') || !digits(s, pos, 2, out.month) || out.month < 1 || out.month > 12) {
    return std::nullopt;
  }
  if (pos == s.size()) {
    out.precision = DatePrecision::kMonth;
    out.start = days_from_civil(out.year, out.month, 1) * kDay;
    out.end = out.start + days_in_month(out.year, out.month) * kDay;
    return out;
  }
  if (!expect(s, pos, '-') || !digits(s, pos, 2, out.day) || out.day < 1 ||
      out.day > days_in_month(out.year, out.month)) {
    return std::nullopt;
  }
  const std::int64_t day_start = days_from_civil(out.year, out.month, out.day) * kDay;
  if (pos == s.size()) {
    out.precision = DatePrecision::kDay;
    out.start = day_start;
    out.end = day_start + kDay;
    return out;
  }
  int hh = 0, mm = 0, ss = 0;
  if (!expect(s, pos, 'T') || !digits(s, pos, 2, hh) || !expect(s, pos, ':') ||
      !digits(s, pos, 2, mm) || hh > 23 || mm > 59) {
    return std::nullopt;
  }
  // Seconds are required by FHIR but tolerated when missing.
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!digits(s, pos, 2, ss) || ss > 60) return std::nullopt;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      const std::size_t frac_start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == frac_start) return std::nullopt;
    }
  }
  std::int64_t offset = 0;
  if (pos < s.size()) {
    if (s[pos] == 'Z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      const int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int oh = 0, om = 0;
      if (!digits(s, pos, 2, oh) || !expect(s, pos, ':') || !digits(s, pos, 2, om) || oh > 14 ||
          om > 59) {
        return std::nullopt;
      }
      offset = sign * (oh * 3600 + om * 60);
    } else {
      return std::nullopt;
    }
    out.has_zone = true;
  }
  if (pos != s.size()) return std::nullopt;
  out.precision = DatePrecision::kSecond;
  out.start = day_start + hh * 3600 + mm * 60 + ss - offset;
  out.end = out.start + 1;
  return out;
}

int age_in_years(const DateTime& birth, std::chrono::sys_seconds at) {
  const auto days = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day ymd{days};
  const int y = static_cast<int>(ymd.year());
  const int m = static_cast<int>(static_cast<unsigned>(ymd.month()));
  const int d = static_cast<int>(static_cast<unsigned>(ymd.day()));
  const int bm = birth.month == 0 ? 1 : birth.month;
  const int bd = birth.day == 0 ? 1 : birth.day;
  int age = y - birth.year;
  if (m < bm || (m == bm && d < bd)) --age;
  return age;
}

}  // namespace auc::fhir
