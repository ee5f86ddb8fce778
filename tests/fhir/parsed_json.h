// Test input for the fhir suite: a JSON literal parsed into a document, failing the test when the
// literal itself is not JSON (so a typo in a fixture cannot pass as a parse-error case).
#pragma once

#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>

namespace auc::fhir::testing {

inline rapidjson::Document json(const char* text) {
  rapidjson::Document d;
  d.Parse(text);
  BOOST_REQUIRE(!d.HasParseError());
  return d;
}

}  // namespace auc::fhir::testing
