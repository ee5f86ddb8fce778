#include "fhir/datetime.h"

#include <boost/test/unit_test.hpp>

using auc::fhir::DatePrecision;
using auc::fhir::parse_datetime;

BOOST_AUTO_TEST_SUITE(datetime)

BOOST_AUTO_TEST_CASE(partial_dates_denote_intervals) {
  const auto year = parse_datetime("2024");
  BOOST_REQUIRE(year);
  BOOST_TEST(static_cast<int>(year->precision) == static_cast<int>(DatePrecision::kYear));
  BOOST_TEST(year->start == 1704067200);  // 2024-01-01T00:00Z
  BOOST_TEST(year->end == 1735689600);    // 2025-01-01T00:00Z

  const auto month = parse_datetime("2024-02");
  BOOST_REQUIRE(month);
  BOOST_TEST(month->end - month->start == 29 * 86400);  // leap February

  const auto day = parse_datetime("2024-05-17");
  BOOST_REQUIRE(day);
  BOOST_TEST(day->start == 1715904000);
  BOOST_TEST(day->end - day->start == 86400);
}

BOOST_AUTO_TEST_CASE(time_zones_are_normalised_to_utc) {
  const auto plus = parse_datetime("2024-05-17T10:30:00+02:00");
  const auto zulu = parse_datetime("2024-05-17T08:30:00Z");
  const auto minus = parse_datetime("2024-05-17T03:30:00.123-05:00");
  BOOST_REQUIRE(plus && zulu && minus);
  BOOST_TEST(plus->start == zulu->start);
  BOOST_TEST(minus->start == zulu->start);
  BOOST_TEST(plus->has_zone);
}

BOOST_AUTO_TEST_CASE(invalid_forms_are_rejected) {
  for (const char* bad : {"", "24", "2024-13", "2024-02-30", "2023-02-29", "2024-05-17T25:00:00Z",
                          "2024-05-17T10:00:00+0200", "2024/05/17", "2024-05-17 10:00", "20240517",
                          "2024-05-17T10:00:00Zjunk"}) {
    BOOST_TEST(!parse_datetime(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(age_counts_whole_years) {
  const auto birth = parse_datetime("2008-06-15");
  BOOST_REQUIRE(birth);
  const auto before = parse_datetime("2026-06-14T12:00:00Z");
  const auto on = parse_datetime("2026-06-15T00:00:00Z");
  BOOST_TEST(auc::fhir::age_in_years(*birth, before->earliest()) == 17);
  BOOST_TEST(auc::fhir::age_in_years(*birth, on->earliest()) == 18);
  const auto year_only = parse_datetime("2008");  // oldest possible: born 2008-01-01
  BOOST_TEST(auc::fhir::age_in_years(*year_only, before->earliest()) == 18);
}

BOOST_AUTO_TEST_SUITE_END()
