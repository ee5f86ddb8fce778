// Request validation, prefetch templates and the fhirServer URL rules, without a server.
#include "hooks/cds/hook_request.h"

#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <initializer_list>
#include <vector>

#include "hooks/fhir_client/fhir_server_url.h"
#include "hooks/prefetch/prefetch_templates.h"

using namespace auc::hooks;

namespace {

const char* kSelectBody = R"({
  "hook": "order-select",
  "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
  "context": {
    "userId": "PractitionerRole/r1",
    "patientId": "p-1",
    "selections": ["ServiceRequest/sr-2"],
    "draftOrders": {"resourceType": "Bundle", "entry": [
      {"resource": {"resourceType": "MedicationRequest", "id": "m1"}},
      {"fullUrl": "https://ehr/fhir/ServiceRequest/sr-2",
       "resource": {"resourceType": "ServiceRequest", "id": "sr-2"}}]}
  },
  "fhirServer": "https://ehr.example.org/fhir",
  "fhirAuthorization": {"access_token": "tok", "token_type": "Bearer", "expires_in": 300,
                        "scope": "patient/*.read", "subject": "svc"},
  "prefetch": {"patient": null, "conditions": {"resourceType": "Bundle"}}
})";

rapidjson::Document parse(const char* text) {
  rapidjson::Document d;
  d.Parse(text);
  BOOST_REQUIRE(!d.HasParseError());
  return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hook_request)

BOOST_AUTO_TEST_CASE(reads_a_valid_order_select_request) {
  const auto doc = parse(kSelectBody);
  auto r = parse_hook_request(doc, "order-select");
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->patient_id == "p-1");
  BOOST_TEST(r->user_id == "PractitionerRole/r1");
  BOOST_TEST(r->selections.size() == 1u);
  BOOST_TEST(r->has_authorization);
  BOOST_TEST(r->authorization.access_token == "tok");
  BOOST_TEST(r->fhir_server == "https://ehr.example.org/fhir");
  BOOST_TEST(r->prefetch != nullptr);
}

BOOST_AUTO_TEST_CASE(order_sign_needs_no_selections_but_the_hook_must_match) {
  auto doc = parse(kSelectBody);
  doc["hook"].SetString("order-sign");
  doc["context"].RemoveMember("selections");
  BOOST_TEST(parse_hook_request(doc, "order-sign").has_value());
  auto wrong = parse_hook_request(doc, "order-select");
  BOOST_TEST_REQUIRE(!wrong.has_value());
  BOOST_TEST(wrong.error().path == "/hook");
}

BOOST_AUTO_TEST_CASE(refusals_name_the_path) {
  struct Case {
    void (*edit)(rapidjson::Document&);
    const char* path;
  };
  const Case cases[] = {
      {[](rapidjson::Document& d) { d.RemoveMember("context"); }, "/context"},
      {[](rapidjson::Document& d) { d["context"]["draftOrders"].RemoveMember("resourceType"); },
       "/context/draftOrders/resourceType"},
      {[](rapidjson::Document& d) { d["context"]["selections"][0].SetString("ServiceRequest/m1"); },
       "/context/selections/0"},
      {[](rapidjson::Document& d) { d["context"]["encounterId"].SetInt(1); },
       "/context/encounterId"},
      {[](rapidjson::Document& d) { d["fhirServer"].SetString("ftp://x"); }, "/fhirServer"},
      {[](rapidjson::Document& d) { d["fhirAuthorization"]["token_type"].SetString("MAC"); },
       "/fhirAuthorization/token_type"},
      {[](rapidjson::Document& d) { d["fhirAuthorization"].RemoveMember("access_token"); },
       "/fhirAuthorization/access_token"},
      {[](rapidjson::Document& d) { d["prefetch"]["patient"].SetArray(); }, "/prefetch/patient"},
  };
  for (const Case& c : cases) {
    auto doc = parse(kSelectBody);
    if (!doc["context"].HasMember("encounterId")) {
      doc["context"].AddMember("encounterId", "e1", doc.GetAllocator());
    }
    c.edit(doc);
    auto r = parse_hook_request(doc, "order-select");
    BOOST_TEST_REQUIRE(!r.has_value(), c.path);
    BOOST_TEST(r.error().path == c.path);
  }
}

