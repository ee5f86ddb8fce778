// FHIR date / dateTime / instant with partial precision ("2024", "2024-05", "2024-05-17",
// "2024-05-17T10:30:00+02:00"). A value is kept as the half-open UTC interval it denotes, so a
// partial date compares honestly: "2024-05" is [2024-05-01T00:00Z, 2024-06-01T00:00Z).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace auc::fhir {

enum class DatePrecision : std::uint8_t { kYear, kMonth, kDay, kSecond };

struct DateTime {
  std::int64_t start = 0;  // first second of the interval, seconds since 1970-01-01T00:00Z
  std::int64_t end = 0;    // one past the last second
  DatePrecision precision = DatePrecision::kYear;
  int year = 0;
  int month = 0;          // 1-12, 0 when absent
  int day = 0;            // 1-31, 0 when absent
  bool has_zone = false;  // a time was given with Z or an offset (dates carry no zone)

  std::chrono::sys_seconds earliest() const {
    return std::chrono::sys_seconds{std::chrono::seconds{start}};
  }
  // The last second the value can denote (end - 1).
  std::chrono::sys_seconds latest() const {
    return std::chrono::sys_seconds{std::chrono::seconds{end - 1}};
  }
};

// Parses the FHIR date, dateTime and instant forms. A time without a zone is read as UTC (FHIR
// requires a zone with a time; EHRs occasionally omit it and the loss is at most a day).
// Returns nullopt when the text is not one of those forms or names an impossible date.
std::optional<DateTime> parse_datetime(std::string_view text);

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
std::int64_t days_from_civil(int year, int month, int day);

// Whole years between a birth date and a moment; uses the earliest birth instant, so a partial
// birth date ("1950") gives the oldest possible age.
int age_in_years(const DateTime& birth, std::chrono::sys_seconds at);

}  // namespace auc::fhir
