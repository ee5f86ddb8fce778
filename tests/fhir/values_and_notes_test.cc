// Observation value[x] forms, Annotation notes and every Condition abatement[x] form.
#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "fhir/parse.h"
#include "tests/fhir/parsed_json.h"

using namespace auc::fhir;
using auc::fhir::testing::json;

BOOST_AUTO_TEST_SUITE(values_and_notes)

BOOST_AUTO_TEST_CASE(observation_reads_integer_string_and_notes) {
  const auto d = json(R"({
    "resourceType": "Observation", "id": "pain-1", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]},
    "effectiveDateTime": "2024-05-28T09:10:00-05:00", "valueInteger": 7,
    "note": [{"authorString": "RN", "text": "Patient rates pain 7/10 on standing"}, {"time": "2024-05-28"},
             null]
  })");
  const auto o = parse_resource<Observation>(d, "/o");
  BOOST_REQUIRE(o);
  BOOST_REQUIRE(o->value_integer);
  BOOST_TEST(*o->value_integer == 7);
  BOOST_TEST(o->value_string.empty());
  // An annotation without text adds nothing.
  BOOST_REQUIRE(o->note.size() == 1u);
  BOOST_TEST(o->note[0] == "Patient rates pain 7/10 on standing");

  const auto s = json(R"({"resourceType": "Observation", "id": "pain-2", "status": "final",
                          "code": {"text": "Pain score"}, "valueString": "8/10"})");
  const auto o2 = parse_resource<Observation>(s, "/o");
  BOOST_REQUIRE(o2);
  BOOST_TEST(o2->value_string == "8/10");
  BOOST_TEST(!o2->value_integer);
}

BOOST_AUTO_TEST_CASE(wrong_value_types_are_named) {
  const auto d = json(R"({"resourceType": "Observation", "id": "x", "valueInteger": 7.5})");
  const auto o = parse_resource<Observation>(d, "/o");
  BOOST_REQUIRE(!o);
  BOOST_TEST(o.error().path == "/o/valueInteger");
  const auto n = json(R"({"resourceType": "Condition", "id": "x", "note": [{"text": 3}]})");
  const auto c = parse_resource<Condition>(n, "/c");
  BOOST_REQUIRE(!c);
  BOOST_TEST(c.error().path == "/c/note/0/text");
  const auto b = json(R"({"resourceType": "Condition", "id": "x", "abatementBoolean": "yes"})");
  BOOST_TEST(!parse_resource<Condition>(b, "/c"));
}

BOOST_AUTO_TEST_CASE(every_abatement_form_says_the_condition_abated) {
  const char* forms[] = {
      R"("abatementDateTime": "2024-03-01")",
      R"("abatementPeriod": {"start": "2024-02-01", "end": "2024-03-01"})",
      R"("abatementAge": {"value": 71, "unit": "a", "system": "http://unitsofmeasure.org"})",
      R"("abatementRange": {"low": {"value": 70, "unit": "a"}})",
      R"("abatementString": "spring 2023")",
      R"("abatementBoolean": true)",
  };
  for (const char* form : forms) {
    BOOST_TEST_CONTEXT(form) {
      const std::string text =
          std::string(
              R"({"resourceType": "Condition", "id": "c", "note": [{"text": "healed"}], )") +
          form + "}";
      rapidjson::Document d;
      d.Parse(text.c_str());
      BOOST_REQUIRE(!d.HasParseError());
      const auto c = parse_resource<Condition>(d, "/c");
      BOOST_REQUIRE(c);
      BOOST_TEST(c->abated);
      BOOST_REQUIRE(c->note.size() == 1u);
    }
  }
  const auto not_abated =
      json(R"({"resourceType": "Condition", "id": "c", "abatementBoolean": false})");
  const auto c = parse_resource<Condition>(not_abated, "/c");
  BOOST_REQUIRE(c);
  BOOST_TEST(!c->abated);
  const auto none = json(R"({"resourceType": "Condition", "id": "c"})");
  BOOST_TEST(!parse_resource<Condition>(none, "/c")->abated);
}

BOOST_AUTO_TEST_SUITE_END()