// Three draft orders: one named only by a urn:uuid fullUrl (an unsaved Epic draft), one with an id
// and an absolute fullUrl, one with an id and no fullUrl.
const char* kThreeDrafts = R"({
  "hook": "order-select",
  "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
  "context": {
    "userId": "Practitioner/u1",
    "patientId": "p-1",
    "selections": [],
    "draftOrders": {"resourceType": "Bundle", "entry": [
      {"fullUrl": "urn:uuid:9b0ad1c4-3f7e-4d8a-b2c1-5e6f7a8b9c0d",
       "resource": {"resourceType": "ServiceRequest", "status": "draft"}},
      {"fullUrl": "https://ehr.example.org/fhir/ServiceRequest/sr-2",
       "resource": {"resourceType": "ServiceRequest", "id": "sr-2"}},
      {"resource": {"resourceType": "ServiceRequest", "id": "sr-3"}}]}
  }
})";

// The draftOrders entry index each selection resolved to (-1 when the request was refused).
std::vector<int> resolve(std::initializer_list<const char*> selections) {
  auto doc = parse(kThreeDrafts);
  auto& sel = doc["context"]["selections"];
  for (const char* s : selections) sel.PushBack(rapidjson::StringRef(s), doc.GetAllocator());
  auto r = parse_hook_request(doc, "order-select");
  if (!r) return {-1};
  const auto& entries = doc["context"]["draftOrders"]["entry"];
  std::vector<int> out;
  for (const rapidjson::Value* resource : r->selected_resources) {
    int found = -1;
    for (rapidjson::SizeType i = 0; i < entries.Size(); ++i) {
      if (&entries[i]["resource"] == resource) found = static_cast<int>(i);
    }
    out.push_back(found);
  }
  return out;
}

BOOST_AUTO_TEST_CASE(selections_name_drafts_by_full_url_reference_or_absolute_url) {
  using V = std::vector<int>;
  BOOST_TEST(resolve({"urn:uuid:9b0ad1c4-3f7e-4d8a-b2c1-5e6f7a8b9c0d"}) == V{0});
  BOOST_TEST(resolve({"https://ehr.example.org/fhir/ServiceRequest/sr-2"}) == V{1});
  BOOST_TEST(resolve({"ServiceRequest/sr-2"}) == V{1});
  BOOST_TEST(resolve({"ServiceRequest/sr-3"}) == V{2});
  BOOST_TEST(resolve({"https://other.example.org/fhir/ServiceRequest/sr-3"}) == V{2});
  BOOST_TEST(resolve({"ServiceRequest/sr-3", "urn:uuid:9b0ad1c4-3f7e-4d8a-b2c1-5e6f7a8b9c0d"}) ==
             (V{2, 0}));
}

BOOST_AUTO_TEST_CASE(a_selection_that_names_no_draft_is_refused_at_its_index) {
  for (const char* miss :
       {"urn:uuid:00000000-0000-0000-0000-000000000000", "ServiceRequest/sr-4",
        "MedicationRequest/sr-2", "sr-2", "ServiceRequest/sr-22",
        "https://ehr.example.org/fhir/ServiceRequest/r-2", "xServiceRequest/sr-2",
        "https://ehr.example.org/fhir/ServiceRequest/"}) {
    auto doc = parse(kThreeDrafts);
    auto& sel = doc["context"]["selections"];
    sel.PushBack("ServiceRequest/sr-2", doc.GetAllocator());
    sel.PushBack(rapidjson::StringRef(miss), doc.GetAllocator());
    auto r = parse_hook_request(doc, "order-select");
    BOOST_TEST_REQUIRE(!r.has_value(), miss);
    BOOST_TEST(r.error().path == "/context/selections/1", miss);
  }
}

