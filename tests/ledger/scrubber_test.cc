// The identifier scrubber skips documents that cannot hold an id and edits only the strings that
// change; what it stores must not change because of that: ids replaced in string values only,
// every other byte kept, invalid JSON scrubbed as text.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cards/ledger/identifier_scrubber.h"

namespace auc::cards::ledger::testing {
namespace {

constexpr char kPatient[] = "pat-7f3e9c2a-raw";

IdentifierScrubber patient_and_user() {
  return IdentifierScrubber({{kPatient, "pseudonym:P"},
                             {"Practitioner/doc-55", "pseudonym:U"},
                             {"doc-55", "pseudonym:U"},
                             {"12", "pseudonym:S"}});
}

// How the scrubber behaved at first: parse into a DOM, edit every string value in place,
// serialise if anything changed. The scrubber must store the same values, and the same bytes for
// a document that was already compact.
class DomScrubber {
 public:
  explicit DomScrubber(std::vector<IdentifierReplacement> replacements)
      : replacements_(std::move(replacements)) {
    std::sort(replacements_.begin(), replacements_.end(),
              [](const auto& a, const auto& b) { return a.raw.size() > b.raw.size(); });
  }

  std::string scrub_text(std::string_view text) const {
    std::string s(text);
    scrub_string(s);
    return s;
  }

  std::string scrub_json(std::string_view json) const {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError()) return scrub_text(json);
    if (!scrub_value(doc, doc.GetAllocator())) return std::string(json);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
  }

 private:
  bool scrub_string(std::string& s) const {
    bool changed = false;
    for (const auto& r : replacements_) {
      if (r.raw.empty()) continue;
      if (r.raw.size() >= IdentifierScrubber::kMinSubstringLength) {
        for (std::size_t pos = s.find(r.raw); pos != std::string::npos;
             pos = s.find(r.raw, pos + r.replacement.size())) {
          s.replace(pos, r.raw.size(), r.replacement);
          changed = true;
        }
      } else if (s == r.raw) {
        s = r.replacement;
        changed = true;
      } else if (s.size() > r.raw.size() && s.ends_with(r.raw) &&
                 s[s.size() - r.raw.size() - 1] == '/') {
        s.replace(s.size() - r.raw.size(), r.raw.size(), r.replacement);
        changed = true;
      }
    }
    return changed;
  }

  bool scrub_value(rapidjson::Value& v, rapidjson::Document::AllocatorType& a) const {
    bool changed = false;
    if (v.IsString()) {
      std::string s(v.GetString(), v.GetStringLength());
      if (scrub_string(s)) {
        v.SetString(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
        changed = true;
      }
    } else if (v.IsArray()) {
      for (auto& e : v.GetArray()) changed |= scrub_value(e, a);
    } else if (v.IsObject()) {
      for (auto& m : v.GetObject()) changed |= scrub_value(m.value, a);
    }
    return changed;
  }

  std::vector<IdentifierReplacement> replacements_;
};

// Random documents built from the pieces that make scrubbing hard: ids whole, split, escaped
// (\/ and \uXXXX), short ids as whole values and reference tails, ids as keys, whitespace,
// non-compact numbers, and now and then truncated or plain-text input, a byte order mark or a
// NUL byte.
class DocumentGenerator {
 public:
  explicit DocumentGenerator(unsigned seed) : rng_(seed) {}

