// Findings that live only in report text or uncoded condition text, through the real binary with
// the shipped tables only (no --local-codes): the variant, the card's "Facts used" and the ledger.
#include <httplib.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "service_support.h"

using namespace auc::test;

namespace {

const std::string kToken = "auditor-token-0123456789abcdef0123456789abcdef";

// The shipped tables only: no site mapping file.
std::unique_ptr<ServerProcess> start_shipped(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--plain-http",
                                   "--auth",   "off",         "--card-when-appropriate"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::string failure;
  auto server = ServerProcess::start(args, {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  return server;
}

rapidjson::Value& prefetch_resource(rapidjson::Document& request, const char* key, int index) {
  return request["prefetch"][key]["entry"][index]["resource"];
}

void set_string(rapidjson::Document& d, rapidjson::Value& object, const char* name,
                const std::string& value) {
  object.RemoveMember(name);
  object.AddMember(rapidjson::Value(name, d.GetAllocator()),
                   rapidjson::Value(value.c_str(), d.GetAllocator()), d.GetAllocator());
}

// The variant-6 patient with the MRI report's finding only in its conclusion text.
rapidjson::Document mri_with_conclusion(const std::string& conclusion) {
  auto request = load_request("variant-6-order-select.json");
  auto& report = prefetch_resource(request, "diagnosticReports", 0);
  report.RemoveMember("conclusionCode");
  set_string(request, report, "conclusion", conclusion);
  return request;
}

// The variant-6 patient ordering CT lumbar with contrast, with no coded fracture: the fracture
// Condition (entry 0) is replaced by `fracture_condition` or removed when that is empty.
rapidjson::Document ct_order_without_coded_fracture() {
  auto request = load_request("variant-6-order-select.json");
  auto& order = request["context"]["draftOrders"]["entry"][0]["resource"];
  order.RemoveMember("reasonCode");
  auto& coding = order["code"]["coding"][0];
  set_string(request, coding, "code", "72132");
  set_string(request, coding, "display", "CT lumbar spine with contrast");
  set_string(request, order["code"], "text", "CT lumbar spine with contrast");
  auto& conditions = request["prefetch"]["conditions"]["entry"];
  conditions.Erase(conditions.Begin());
  return request;
}

std::string first_card_detail(const rapidjson::Document& doc) {
  if (!doc["cards"].IsArray() || doc["cards"].Size() == 0) return {};
  return doc["cards"][0]["detail"].GetString();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_findings)

BOOST_AUTO_TEST_CASE(variant_6_fixture_is_reached_with_the_shipped_tables) {
  // Its report codes the edema only with a local code the shipped tables do not know; the
  // conclusionCode's text says it.
  auto server = start_shipped();
  httplib::Client client("127.0.0.1", server->port());
  const auto request = load_request("variant-6-order-select.json");
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST(rated_variant(doc["systemActions"][0]["resource"]) == 6);
  BOOST_TEST(pama_ratings(doc)[0].second == "appropriate");
}

BOOST_AUTO_TEST_CASE(kyphoplasty_after_an_mri_whose_conclusion_says_edema_is_variant_6) {
  auto server = start_shipped();
  httplib::Client client("127.0.0.1", server->port());
  const auto request =
      mri_with_conclusion("IMPRESSION:\nAcute L1 compression fracture with bone marrow edema.");
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST(rated_variant(doc["systemActions"][0]["resource"]) == 6);
  BOOST_TEST(pama_ratings(doc)[0].second == "appropriate");
}

BOOST_AUTO_TEST_CASE(no_marrow_edema_is_not_variant_6) {
  auto server = start_shipped();
  httplib::Client client("127.0.0.1", server->port());
  const auto request = mri_with_conclusion("Acute L1 compression fracture. No marrow edema.");
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST(rated_variant(doc["systemActions"][0]["resource"]) != 6);
  BOOST_TEST(pama_ratings(doc)[0].second == "no-criteria-apply");
}

BOOST_AUTO_TEST_CASE(a_fracture_only_in_a_radiograph_report_gets_the_ct_rated) {
  auto server = start_shipped();
  httplib::Client client("127.0.0.1", server->port());
  auto request = ct_order_without_coded_fracture();
  auto& report = prefetch_resource(request, "diagnosticReports", 0);
  report.RemoveMember("conclusionCode");
  auto& coding = report["code"]["coding"][0];
  set_string(request, coding, "system", "http://www.ama-assn.org/go/cpt");
  set_string(request, coding, "code", "72100");
  set_string(request, coding, "display", "XR lumbar spine 2-3 views");
  set_string(request, report["code"], "text", "XR lumbar spine 2-3 views");
  set_string(request, report, "conclusion",
             "Acute compression fracture of L1 with 30% loss of height. No retropulsion.");
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST(rated_variant(doc["systemActions"][0]["resource"]) == 1);
  BOOST_TEST(pama_ratings(doc)[0].second == "not-appropriate");
}

BOOST_AUTO_TEST_CASE(a_fracture_only_in_condition_code_text_gets_the_ct_rated) {
  auto server = start_shipped();
  httplib::Client client("127.0.0.1", server->port());
  auto request = ct_order_without_coded_fracture();
  auto& reports = request["prefetch"]["diagnosticReports"]["entry"];
  reports.Erase(reports.Begin());
  // A problem-list entry typed as free text: no coding at all.
  auto& back_pain = prefetch_resource(request, "conditions", 0);
  rapidjson::Value fracture(back_pain, request.GetAllocator());
  set_string(request, fracture, "id", "vcf-v6-text");
  fracture.RemoveMember("code");
  rapidjson::Value code(rapidjson::kObjectType);
  code.AddMember("text", "Compression fracture of L1 vertebra", request.GetAllocator());
  fracture.AddMember("code", code, request.GetAllocator());
  rapidjson::Value entry(rapidjson::kObjectType);
  entry.AddMember("resource", fracture, request.GetAllocator());
  request["prefetch"]["conditions"]["entry"].PushBack(entry, request.GetAllocator());
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST(rated_variant(doc["systemActions"][0]["resource"]) == 1);
  BOOST_TEST(pama_ratings(doc)[0].second == "not-appropriate");
}

BOOST_AUTO_TEST_CASE(the_card_quotes_a_history_read_from_a_note) {
  auto server = start_shipped();
  httplib::Client client("127.0.0.1", server->port());
  auto request = load_request("variant-6-order-select.json");
  auto& order = request["context"]["draftOrders"]["entry"][0]["resource"];
  auto& coding = order["code"]["coding"][0];
  set_string(request, coding, "code", "72132");
  set_string(request, coding, "display", "CT lumbar spine with contrast");
  set_string(request, order["code"], "text", "CT lumbar spine with contrast");
  // The back-pain problem carries the history in its note, as a clinician types it.
  auto& back_pain = prefetch_resource(request, "conditions", 1);
  rapidjson::Value note(rapidjson::kArrayType);
  rapidjson::Value annotation(rapidjson::kObjectType);
  annotation.AddMember("text", "History of breast cancer, treated 2015. No recurrence.",
                       request.GetAllocator());
  note.PushBack(annotation, request.GetAllocator());
  back_pain.AddMember("note", note, request.GetAllocator());
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST(rated_variant(doc["systemActions"][0]["resource"]) == 2);
  const std::string detail = first_card_detail(doc);
  BOOST_TEST(detail.find("malignancy_history: true (documented)") != std::string::npos, detail);
  BOOST_TEST(detail.find("from the note of Condition/vcf-v6-c2: 'History of breast cancer, "
                         "treated 2015.'") != std::string::npos,
             detail);
}

BOOST_AUTO_TEST_CASE(the_ledger_tells_text_facts_from_coded_ones) {
  TempDir dir;
  write_file(dir.file("audit-token"), kToken);
  auto server = start_shipped({"--ledger", "sqlite:" + dir.file("ledger.db"), "--audit-token-file",
                               dir.file("audit-token")});
  httplib::Client client("127.0.0.1", server->port());
  const auto request = mri_with_conclusion("Acute L1 compression fracture with marrow edema.");
  expect_valid_response(post_json(client, kSelect, to_json(request)));

  const httplib::Headers auth = {{"Authorization", "Bearer " + kToken}};
  std::string body;
  // The ledger writes after answering: wait for the call to be committed.
  for (int i = 0; i < 100 && body.find("\"calls\":[{") == std::string::npos; ++i) {
    if (i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto res = client.Get("/audit/export/calls.ndjson", auth);
    BOOST_TEST_REQUIRE(static_cast<bool>(res));
    body = res->status == 200 && !res->body.empty() ? "\"calls\":[{" + res->body : "";
  }
  BOOST_TEST_REQUIRE(!body.empty(), "the call never reached the ledger");
  BOOST_TEST(body.find("\"source\":\"text\",\"element\":\"conclusion\",\"text\":\"Acute L1 "
                       "compression fracture with marrow edema.\"") != std::string::npos,
             body);
  // The coded fracture on the problem list stays a coded fact.
  BOOST_TEST(body.find("\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"M80.08XA\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
