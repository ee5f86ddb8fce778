// Bad calls to the CDS services get a clear status and an OperationOutcome (naming the JSON path
// where there is one), never HTML or a stack trace.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "service_support.h"

using namespace auc::test;

namespace {

// The variant-1 request with one edit applied to its JSON.
template <class Edit>
std::string edited(Edit edit) {
  auto request = load_request("variant-1-order-select.json");
  edit(request);
  return to_json(request);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_errors)

BOOST_AUTO_TEST_CASE(malformed_or_misshapen_requests_are_400_with_the_path) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());

  const auto syntax = post_json(client, kSelect, R"({"hook": "order-select",)");
  expect_outcome(syntax, 400);
  BOOST_TEST(syntax->body.find("malformed JSON") != std::string::npos);

  struct Case {
    const char* name;
    std::string body;
    const char* path;
  };
  const Case cases[] = {
      {"not an object", "[]", ""},
      {"no patientId", edited([](auto& r) { r["context"].RemoveMember("patientId"); }),
       "/context/patientId"},
      {"patientId that is no FHIR id",
       edited([](auto& r) { r["context"]["patientId"].SetString("a/../b?x=1"); }),
       "/context/patientId"},
      {"userId not a practitioner",
       edited([](auto& r) { r["context"]["userId"].SetString("Patient/123"); }), "/context/userId"},
      {"hookInstance not a UUID", edited([](auto& r) { r["hookInstance"].SetString("abc"); }),
       "/hookInstance"},
      {"selection outside draftOrders",
       edited([](auto& r) { r["context"]["selections"][0].SetString("ServiceRequest/nope"); }),
       "/context/selections/0"},
      {"no selections", edited([](auto& r) { r["context"].RemoveMember("selections"); }),
       "/context/selections"},
      {"draftOrders not a Bundle",
       edited([](auto& r) { r["context"]["draftOrders"]["resourceType"].SetString("List"); }),
       "/context/draftOrders/resourceType"},
      {"fhirAuthorization without fhirServer", edited([](auto& r) {
         rapidjson::Value auth(rapidjson::kObjectType);
         auth.AddMember("access_token", "t", r.GetAllocator());
         auth.AddMember("token_type", "Bearer", r.GetAllocator());
         r.AddMember("fhirAuthorization", auth, r.GetAllocator());
       }),
       "/fhirServer"},
      {"prefetch value of the wrong type",
       edited([](auto& r) { r["prefetch"]["conditions"].SetString("x"); }), "/prefetch/conditions"},
      {"condition with a wrongly typed element", edited([](auto& r) {
         r["prefetch"]["conditions"]["entry"][0]["resource"]["onsetDateTime"].SetInt(5);
       }),
       "/prefetch/conditions/entry/0/resource/onsetDateTime"},
      {"draft order with a wrongly typed code", edited([](auto& r) {
         r["context"]["draftOrders"]["entry"][0]["resource"]["code"].SetString("CT");
       }),
       "/context/draftOrders/entry/0/resource/code"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_TEST(expect_outcome(post_json(client, kSelect, c.body), 400) == c.path);
    }
  }
}

BOOST_AUTO_TEST_CASE(unknown_service_is_404_and_wrong_method_405) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  const std::string body = to_json(load_request("variant-1-order-select.json"));
  expect_outcome(post_json(client, "/cds-services/no-such-service", body), 404);
  expect_outcome(post_json(client, "/cds-services/no-such-service/feedback", R"({"feedback":[]})"),
                 404);
  const auto get = client.Get(kSelect);
  expect_outcome(get, 405);
  BOOST_TEST(get->get_header_value("Allow").find("POST") != std::string::npos);
  expect_outcome(client.Put(kSelect, body, "application/json"), 405);
  expect_outcome(client.Delete(kSign), 405);
}

BOOST_AUTO_TEST_CASE(non_json_is_415_and_oversized_413) {
  auto server = start_service({"--max-body-bytes", "2048"});
  httplib::Client client("127.0.0.1", server->port());
  const std::string body = to_json(load_request("variant-1-order-select.json"));
  BOOST_TEST_REQUIRE(body.size() > 2048u);
  expect_outcome(client.Post(kSelect, "{}", "text/plain"), 415);
  expect_outcome(client.Post(kSelect, "<xml/>", "application/xml"), 415);
  expect_outcome(post_json(client, kSelect, body), 413);
  // A charset parameter and the FHIR media type are both JSON.
  const auto small =
      client.Post(kSelect, R"({"hook":"order-select"})", "application/fhir+json; charset=utf-8");
  BOOST_TEST(expect_outcome(small, 400) == "/hookInstance");
}

BOOST_AUTO_TEST_CASE(bodies_are_read_whole_whatever_their_framing) {
  auto server = start_service({"--max-body-bytes", "200000"});
  httplib::Client client("127.0.0.1", server->port());
  const std::string body = to_json(load_request("variant-1-order-select.json"));
  const auto plain = expect_valid_response(post_json(client, kSelect, body));

  // Chunked transfer encoding, in small chunks: the same answer as with a Content-Length.
  const auto chunked = client.Post(
      kSelect,
      [&body](std::size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) {
          sink.write(body.data() + offset, std::min<std::size_t>(1000, body.size() - offset));
        } else {
          sink.done();
        }
        return true;
      },
      "application/json");
  const auto via_chunks = expect_valid_response(chunked);
  BOOST_TEST((pama_ratings(via_chunks) == pama_ratings(plain)));
  BOOST_TEST(!pama_ratings(plain).empty());

  // A raw NUL byte would end an in-place parse early; it is refused, not truncated.
  const auto nul = post_json(client, kSelect, body + std::string(1, '\0') + "{}");
  expect_outcome(nul, 400);
  BOOST_TEST(nul->body.find("NUL") != std::string::npos);

  // After a refused oversized body the same client is answered normally.
  expect_outcome(post_json(client, kSelect, std::string(300'000, ' ')), 413);
  expect_valid_response(post_json(client, kSelect, body));
}

BOOST_AUTO_TEST_SUITE_END()
