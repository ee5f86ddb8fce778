// The free-text elements the engine reads: report presentedForm and conclusion, observation
// valueString, valueInteger and note, condition note (Annotation.text only).
#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>

#include "fhir/parse.h"
#include "tests/fhir/parsed_json.h"

using namespace auc::fhir;
using auc::fhir::testing::json;

BOOST_AUTO_TEST_SUITE(text_elements)

BOOST_AUTO_TEST_CASE(report_presented_form_keeps_type_and_base64_data) {
  const auto d = json(R"({
    "resourceType": "DiagnosticReport", "id": "r1", "status": "final",
    "conclusion": "Acute L1 compression fracture.",
    "presentedForm": [{"contentType": "text/plain", "data": "TDE=", "title": "Report"},
                      {"contentType": "application/pdf", "url": "Binary/b1"}]
  })");
  const auto r = parse_resource<DiagnosticReport>(d, "/r");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->conclusion == "Acute L1 compression fracture.");
  BOOST_REQUIRE(r->presented_form.size() == 2u);
  BOOST_TEST(r->presented_form[0].content_type == "text/plain");
  BOOST_TEST(r->presented_form[0].data == "TDE=");
  BOOST_TEST(r->presented_form[1].url == "Binary/b1");
  BOOST_TEST(r->presented_form[1].data.empty());
}

BOOST_AUTO_TEST_CASE(observation_value_string_integer_and_notes) {
  const auto d = json(R"({
    "resourceType": "Observation", "id": "o1", "status": "final",
    "valueString": "8/10", "valueInteger": 8,
    "note": [{"text": "Worse at night."}, {"authorString": "RN"}, {"text": "Progressive kyphosis."}]
  })");
  const auto o = parse_resource<Observation>(d, "/o");
  BOOST_REQUIRE(o);
  BOOST_TEST(o->value_string == "8/10");
  BOOST_REQUIRE(o->value_integer.has_value());
  BOOST_TEST(*o->value_integer == 8);
  BOOST_REQUIRE(o->note.size() == 2u);  // an annotation without text adds nothing
  BOOST_TEST(o->note[1] == "Progressive kyphosis.");
}

BOOST_AUTO_TEST_CASE(condition_note_texts) {
  const auto d = json(R"({"resourceType": "Condition", "id": "c1",
                         "note": [{"text": "History of breast cancer."}]})");
  const auto c = parse_resource<Condition>(d, "/c");
  BOOST_REQUIRE(c);
  BOOST_REQUIRE(c->note.size() == 1u);
  BOOST_TEST(c->note[0] == "History of breast cancer.");
}

BOOST_AUTO_TEST_CASE(mistyped_text_elements_name_their_path) {
  struct Case {
    const char* text;
    const char* path;
  };
  const Case cases[] = {
      {R"({"resourceType": "Observation", "id": "o", "valueInteger": "8"})", "/x/valueInteger"},
      {R"({"resourceType": "Observation", "id": "o", "valueInteger": 8.5})", "/x/valueInteger"},
      {R"({"resourceType": "Observation", "id": "o", "note": [{"text": 3}]})", "/x/note/0/text"},
      {R"({"resourceType": "Condition", "id": "c", "note": {"text": "x"}})", "/x/note"},
      {R"({"resourceType": "DiagnosticReport", "id": "r", "presentedForm": [{"data": 1}]})",
       "/x/presentedForm/0/data"},
  };
  for (const Case& c : cases) {
    const auto d = json(c.text);
    const std::string_view type = resource_type_of(d);
    std::string path;
    if (type == "Observation") {
      const auto r = parse_resource<Observation>(d, "/x");
      BOOST_REQUIRE(!r);
      path = r.error().path;
    } else if (type == "Condition") {
      const auto r = parse_resource<Condition>(d, "/x");
      BOOST_REQUIRE(!r);
      path = r.error().path;
    } else {
      const auto r = parse_resource<DiagnosticReport>(d, "/x");
      BOOST_REQUIRE(!r);
      path = r.error().path;
    }
    BOOST_TEST(path == c.path, c.text);
  }
}

BOOST_AUTO_TEST_SUITE_END()
