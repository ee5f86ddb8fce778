// How a resource's members are found and in which order they are judged: duplicates, choice
// elements given in several forms, member order in the JSON, and error paths deep inside arrays.
// These pin the reader's observable rules, whatever lookup strategy the readers use.
#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "fhir/parse.h"
#include "fhir/patient_record.h"
#include "tests/fhir/parsed_json.h"

using namespace auc::fhir;
using auc::fhir::testing::json;

namespace {

template <class R>
std::string error_path(const char* text) {
  const auto d = json(text);
  const auto r = parse_resource<R>(d, "/r");
  BOOST_REQUIRE_MESSAGE(!r, text);
  return r.error().path;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(member_lookup)

BOOST_AUTO_TEST_CASE(the_first_of_duplicate_members_wins) {
  const auto d = json(R"({"resourceType": "Condition", "id": "first", "id": "second",
    "code": {"text": "a", "text": "b", "coding": [{"code": "x", "code": 7}]}})");
  const auto c = parse_resource<Condition>(d, "");
  BOOST_REQUIRE(c);  // the later "code": 7 is never read, so it is no error
  BOOST_TEST(c->id == "first");
  BOOST_TEST(c->code.text == "a");
  BOOST_REQUIRE(c->code.coding.size() == 1u);
  BOOST_TEST(c->code.coding[0].code == "x");
}

BOOST_AUTO_TEST_CASE(a_null_first_duplicate_hides_the_later_one) {
  const auto d = json(R"({"resourceType": "Condition", "id": null, "id": "later",
    "onsetDateTime": null, "onsetDateTime": "2024-01-02"})");
  const auto c = parse_resource<Condition>(d, "");
  BOOST_REQUIRE(c);
  BOOST_TEST(c->id.empty());
  BOOST_TEST(!c->onset.has_value());

  const auto bad_later = json(R"({"resourceType": "Condition", "id": "a", "id": 5})");
  BOOST_TEST(parse_resource<Condition>(bad_later, "").has_value());
}

BOOST_AUTO_TEST_CASE(a_duplicate_resource_type_is_judged_by_its_first_occurrence) {
  const auto d = json(R"({"resourceType": "Procedure", "resourceType": "Condition"})");
  const auto c = parse_resource<Condition>(d, "/r");
  BOOST_REQUIRE(!c);
  BOOST_TEST(c.error().path == "/r/resourceType");
  BOOST_TEST(parse_resource<Procedure>(d, "").has_value());
}

BOOST_AUTO_TEST_CASE(date_time_beats_period_and_the_loser_is_not_read) {
  // Both forms: the dateTime is kept, and the malformed period is never looked at.
  const auto both = json(R"({"resourceType": "Condition",
    "onsetPeriod": {"start": 2024}, "onsetDateTime": "2024-03-04"})");
  const auto c = parse_resource<Condition>(both, "");
  BOOST_REQUIRE(c);
  BOOST_REQUIRE(c->onset);
  BOOST_TEST(c->onset->month == 3);
  BOOST_TEST(c->onset->day == 4);

  // A bad dateTime is an error even when a good period is there.
  BOOST_TEST(error_path<Condition>(R"({"resourceType": "Condition",
    "onsetPeriod": {"start": "2024"}, "onsetDateTime": "March"})") == "/r/onsetDateTime");

  // A null dateTime counts as absent: the period is used.
  const auto null_dt = json(R"({"resourceType": "Procedure", "performedDateTime": null,
    "performedPeriod": {"start": "2023-07"}})");
  const auto p = parse_resource<Procedure>(null_dt, "");
  BOOST_REQUIRE(p);
  BOOST_REQUIRE(p->performed);
  BOOST_TEST(p->performed->month == 7);
}

BOOST_AUTO_TEST_CASE(a_period_without_start_gives_its_end) {
  const auto d = json(R"({"resourceType": "DiagnosticReport",
    "effectivePeriod": {"end": "2022-11-30"}})");
  const auto r = parse_resource<DiagnosticReport>(d, "");
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(r->effective);
  BOOST_TEST(r->effective->year == 2022);
  BOOST_TEST(r->effective->day == 30);
}

BOOST_AUTO_TEST_CASE(observation_effective_forms_rank_date_time_instant_period) {
  const auto all = json(R"({"resourceType": "Observation",
    "effectivePeriod": {"start": "2020-01-01"}, "effectiveInstant": "2021-02-02T00:00:00Z",
    "effectiveDateTime": "2022-03-03"})");
  const auto o1 = parse_resource<Observation>(all, "");
  BOOST_REQUIRE(o1);
  BOOST_REQUIRE(o1->effective);
  BOOST_TEST(o1->effective->year == 2022);

  const auto no_date_time = json(R"({"resourceType": "Observation",
    "effectivePeriod": {"start": "2020-01-01"}, "effectiveInstant": "2021-02-02T00:00:00Z"})");
  const auto o2 = parse_resource<Observation>(no_date_time, "");
  BOOST_REQUIRE(o2);
  BOOST_REQUIRE(o2->effective);
  BOOST_TEST(o2->effective->year == 2021);

  // The instant is read before the period, so its error wins over the period's.
  BOOST_TEST(error_path<Observation>(R"({"resourceType": "Observation",
    "effectivePeriod": {"start": 1}, "effectiveInstant": 2})") == "/r/effectiveInstant");
}