BOOST_AUTO_TEST_CASE(ids_and_uuids) {
  BOOST_TEST(is_fhir_id("abc-1.2"));
  BOOST_TEST(!is_fhir_id(""));
  BOOST_TEST(!is_fhir_id("a/b"));
  BOOST_TEST(!is_fhir_id("a&b=c"));
  BOOST_TEST(!is_fhir_id(std::string(65, 'a')));
  BOOST_TEST(is_uuid("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"));
  BOOST_TEST(!is_uuid("d1577c69dfbe44adba6d3e05e953b2ea"));
  BOOST_TEST(!is_uuid("g1577c69-dfbe-44ad-ba6d-3e05e953b2ea"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(prefetch_templates)

BOOST_AUTO_TEST_CASE(templates_resolve_2_0_tokens_only) {
  const TemplateTokens t{"p-1", "", "Practitioner/dr"};
  BOOST_TEST(*resolve_template("Condition?patient={{context.patientId}}", t) ==
             "Condition?patient=p-1");
  BOOST_TEST(*resolve_template("X?p={{userPractitionerId}}", t) == "X?p=dr");
  BOOST_TEST(!resolve_template("X?p={{userPractitionerRoleId}}", t).has_value());
  BOOST_TEST(!resolve_template("Encounter/{{context.encounterId}}", t).has_value());
  BOOST_TEST(!resolve_template("X?d={{today()}}", t).has_value());  // not a 2.0 token
  BOOST_TEST(!resolve_template("X?p={{context.patientId", t).has_value());
  for (const PrefetchTemplate& tmpl : vcf_prefetch_templates()) {
    BOOST_TEST(resolve_template(tmpl.query, t).has_value(), tmpl.key);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fhir_server_url)

BOOST_AUTO_TEST_CASE(splits_base_urls) {
  auto u = parse_fhir_server_url("https://ehr.example.org:8443/fhir/r4/");
  BOOST_TEST_REQUIRE(u.has_value());
  BOOST_TEST(u->https);
  BOOST_TEST(u->host == "ehr.example.org");
  BOOST_TEST(u->port == 8443);
  BOOST_TEST(u->base_path == "/fhir/r4");
  BOOST_TEST(target_for(*u, "Condition?patient=1") == "/fhir/r4/Condition?patient=1");
  auto plain = parse_fhir_server_url("http://127.0.0.1");
  BOOST_TEST_REQUIRE(plain.has_value());
  BOOST_TEST(plain->port == 80);
  BOOST_TEST(plain->base_path == "");
  BOOST_TEST(!parse_fhir_server_url("https://user:pw@ehr/fhir").has_value());
  BOOST_TEST(!parse_fhir_server_url("https://ehr:99999/fhir").has_value());
  BOOST_TEST(!parse_fhir_server_url("https://ehr/fhir?x=1").has_value());
  BOOST_TEST(!parse_fhir_server_url("file:///etc/passwd").has_value());
}

BOOST_AUTO_TEST_CASE(next_links_are_followed_only_on_the_same_origin) {
  auto u = parse_fhir_server_url("https://ehr.example.org/fhir");
  BOOST_TEST_REQUIRE(u.has_value());
  BOOST_TEST(*same_origin_target(*u, "https://EHR.example.org/fhir/Condition?page=2") ==
             "/fhir/Condition?page=2");
  BOOST_TEST(!same_origin_target(*u, "https://evil.example.org/fhir/Condition?page=2"));
  BOOST_TEST(!same_origin_target(*u, "http://ehr.example.org/fhir/Condition?page=2"));
  BOOST_TEST(!same_origin_target(*u, "https://ehr.example.org:444/fhir/Condition"));
  BOOST_TEST(!same_origin_target(*u, "https://ehr.example.org@evil.org/x"));
}

BOOST_AUTO_TEST_SUITE_END()