  std::string next() {
    std::string out;
    const int shape = pick(20);
    if (shape == 0) return string_body();  // not JSON: scrubbed as text
    value(out, 0);
    if (shape == 1 && !out.empty()) out.resize(pick(static_cast<int>(out.size())));
    if (shape == 2) out += " x";
    if (shape == 3) out.insert(0, "\xEF\xBB\xBF");  // byte order mark: skipped by the parser
    if (shape == 4) out.insert(0, "\xBB");
    if (shape == 5) out += std::string("\0 x", 3);  // the parser stops at a NUL
    return out;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  void space(std::string& out) {
    if (pick(4) == 0) out += pick(2) == 0 ? " " : "\n  ";
  }

  std::string string_body() {
    static const std::vector<std::string> pieces = {kPatient,
                                                    "pat-7f3e",
                                                    "9c2a-raw",
                                                    "Patient/",
                                                    "/",
                                                    "\\/",
                                                    "12",
                                                    "8812",
                                                    "doc-55",
                                                    "Practitioner/",
                                                    "\\u0031",
                                                    "\\u002F",
                                                    "x",
                                                    " ",
                                                    "\\\"",
                                                    "\\\\",
                                                    "\\n",
                                                    "\xc3\xa9",
                                                    "pat-7f3e9c2a-r\\u0061w",
                                                    "1\\u0032",
                                                    "Practitioner\\/doc-55"};
    std::string s;
    for (int n = pick(4); n >= 0; --n) s += pieces[pick(static_cast<int>(pieces.size()))];
    return s;
  }

  void value(std::string& out, int depth) {
    space(out);
    const int kind = depth == 0 ? pick(2) : depth >= 3 ? 2 + pick(4) : pick(6);
    if (kind == 0) {
      out += '{';
      for (int n = pick(4), i = 0; i < n; ++i) {
        if (i > 0) out += ',';
        space(out);
        out += '"' + string_body() + '"';
        space(out);
        out += ':';
        value(out, depth + 1);
      }
      out += '}';
    } else if (kind == 1) {
      out += '[';
      for (int n = pick(4), i = 0; i < n; ++i) {
        if (i > 0) out += ',';
        value(out, depth + 1);
      }
      out += ']';
    } else if (kind == 2) {
      static const std::vector<std::string> numbers = {"12", "-0", "1.0", "2e1", "1E+2", "-7.25"};
      out += numbers[pick(static_cast<int>(numbers.size()))];
    } else if (kind == 3) {
      out += pick(2) == 0 ? "null" : "true";
    } else {
      out += '"' + string_body() + '"';
    }
    space(out);
  }

  std::mt19937 rng_;
};

// Member by member in order, not rapidjson's operator== (which looks names up, so a repeated
// name compares against its first occurrence); numbers by value, so 2e1 equals 20.0.
bool same_value(const rapidjson::Value& a, const rapidjson::Value& b) {
  if (a.IsNumber() && b.IsNumber()) return a.GetDouble() == b.GetDouble();
  if (a.GetType() != b.GetType()) return false;
  if (a.IsString()) return a == b;
  if (a.IsArray()) {
    if (a.Size() != b.Size()) return false;
    for (rapidjson::SizeType i = 0; i < a.Size(); ++i) {
      if (!same_value(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.IsObject()) {
    if (a.MemberCount() != b.MemberCount()) return false;
    for (auto i = a.MemberBegin(), j = b.MemberBegin(); i != a.MemberEnd(); ++i, ++j) {
      if (i->name != j->name || !same_value(i->value, j->value)) return false;
    }
    return true;
  }
  return a == b;  // null, true, false
}

// Equal JSON values when both texts parse (as the ledger's readers would read them), else equal
// bytes.
bool same_json(const std::string& a, const std::string& b) {
  rapidjson::Document da;
  rapidjson::Document db;
  da.Parse(a.data(), a.size());
  db.Parse(b.data(), b.size());
  if (da.HasParseError() || db.HasParseError()) return a == b;
  return same_value(da, db);
}

std::optional<std::string> compact(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) return std::nullopt;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

BOOST_AUTO_TEST_CASE(scrubber_matches_the_dom_rewrite_on_random_documents) {
  const std::vector<std::vector<IdentifierReplacement>> configurations = {
      {{kPatient, "pseudonym:P"},
       {"Practitioner/doc-55", "pseudonym:U"},
       {"doc-55", "pseudonym:U"},
       {"12", "pseudonym:S"}},
      {{"12", "id/12"}, {"8812", "x/12"}},  // replacements that create new matches
      {{"a\"b", "Q"}, {"e\\f", "R"}, {"\xc3\xa9", "E"}},
      {{"", "never"}, {"/", "slash"}},
      // Only long ids: found in plain string values, they are rewritten without parsing.
      {{kPatient, "pseudonym:P"}, {"Practitioner/doc-55", "pseudonym:U"}, {"doc-55", "pseudo:U"}},
  };
  DocumentGenerator generator(20240611);
  int changed = 0;
  int skipped = 0;
  int compact_changed = 0;
  for (const auto& replacements : configurations) {
    const IdentifierScrubber scrubber(replacements);
    const DomScrubber reference(replacements);
    for (int i = 0; i < 3000; ++i) {
      const std::string doc = generator.next();
      const std::string expected = reference.scrub_json(doc);
      const std::string got = scrubber.scrub_json(doc);
      BOOST_TEST_REQUIRE(same_json(got, expected), "document: " << doc << "\ngot: " << got);
      std::string in_place = doc;
      scrubber.scrub_json_in_place(in_place);
      BOOST_TEST_REQUIRE(in_place == got, "document: " << doc);
      BOOST_TEST_REQUIRE(scrubber.scrub_text(doc) == reference.scrub_text(doc));
      changed += expected != doc;
      skipped += !scrubber.may_contain_ids(doc);
      // What the ledger is given is compact writer output: there the bytes match too.
      if (const auto c = compact(doc)) {
        const std::string compact_expected = reference.scrub_json(*c);
        BOOST_TEST_REQUIRE(scrubber.scrub_json(*c) == compact_expected, "document: " << *c);
        compact_changed += compact_expected != *c;
      }
    }
  }
  BOOST_TEST_MESSAGE("changed " << changed << " skipped " << skipped << " compact changed "
                                << compact_changed);
  // The generator exercises both paths, not just one.
  BOOST_TEST(changed > 1000);
  BOOST_TEST(skipped > 1000);
  BOOST_TEST(compact_changed > 1000);
}

// Ids are looked for by their rarest byte; a text full of that byte (here the 'w' of "raw")
// gives many near misses before the id, and then every occurrence must still be found.
BOOST_AUTO_TEST_CASE(ids_are_found_after_many_near_misses) {
  const auto scrubber = patient_and_user();
  std::string near_misses;
  for (int i = 0; i < 300; ++i) near_misses += i % 3 == 0 ? "raw w " : "pat-7f3e9c2a-ra ";
  const std::string doc = R"({"a":")" + near_misses + kPatient + R"( seen","b":")" + near_misses +
                          "Patient/" + kPatient + R"("})";
  std::string got = doc;
  scrubber.scrub_json_in_place(got);
  std::string expected = doc;
  for (std::size_t at = expected.find(kPatient); at != std::string::npos;
       at = expected.find(kPatient, at)) {
    expected.replace(at, std::strlen(kPatient), "pseudonym:P");
  }
  BOOST_TEST(got == expected);
  BOOST_TEST(scrubber.scrub_text(doc) == expected);
}

BOOST_AUTO_TEST_CASE(documents_without_ids_are_returned_byte_for_byte_without_parsing) {
  const auto scrubber = patient_and_user();
  // Reformattable (whitespace, 1.0, 2e1) and even invalid: neither is touched.
  const std::string formatted = "{ \"a\" : [1.0, 2e1, \"\\n\"],\n \"b\": \"Patient/8812\" }";
  const std::string invalid = "{ \"a\": [1, 2";
  for (const std::string& doc : {formatted, invalid}) {
    BOOST_TEST(!scrubber.may_contain_ids(doc));
    BOOST_TEST(scrubber.scrub_json(doc) == doc);
    std::string in_place = doc;
    const char* buffer = in_place.data();
    scrubber.scrub_json_in_place(in_place);
    BOOST_TEST(in_place == doc);
    BOOST_TEST(static_cast<const void*>(in_place.data()) == static_cast<const void*>(buffer));
  }
  BOOST_TEST(!IdentifierScrubber(std::vector<IdentifierReplacement>{{"", "x"}})
                  .may_contain_ids(R"(["", "x"])"));
}

BOOST_AUTO_TEST_CASE(unchanged_documents_that_had_to_be_parsed_are_still_kept_verbatim) {
  const auto scrubber = patient_and_user();
  // The id is in a key and a number, never in a string value: parsed, nothing replaced.
  const std::string doc =
      std::string("{ \"") + kPatient + "\" : 1.0,\n  \"12\": 12, \"x\": \"a/12b\\u00e9\" }";
  BOOST_TEST(scrubber.may_contain_ids(doc));
  BOOST_TEST(scrubber.scrub_json(doc) == doc);
  std::string in_place = doc;
  scrubber.scrub_json_in_place(in_place);
  BOOST_TEST(in_place == doc);
}

BOOST_AUTO_TEST_CASE(changed_documents_keep_their_formatting_and_keys) {
  const auto scrubber = patient_and_user();
  const std::string doc =
      std::string("{ \"") + kPatient + "\" : \"" + kPatient +
      "\",\n  \"n\": 1.0, \"12\": [ \"12\" ], \"e\": \"\\u00e9 Patient\\/12\" }";
  const std::string expected = std::string("{ \"") + kPatient +
                               "\" : \"pseudonym:P\",\n  \"n\": 1.0, \"12\": [ \"pseudonym:S\" ], "
                               "\"e\": \"\xc3\xa9 Patient/pseudonym:S\" }";
  BOOST_TEST(scrubber.scrub_json(doc) == expected);
  std::string in_place = doc;
  scrubber.scrub_json_in_place(in_place);
  BOOST_TEST(in_place == expected);
}

BOOST_AUTO_TEST_CASE(long_ids_in_the_services_own_output_are_replaced_where_they_are) {
  // Long ids only, as a real patient id and user reference are: the strings holding them are
  // rewritten in place when they are plain values, and by parsing when one is a key or escaped.
  const IdentifierScrubber scrubber({{kPatient, "pseudonym:P"},
                                     {"Practitioner/doc-55", "pseudonym:U"},
                                     {"doc-55", "pseudonym:U"}});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {std::string(R"({"subject":{"reference":"Patient/)") + kPatient +
           R"("},"performer":[{"reference":"Practitioner/doc-55"}],"n":"doc-55 saw )" + kPatient +
           R"( \ at "home""})",
       R"({"subject":{"reference":"Patient/pseudonym:P"},"performer":[{"reference":"pseudonym:U"}],)"
       R"("n":"pseudonym:U saw pseudonym:P \ at "home""})"},
      {std::string(R"({"a":"x"y","b":"q )") + kPatient + R"( r"})",
       R"({"a":"x"y","b":"q pseudonym:P r"})"},
      {std::string(R"({")") + kPatient + R"(":")" + kPatient + R"("})",
       std::string(R"({")") + kPatient + R"(":"pseudonym:P"})"},
      {std::string(R"(["a","b\",")") + kPatient + R"("])", R"(["a","b\","pseudonym:P"])"},
  };
  for (const auto& [doc, expected] : cases) {
    std::string in_place = doc;
    scrubber.scrub_json_in_place(in_place);
    BOOST_TEST(in_place == expected);
  }
}

BOOST_AUTO_TEST_CASE(in_place_rewrites_respect_escapes_and_text_outside_strings) {
  const IdentifierScrubber scrubber({{"nurse-77", "pseudonym:U"}, {kPatient, "pseudonym:P"}});
  // "\nurse-77" is a newline and "urse-77": the id's letters are in the text, the id is not.
  std::string escaped = R"({"note":"seen by\nurse-77","who":"nurse-77"})";
  scrubber.scrub_json_in_place(escaped);
  BOOST_TEST(escaped == R"({"note":"seen by\nurse-77","who":"pseudonym:U"})");
  // Not JSON, ids outside any string: still replaced, as text.
  for (const std::string& prefix : {std::string(), std::string(R"({"a":"x\"y"} )")}) {
    std::string outside = prefix + kPatient + R"( "b")";
    scrubber.scrub_json_in_place(outside);
    BOOST_TEST(outside == prefix + R"(pseudonym:P "b")");
  }
}

BOOST_AUTO_TEST_CASE(ids_spelled_with_escapes_are_found_by_parsing) {
  const auto scrubber = patient_and_user();
  // "\u0031\u0032" is "12", "\/" a slash, "r\u0061w" is "raw": none is in the text verbatim.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"(["\u0031\u0032"])", R"(["pseudonym:S"])"},
      {R"(["Patient\/12"])", R"(["Patient/pseudonym:S"])"},
      {R"(["Practitioner\/doc-55"])", R"(["pseudonym:U"])"},
      {R"(["pat-7f3e9c2a-r\u0061w!"])", R"(["pseudonym:P!"])"},
  };
  for (const auto& [doc, expected] : cases) {
    BOOST_TEST(scrubber.may_contain_ids(doc), doc);
    BOOST_TEST(scrubber.scrub_json(doc) == expected, doc);
  }
}

