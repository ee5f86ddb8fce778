// The checked parse every outside JSON goes through: depth, Unicode and unique member names,
// each refused with the JSON Pointer of the element.
#include "fhir/checked_json.h"

#include <boost/test/unit_test.hpp>

using auc::fhir::check_json;
using auc::fhir::kMaxJsonDepth;

namespace {

std::string problem_path(const std::string& text) {
  const auto p = check_json(text);
  return p ? p->path : "(accepted)";
}

// The same check parsing in place, as request bodies are.
std::string insitu_problem_path(std::string text) {
  rapidjson::Document doc;
  const auto p = auc::fhir::parse_checked_insitu(doc, text.data());
  return p ? p->path : "(accepted)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(checked_json)

BOOST_AUTO_TEST_CASE(nesting_is_bounded_at_the_limit) {
  const auto nested = [](std::size_t n) { return std::string(n, '[') + std::string(n, ']'); };
  BOOST_TEST(!check_json(nested(kMaxJsonDepth)).has_value());
  const auto deeper = check_json(nested(kMaxJsonDepth + 1));
  BOOST_TEST_REQUIRE(deeper.has_value());
  BOOST_TEST(deeper->message.find("deeper than 64") != std::string::npos);
  // Far beyond any stack: refused at the limit, never recursed into.
  BOOST_TEST(check_json(nested(1'000'000)).has_value());
  // The pointer names where the limit was crossed: 4 levels above the arrays, 60 arrays deep.
  std::string expected = "/a/b/1/c";
  for (std::size_t i = 4; i < kMaxJsonDepth; ++i) expected += "/0";
  BOOST_TEST(problem_path(R"({"a":{"b":[1,{"c":)" + nested(kMaxJsonDepth) + "}]}}") == expected);
}

BOOST_AUTO_TEST_CASE(text_must_be_unicode) {
  BOOST_TEST(problem_path("{\"a\":[\"ok\",\"\xff\"]}") == "/a/1");
  BOOST_TEST(problem_path("{\"a\":{\"b\":\"\xc0\xaf\"}}") == "/a/b");
  BOOST_TEST(problem_path(R"({"a":"x\udc00"})") == "/a");
  BOOST_TEST(problem_path(R"({"a":"\ud800x"})") == "/a");
  BOOST_TEST(problem_path(R"({"a":{"k\udfff":1}})") == "/a");
  BOOST_TEST(!check_json(R"({"a":"\ud83d\ude00 \u00e9 \uffff"})").has_value());
  BOOST_TEST(!check_json("{\"a\":\"\xf0\x9f\x98\x80\"}").has_value());
}

// Found by fuzzing (feedback): a member name with invalid bytes was put into the path, so the 400
// reporting it carried the very bytes it refused. The path names the object holding the member.
BOOST_AUTO_TEST_CASE(a_member_name_that_is_not_unicode_is_never_echoed) {
  using auc::fhir::detail::is_utf8;
  for (const std::string& text : {std::string("{\"feedback\":[{\"card\":{\"3f1c\xd5\":1}}]}"),
                                  std::string(R"({"feedback":[{"card":{"3f1c\udc00":1}}]})"),
                                  std::string("{\"a\":1,\"\xc0\xaf\":2}")}) {
    const auto p = check_json(text);
    BOOST_TEST_REQUIRE(p.has_value(), text);
    BOOST_TEST(is_utf8(p->path.data(), p->path.size()), p->path);
    BOOST_TEST(is_utf8(p->message.data(), p->message.size()), p->message);
    BOOST_TEST(p->message.find("UTF-8") != std::string::npos, p->message);
  }
  BOOST_TEST(problem_path("{\"feedback\":[{\"card\":{\"3f1c\xd5\":1}}]}") == "/feedback/0/card");
  BOOST_TEST(problem_path("{\"a\":1,\"\xc0\xaf\":2}") == "");
}

BOOST_AUTO_TEST_CASE(member_names_are_unique_per_object) {
  BOOST_TEST(problem_path(R"({"a":1,"b":2,"a":3})") == "/a");
  BOOST_TEST(problem_path(R"({"x":[{},{"y":{"c/d":1,"c/d":2}}]})") == "/x/1/y/c~1d");
  BOOST_TEST(!check_json(R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]})").has_value());
  std::string wide = "{";
  for (int i = 0; i < 5000; ++i) wide += "\"k" + std::to_string(i) + "\":0,";
  BOOST_TEST(!check_json(wide + "\"end\":0}").has_value());
  BOOST_TEST(problem_path(wide + "\"k4321\":0}") == "/k4321");
}

BOOST_AUTO_TEST_CASE(in_place_parsing_applies_the_same_rules) {
  BOOST_TEST(insitu_problem_path("{\"a\":[\"ok\",\"\xff\"]}") == "/a/1");
  BOOST_TEST(insitu_problem_path(R"({"a":"x\udc00"})") == "/a");
  BOOST_TEST(insitu_problem_path(R"({"x":[{},{"y":{"c/d":1,"c/d":2}}]})") == "/x/1/y/c~1d");
  BOOST_TEST(insitu_problem_path(R"({"a":{"b":1},"c":{"b":2}})") == "(accepted)");
  BOOST_TEST(insitu_problem_path("{\"a\":\"caf\xc3\xa9 \\u00e9\"}") == "(accepted)");
}

BOOST_AUTO_TEST_CASE(a_repeat_is_found_past_the_pairwise_comparison) {
  // The first name is among the first few members (compared pairwise), the repeat far after.
  std::string object = "{";
  for (int i = 0; i < 40; ++i) object += "\"member" + std::to_string(i) + "\":0,";
  BOOST_TEST(problem_path(object + "\"member3\":1}") == "/member3");
  BOOST_TEST(insitu_problem_path(object + "\"member3\":1}") == "/member3");
  // Names sharing their first 8 bytes differ after them.
  BOOST_TEST(problem_path(R"({"valueQuantity":1,"valueQuantitx":2})") == "(accepted)");
  BOOST_TEST(problem_path(R"({"valueQuantity":1,"valueQuantity":2})") == "/valueQuantity");
}

BOOST_AUTO_TEST_CASE(only_bodies_that_may_be_refused_need_a_check_per_string) {
  using auc::fhir::detail::strings_need_checking;
  const auto needs = [](std::string_view t) { return strings_need_checking(t.data(), t.size()); };
  BOOST_TEST(!needs(R"({"resourceType":"Condition","text":"line\nbreak \"quoted\""})"));
  BOOST_TEST(!needs("{\"a\":\"caf\xc3\xa9 \xf0\x9f\x98\x80 in a long enough string\"}"));
  BOOST_TEST(!needs(R"({"a":"\u00e9 \uffff"})"));
  BOOST_TEST(!needs(R"({"a":"\\ud800"})"));  // an escaped backslash, then text
  BOOST_TEST(needs(R"({"a":"\ud83d\ude00"})"));
  BOOST_TEST(needs(R"({"a":"\uDC00"})"));
  BOOST_TEST(needs("{\"a\":\"\xff\"}"));
  BOOST_TEST(needs("{\"a\":\"\xed\xa0\x80\"}"));          // an encoded surrogate
  BOOST_TEST(needs("{\"a\":\"0123456789abcdef\xc3\"}"));  // cut short
  BOOST_TEST(!needs("\\"));                               // a lone backslash at the end
}

BOOST_AUTO_TEST_CASE(syntax_errors_keep_their_byte_offset) {
  const auto p = check_json(R"({"a":1 "b":2})");
  BOOST_TEST_REQUIRE(p.has_value());
  BOOST_TEST(p->message.find("malformed JSON at byte 7") != std::string::npos, p->message);
}

BOOST_AUTO_TEST_SUITE_END()
