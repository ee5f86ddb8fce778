// Prior and pending imaging through the real binary: the identical MRI done 3 days ago is named on
// an info card and not ordered again; in order-sign, when the better-rated study is already in the
// basket, the worse draft's card offers to remove it instead of adding a second MRI.
#include <signal.h>

#include <boost/test/unit_test.hpp>

#include "service_support.h"

using namespace auc::test;

namespace {

std::string str(const rapidjson::Value& v) {
  return std::string(v.GetString(), v.GetStringLength());
}

void set_value(rapidjson::Document& request, const char* key, const std::string& json) {
  rapidjson::Document value(&request.GetAllocator());
  value.Parse(json.c_str());
  BOOST_REQUIRE(!value.HasParseError());
  request["prefetch"][key] = rapidjson::Value(value, request.GetAllocator());
}

// The MRI as Epic returns it: ImagingStudy with a CPT procedure code and an MR series, and the
// final report with a LOINC code and free-text conclusion; both 3 days before the order.
const char* kImagingStudies = R"({"resourceType": "Bundle", "type": "searchset", "entry": [
  {"fullUrl": "https://fhir.epic.example/api/FHIR/R4/ImagingStudy/eIS-88",
   "resource": {"resourceType": "ImagingStudy", "id": "eIS-88", "status": "available",
     "subject": {"reference": "Patient/vcf-v1"}, "started": "2024-05-29T08:40:00Z",
     "modality": [{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "MR"}],
     "procedureCode": [{"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "72148",
       "display": "MRI LUMBAR SPINE WO CONTRAST"}], "text": "MRI L-SPINE WO"}],
     "series": [{"uid": "1.2.3", "modality": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "MR"}}]}}]})";
const char* kReports = R"({"resourceType": "Bundle", "type": "searchset", "entry": [
  {"fullUrl": "https://fhir.epic.example/api/FHIR/R4/DiagnosticReport/eDR-91",
   "resource": {"resourceType": "DiagnosticReport", "id": "eDR-91", "status": "final",
     "subject": {"reference": "Patient/vcf-v1"}, "effectiveDateTime": "2024-05-29T08:40:00Z",
     "code": {"coding": [{"system": "http://loinc.org", "code": "30679-5",
       "display": "MR Lumbar spine WO contrast"}], "text": "MRI L-SPINE WO"},
     "conclusion": "Acute L2 compression fracture with marrow edema."}}]})";

}  // namespace

BOOST_AUTO_TEST_SUITE(service_prior_imaging)

BOOST_AUTO_TEST_CASE(the_identical_mri_three_days_ago_is_named_and_not_ordered_again) {
  auto server = start_service();
  rapidjson::Document request = load_request("variant-1-order-select.json");
  auto& code = request["context"]["draftOrders"]["entry"][0]["resource"]["code"];
  code["coding"][0]["code"].SetString("72148");
  code["coding"][0]["display"].SetString("MRI lumbar spine without contrast");
  code["text"].SetString("MRI lumbar spine without contrast");
  set_value(request, "imagingStudies", kImagingStudies);
  set_value(request, "diagnosticReports", kReports);
  httplib::Client client("127.0.0.1", server->port());
  const auto response = expect_valid_response(post_json(client, kSelect, to_json(request)));
  const auto ratings = pama_ratings(response);
  BOOST_REQUIRE(ratings.size() == 1u);
  BOOST_TEST(ratings[0].second == "appropriate");  // the rating itself does not change
  BOOST_REQUIRE(response["cards"].Size() == 1u);
  const rapidjson::Value& card = response["cards"][0];
  BOOST_TEST(str(card["indicator"]) == "info");
  BOOST_TEST(str(card["summary"]).find("3 days ago") != std::string::npos, str(card["summary"]));
  BOOST_TEST(str(card["detail"]).find("ImagingStudy/eIS-88, report DiagnosticReport/eDR-91") !=
             std::string::npos);
  BOOST_TEST(!card.HasMember("suggestions"));
  bool prior_reason = false;
  for (const auto& r : card["overrideReasons"].GetArray()) {
    prior_reason = prior_reason || str(r["code"]) == "prior-imaging-available";
  }
  BOOST_TEST(prior_reason);
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(order_sign_with_the_better_study_drafted_offers_to_remove_the_worse) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  // order-1 CT lumbar with contrast (Usually Not Appropriate), order-2 MRI lumbar without
  // contrast (Usually Appropriate, the best option) in the same basket.
  const auto response =
      expect_valid_response(post_json(client, kSign, to_json(load_request("order-sign.json"))));
  BOOST_REQUIRE(response["cards"].Size() == 1u);
  const rapidjson::Value& card = response["cards"][0];
  BOOST_TEST(str(card["indicator"]) == "warning");
  BOOST_TEST(str(card["summary"]).find("already drafted") != std::string::npos);
  BOOST_TEST(str(card["detail"]).find("ServiceRequest/order-2") != std::string::npos);
  BOOST_REQUIRE(card["suggestions"].Size() == 1u);
  const rapidjson::Value& action = card["suggestions"][0]["actions"][0];
  BOOST_TEST(str(action["type"]) == "delete");
  BOOST_TEST(str(action["resourceId"][0]) == "ServiceRequest/order-1");
  BOOST_TEST(to_json(card["suggestions"]).find("72148") == std::string::npos);
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
