// Hostile JSON in requests, feedback and FHIR server answers: nesting that would exhaust a
// thread's stack, text that is not Unicode, repeated member names, tokens that would add header
// lines, and resources under the wrong prefetch key. Each gets a 4xx naming the problem and its
// JSON path, and the server keeps serving.
#include <boost/test/unit_test.hpp>

#include "fhir/checked_json.h"
#include "service_support.h"
#include "tests/support/fhir_test_server.h"

using namespace auc::test;

namespace {

const char* kFeedback = "/cds-services/acr-vcf-order-select/feedback";
const char* kTextPath = "/context/draftOrders/entry/0/resource/code/text";

std::string nested_arrays(std::size_t levels) {
  return std::string(levels, '[') + std::string(levels, ']');
}

// The variant-1 request with the draft order's code.text spelled exactly as `raw_json_string`
// (the bytes between the quotes, escapes included).
std::string with_order_text(const std::string& raw_json_string) {
  auto request = load_request("variant-1-order-select.json");
  request["context"]["draftOrders"]["entry"][0]["resource"]["code"]["text"].SetString(
      "TEXT-PLACEHOLDER");
  std::string json = to_json(request);
  json.replace(json.find("TEXT-PLACEHOLDER"), 16, raw_json_string);
  return json;
}

void expect_alive(httplib::Client& client) {
  const auto health = client.Get("/healthz");
  BOOST_TEST_REQUIRE(static_cast<bool>(health));
  BOOST_TEST(health->status == 200);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_json)

BOOST_AUTO_TEST_CASE(deep_nesting_is_400_on_every_route_not_a_crash) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  const std::string deep = R"({"hook":"order-select","x":)" + nested_arrays(200'000) + "}";
  for (const char* path : {kSelect, kFeedback}) {
    BOOST_TEST_CONTEXT(path) {
      const auto res = post_json(client, path, deep);
      const std::string where = expect_outcome(res, 400);
      BOOST_TEST(res->body.find("deeper than 64 levels") != std::string::npos, res->body);
      BOOST_TEST(where.rfind("/x/0/0", 0) == 0u, where);
    }
  }
  // The limit, not the stack: a document just inside it parses (and is then refused as a
  // request for what it is, not for its depth).
  const std::string inside =
      R"({"hook":"order-select","x":)" + nested_arrays(auc::fhir::kMaxJsonDepth - 1) + "}";
  const auto res = post_json(client, kSelect, inside);
  expect_outcome(res, 400);
  BOOST_TEST(res->body.find("deeper") == std::string::npos, res->body);
  expect_alive(client);
  BOOST_TEST(server->running());
}

BOOST_AUTO_TEST_CASE(a_deeply_nested_fhir_server_answer_is_412_saying_why) {
  auto server = start_service();
  FhirTestServer fhir;
  auto request = load_request("variant-1-order-select.json");
  fhir.add_prefetch(request["prefetch"]);
  remove_prefetch_key(request, "conditions");
  set_fhir_server(request, fhir.base_url(), "fhir-access-token-deep");
  fhir.answer_raw("Condition", R"({"resourceType":"Bundle","x":)" + nested_arrays(150'000) + "}");
  httplib::Client client("127.0.0.1", server->port());
  const auto res = post_json(client, kSelect, to_json(request));
  expect_outcome(res, 412);
  BOOST_TEST(res->body.find("conditions") != std::string::npos, res->body);
  BOOST_TEST(res->body.find("deeper than 64 levels") != std::string::npos, res->body);
  expect_alive(client);
}

BOOST_AUTO_TEST_CASE(text_that_is_not_unicode_is_400_with_its_path) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  struct Case {
    const char* name;
    std::string text;
  };
  const Case bad[] = {
      {"raw bytes that are no UTF-8", "MR \xff\xfe spine"},
      {"an overlong encoding", "MR \xc0\xaf spine"},
      {"an encoded surrogate", "MR \xed\xb0\x80 spine"},
      {"a lone low surrogate escape", R"(MR \udc00 spine)"},
      {"a lone high surrogate escape", R"(MR \ud800 spine)"},
      {"a reversed pair", R"(MR \udc00\ud800 spine)"},
  };
  for (const Case& c : bad) {
    BOOST_TEST_CONTEXT(c.name) {
      const auto res = post_json(client, kSelect, with_order_text(c.text));
      BOOST_TEST(expect_outcome(res, 400) == kTextPath);
    }
  }
  // A valid surrogate pair is a character (U+1F600), and the answer is a valid response.
  expect_valid_response(post_json(client, kSelect, with_order_text(R"(MR \ud83d\ude00 spine)")));
}

BOOST_AUTO_TEST_CASE(repeated_member_names_are_400_naming_the_member) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  const std::string request = to_json(load_request("variant-1-order-select.json"));
  BOOST_TEST_REQUIRE(request.find(R"("hook":")") != std::string::npos);
  const std::string two_hooks = R"({"hook":"order-sign",)" + request.substr(1);
  BOOST_TEST(expect_outcome(post_json(client, kSelect, two_hooks), 400) == "/hook");

  std::string two_patients = request;
  const std::size_t context = two_patients.find(R"("context":{)");
  BOOST_TEST_REQUIRE(context != std::string::npos);
  two_patients.insert(context + 11, R"("patientId":"someone-else",)");
  const auto res = post_json(client, kSelect, two_patients);
  BOOST_TEST(expect_outcome(res, 400) == "/context/patientId");
  BOOST_TEST(res->body.find("more than once") != std::string::npos);

  const auto feedback = post_json(client, kFeedback, R"({"feedback":[],"feedback":[]})");
  BOOST_TEST(expect_outcome(feedback, 400) == "/feedback");
}

BOOST_AUTO_TEST_CASE(an_access_token_that_could_add_header_lines_is_400_and_never_sent) {
  auto server = start_service();
  FhirTestServer fhir;
  httplib::Client client("127.0.0.1", server->port());
  for (const char* token : {"abc\r\nX-Injected: 1", "abc def", "abc\"", "=abc", "ab=c"}) {
    BOOST_TEST_CONTEXT(token) {
      auto request = load_request("variant-1-order-select.json");
      remove_prefetch_key(request, "conditions");
      set_fhir_server(request, fhir.base_url(), token);
      const auto res = post_json(client, kSelect, to_json(request));
      BOOST_TEST(expect_outcome(res, 400) == "/fhirAuthorization/access_token");
    }
  }
  BOOST_TEST(fhir.requests().empty());
  // A token with the whole b64token alphabet and padding is sent as it is.
  auto request = load_request("variant-1-order-select.json");
  fhir.add_prefetch(request["prefetch"]);
  remove_prefetch_key(request, "conditions");
  const std::string token = "aZ09-._~+/abc==";
  set_fhir_server(request, fhir.base_url(), token);
  expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST_REQUIRE(!fhir.requests().empty());
  for (const auto& seen : fhir.requests()) {
    BOOST_TEST(seen.authorization == "Bearer " + token, seen.path);
  }
}

BOOST_AUTO_TEST_CASE(a_prefetched_patient_key_holding_a_condition_is_400) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  auto request = load_request("variant-1-order-select.json");
  auto& a = request.GetAllocator();
  rapidjson::Value condition(request["prefetch"]["conditions"]["entry"][0]["resource"], a);
  request["prefetch"]["patient"] = condition;
  const auto res = post_json(client, kSelect, to_json(request));
  BOOST_TEST(expect_outcome(res, 400) == "/prefetch/patient/resourceType");
  BOOST_TEST(res->body.find("expected a Patient") != std::string::npos, res->body);
}

BOOST_AUTO_TEST_CASE(a_refused_plain_http_fhir_server_is_a_412_that_says_why) {
  // Without --fhir-allow-http, as a deployment runs.
  std::string failure;
  auto server = ServerProcess::start({"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off"},
                                     {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  FhirTestServer fhir;
  auto request = load_request("variant-1-order-select.json");
  remove_prefetch_key(request, "conditions");
  set_fhir_server(request, fhir.base_url(), "fhir-access-token-plain");
  httplib::Client client("127.0.0.1", server->port());
  const auto res = post_json(client, kSelect, to_json(request));
  expect_outcome(res, 412);
  BOOST_TEST(res->body.find("plain http") != std::string::npos, res->body);
  BOOST_TEST(res->body.find("--fhir-allow-http") != std::string::npos, res->body);
  BOOST_TEST(fhir.requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()