BOOST_AUTO_TEST_CASE(errors_are_judged_in_reading_order_not_json_order) {
  // Condition reads clinicalStatus before code, whatever order the JSON gives them in.
  BOOST_TEST(error_path<Condition>(R"({"code": 5, "clinicalStatus": 7,
    "resourceType": "Condition"})") == "/r/clinicalStatus");
  // The resourceType check comes before every element, id included.
  BOOST_TEST(error_path<Condition>(R"({"id": 5, "resourceType": "Procedure"})") ==
             "/r/resourceType");
  BOOST_TEST(error_path<Condition>(R"({"id": 5, "resourceType": "Condition"})") == "/r/id");
  // Inside a Coding: system, then code, then display.
  BOOST_TEST(error_path<Device>(R"({"resourceType": "Device",
    "type": {"coding": [{"display": 1, "code": 2, "system": 3}]}})") == "/r/type/coding/0/system");
  BOOST_TEST(error_path<Device>(R"({"resourceType": "Device",
    "type": {"coding": [{"display": 1, "code": 2}]}})") == "/r/type/coding/0/code");
  // Quantity: value before unit.
  BOOST_TEST(error_path<Observation>(R"({"resourceType": "Observation",
    "valueQuantity": {"unit": 1, "value": "7"}})") == "/r/valueQuantity/value");
}

BOOST_AUTO_TEST_CASE(names_must_match_exactly) {
  // Near misses (prefix, extension, case, same length and first letter) are unknown members.
  const auto d = json(R"({"resourceType": "Condition", "cod": 1, "codes": 2, "Code": 3,
    "cade": 4, "": 5, "subjectReferenceExtensionWithAVeryLongName": 6,
    "code": {"coding": [{"code": "x", "codeX": 1, "cide": 2}]}})");
  const auto c = parse_resource<Condition>(d, "");
  BOOST_REQUIRE(c);
  BOOST_REQUIRE(c->code.coding.size() == 1u);
  BOOST_TEST(c->code.coding[0].code == "x");
}

BOOST_AUTO_TEST_CASE(nulls_are_skipped_in_datatype_arrays_but_not_in_series_or_issues) {
  const auto d = json(R"({"resourceType": "Condition",
    "category": [null, {"coding": [null, {"code": "problem-list-item"}]}]})");
  const auto c = parse_resource<Condition>(d, "");
  BOOST_REQUIRE(c);
  BOOST_REQUIRE(c->category.size() == 1u);
  BOOST_REQUIRE(c->category[0].coding.size() == 1u);
  BOOST_TEST(c->category[0].coding[0].code == "problem-list-item");

  BOOST_TEST(error_path<ImagingStudy>(R"({"resourceType": "ImagingStudy",
    "series": [{"modality": {"code": "CT"}}, null]})") == "/r/series/1");
  BOOST_TEST(error_path<OperationOutcome>(R"({"resourceType": "OperationOutcome",
    "issue": [null]})") == "/r/issue/0");
}

BOOST_AUTO_TEST_CASE(errors_deep_inside_arrays_name_every_step) {
  BOOST_TEST(error_path<OperationOutcome>(R"({"resourceType": "OperationOutcome", "issue": [
    {"severity": "error"},
    {"severity": "error", "details": {"coding": [{"code": "a"}, {"code": ["b"]}]}}]})") ==
             "/r/issue/1/details/coding/1/code");
  BOOST_TEST(error_path<ImagingStudy>(R"({"resourceType": "ImagingStudy",
    "series": [{}, {"bodySite": {"system": {}}}]})") == "/r/series/1/bodySite/system");
  BOOST_TEST(error_path<ServiceRequest>(R"({"resourceType": "ServiceRequest",
    "reasonReference": [{"reference": "Condition/1"}, {"display": 3}]})") ==
             "/r/reasonReference/1/display");
  BOOST_TEST(error_path<Bundle>(R"({"resourceType": "Bundle",
    "link": [{"relation": "self", "url": "a"}, {"relation": "next", "url": 9}]})") ==
             "/r/link/1/url");
  BOOST_TEST(error_path<Bundle>(R"({"resourceType": "Bundle",
    "entry": [{"resource": {"resourceType": "Condition"}}, {"fullUrl": 1}]})") ==
             "/r/entry/1/fullUrl");
  BOOST_TEST(error_path<Bundle>(R"({"resourceType": "Bundle", "total": -1})") == "/r/total");
}

BOOST_AUTO_TEST_CASE(a_bundle_error_after_good_entries_names_its_entry_and_keeps_the_message) {
  const auto d = json(R"({"resourceType": "Bundle", "entry": [
    {"resource": {"resourceType": "Observation", "status": "final"}},
    {"resource": {"resourceType": "Observation", "status": "final"}},
    {"resource": {"resourceType": "Observation", "valueQuantity": {"value": "high"}}}]})");
  PatientRecord rec;
  const auto r = add_to_record(rec, "labs", d, "/prefetch/labs");
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error().path == "/prefetch/labs/entry/2/resource/valueQuantity/value");
  BOOST_TEST(r.error().message == "expected a number");
  BOOST_TEST(rec.observations.size() == 2u);  // entries read before the error are kept
}

BOOST_AUTO_TEST_SUITE_END()