BOOST_AUTO_TEST_CASE(ids_that_json_must_escape_are_still_scrubbed) {
  const IdentifierScrubber scrubber({{"ab\"cd", "Q"}, {"c:\\dir", "R"}, {"x\ty", "T"}});
  // Written escaped, these ids never occur verbatim in the text; parsing still finds them.
  const std::string doc = R"({"q":"<ab\"cd>","r":"c:\\dir\\f","t":"x\ty","k":"plain"})";
  BOOST_TEST(scrubber.may_contain_ids(doc));
  BOOST_TEST(scrubber.scrub_json(doc) == R"({"q":"<Q>","r":"R\\f","t":"T","k":"plain"})");
}

BOOST_AUTO_TEST_CASE(short_ids_are_replaced_only_as_a_whole_value_or_after_a_slash) {
  const IdentifierScrubber scrubber(std::vector<IdentifierReplacement>{{"12", "P"}});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"(["12"])", R"(["P"])"},
      {R"(["Patient/12"])", R"(["Patient/P"])"},
      {R"(["/12"])", R"(["/P"])"},
      {R"(["a/b/12"])", R"(["a/b/P"])"},
      {R"(["8812","12/3","x12","12 ","Patient/123","Patient/12/x",12])",
       R"(["8812","12/3","x12","12 ","Patient/123","Patient/12/x",12])"},
      {R"({"12":"Patient/1"})", R"({"12":"Patient/1"})"},
  };
  for (const auto& [doc, expected] : cases) {
    BOOST_TEST(scrubber.scrub_json(doc) == expected, doc);
  }
  // The pre-check looks for "12" and /12": a text with neither is skipped.
  BOOST_TEST(!scrubber.may_contain_ids(R"(["8812","12/3","x12","12 ",12,"/123"])"));
  BOOST_TEST(scrubber.may_contain_ids(R"(["x/12"])"));
}

