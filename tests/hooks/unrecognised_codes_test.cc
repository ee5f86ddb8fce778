// Unrecognised codes: a concept counts only when none of its codings maps; the report (counted
// by the ledger, tests/ledger/unrecognised_codes_test.cc) is served as JSON and exported as a
// site code file whose free text cannot run as a spreadsheet formula.
#include "hooks/codes/unrecognised_codes.h"

#include <boost/test/unit_test.hpp>
#include <chrono>

#include "hooks/codes/unrecognised_code_report.h"
#include "tests/support/fhir_builders.h"

using namespace auc::hooks;
using auc::cards::ledger::Timestamp;

namespace {

const char* kEpic = "urn:oid:1.2.840.114350.1.13.999.2.7.2.696580";

Timestamp day(int d) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::sys_days(std::chrono::year(2026) / 1 / d));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(unrecognised_code_list)

BOOST_AUTO_TEST_CASE(a_concept_counts_only_when_no_coding_maps) {
  test::ConditionSpec mapped_beside_local;  // a local code beside one the service knows
  mapped_beside_local.codes = {{kEpic, "DX9", "local dx"}, {test::kIcd, "M80.08XA", "osteo"}};
  test::ConditionSpec local_only;
  local_only.codes = {{"urn:oid:1.2.3", "HTN", "Hypertension"}};
  const auto r = test::request(
      test::order({{kEpic, "IMG1", "MRI L"}, {test::kCpt, "72148", ""}}),
      {test::condition("c1", mapped_beside_local), test::condition("c2", local_only),
       // Free text a clinician typed about the patient stays out of the report.
       R"({"resourceType":"Condition","id":"c3","code":{"coding":[{"system":"urn:oid:1.2.3",)"
       R"("code":"X1"}],"text":"fell at home on the 3rd"}})"},
      {test::report("r1", {test::kLoinc, "24556-0", "MRI L"},
                    {{"urn:oid:1.2.3", "F-1", "Finding one"}}, "2024-05-01")});
  const auc::fhir::ServiceRequest* orders[] = {&r.order};
  const auto codes = unrecognised_codes(test::kb().terminology(), orders, r.record);
  BOOST_TEST_REQUIRE(codes.size() == 3u);
  BOOST_TEST(codes[0].kind == "condition");
  BOOST_TEST(codes[0].code == "HTN");
  BOOST_TEST(codes[0].display == "Hypertension");
  BOOST_TEST(codes[1].code == "X1");
  BOOST_TEST(codes[1].display.empty());
  BOOST_TEST(codes[2].kind == "report");
  BOOST_TEST(codes[2].code == "F-1");

  // An order's own text names the orderable when its coding has no display.
  const auto untitled = test::request(
      R"({"resourceType":"ServiceRequest","id":"o2","status":"draft","intent":"order",)"
      R"("code":{"coding":[{"system":"urn:oid:9","code":"IMG2"}],"text":"MRI T-SPINE"}})",
      {});
  const auc::fhir::ServiceRequest* untitled_orders[] = {&untitled.order};
  const auto named = unrecognised_codes(test::kb().terminology(), untitled_orders, untitled.record);
  BOOST_TEST_REQUIRE(named.size() == 1u);
  BOOST_TEST(named[0].display == "MRI T-SPINE");

  const auto epic_only = test::request(test::order({{kEpic, "IMG1", "MRI L-SPINE"}}), {});
  const auc::fhir::ServiceRequest* only[] = {&epic_only.order};
  const auto order_codes = unrecognised_codes(test::kb().terminology(), only, epic_only.record);
  BOOST_TEST_REQUIRE(order_codes.size() == 1u);
  BOOST_TEST(order_codes[0].kind == "order");
  BOOST_TEST(order_codes[0].system == kEpic);
  BOOST_TEST(order_codes[0].display == "MRI L-SPINE");
}

BOOST_AUTO_TEST_CASE(the_report_exports_json_and_a_site_code_file) {
  auc::cards::ledger::UnrecognisedCodeReport report;
  report.codes.push_back(
      {"order", kEpic, "IMG1", "=HYPERLINK(\"x\")", "acr-vcf-order-select", 2, day(1), day(3)});
  report.dropped = 4;
  const std::string json = unrecognised_codes_json(report);
  BOOST_TEST(json.find(R"("code":"IMG1")") != std::string::npos, json);
  BOOST_TEST(json.find(R"("count":2)") != std::string::npos, json);
  BOOST_TEST(json.find(R"("firstSeen":"2026-01-01T00:00:00.000000Z")") != std::string::npos, json);
  BOOST_TEST(json.find(R"("lastSeen":"2026-01-03T00:00:00.000000Z")") != std::string::npos, json);
  BOOST_TEST(json.find(R"("dropped":4)") != std::string::npos, json);

  const std::string csv = unrecognised_codes_csv(report.codes);
  BOOST_TEST(csv.rfind("system,code,display,concept,region,match,unverified,preferred,note\n", 0) ==
             0u);
  // The display cannot become a formula; system and code stay exact for loading back.
  BOOST_TEST(
      csv.find(std::string(kEpic) + ",IMG1,\"'=HYPERLINK(\"\"x\"\")\",,,,,,") != std::string::npos,
      csv);
  BOOST_TEST(csv.find("order code seen 2 time(s) by acr-vcf-order-select, 2026-01-01 to "
                      "2026-01-03") != std::string::npos,
             csv);
}

BOOST_AUTO_TEST_SUITE_END()