BOOST_AUTO_TEST_CASE(longer_ids_are_replaced_before_shorter_ones_they_contain) {
  // Given shortest first: the reference must still go as a whole, not as "Practitioner/B".
  const IdentifierScrubber scrubber({{"123", "B"}, {"Practitioner/123", "A"}});
  BOOST_TEST(scrubber.scrub_json(R"(["Practitioner/123","Group/123"])") == R"(["A","Group/B"])");
}

BOOST_AUTO_TEST_CASE(invalid_json_is_scrubbed_as_text) {
  const IdentifierScrubber scrubber({{kPatient, "P"}, {"12", "S"}});
  BOOST_TEST(scrubber.scrub_json(std::string("{\"a\": \"") + kPatient + "\", ") ==
             "{\"a\": \"P\", ");
  // Not JSON, and neither "12" nor /12" occurs: the text rule (ends in /12) still applies.
  BOOST_TEST(scrubber.may_contain_ids("Patient/12"));
  BOOST_TEST(scrubber.scrub_json("Patient/12") == "Patient/S");
  std::string in_place = "Patient/12";
  scrubber.scrub_json_in_place(in_place);
  BOOST_TEST(in_place == "Patient/S");
  // "12" alone is a valid document (a number): nothing to replace.
  BOOST_TEST(scrubber.scrub_json("12") == "12");
}

std::string strings_document(int count, int with_id) {
  std::string doc = "[";
  for (int i = 0; i < count; ++i) {
    if (i > 0) doc += ',';
    doc += '"';
    doc += i == with_id ? std::string("subject Patient/") + kPatient : "value " + std::to_string(i);
    doc += '"';
  }
  return doc + "]";
}

BOOST_AUTO_TEST_CASE(one_id_among_a_thousand_strings_is_the_only_change) {
  const auto scrubber = patient_and_user();
  const std::string with_id = strings_document(1000, 617);
  std::string expected = with_id;
  expected.replace(expected.find(kPatient), std::string(kPatient).size(), "pseudonym:P");
  BOOST_TEST(scrubber.scrub_json(with_id) == expected);
  std::string in_place = with_id;
  scrubber.scrub_json_in_place(in_place);
  BOOST_TEST(in_place == expected);

  const std::string without = strings_document(1000, -1);
  BOOST_TEST(!scrubber.may_contain_ids(without));
  BOOST_TEST(scrubber.scrub_json(without) == without);
}

}  // namespace
}  // namespace auc::cards::ledger::testing
