// Real assessments rendered as a hook response: the knowledge base from AUC_DATA_DIR, the
// engine run on hand-built FHIR (tests/support/fhir_builders.h), cards::render_hook_response
// with a predictable UUID source, and the body parsed back for the checks.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "cards/hook_response.h"
#include "tests/support/cds_response_validator.h"
#include "tests/support/fhir_builders.h"

namespace cards_test {

using test::Code;

// Patient codes (ICD-10-CM, as in the engine's variant tests).
inline const Code kVcfLumbar{test::kIcd, "M48.56XA",
                             "Collapsed vertebra, NEC, lumbar region, init"};
inline const Code kVcfOsteoporotic{
    test::kIcd, "M80.08XA",
    "Age-related osteoporosis w current pathological fracture, vertebra(e), init"};
inline const Code kVcfNeoplastic{test::kIcd, "M84.58XA",
                                 "Pathological fracture in neoplastic disease, other site, init"};
inline const Code kMalignancy{test::kIcd, "Z85.3",
                              "Personal history of malignant neoplasm of breast"};
inline const Code kBackPain{test::kIcd, "M54.50", "Low back pain, unspecified"};

// Ordered studies and treatments.
inline const Code kMriLumbarWithout{test::kCpt, "72148", "MRI lumbar spine without contrast"};
inline const Code kMriLumbarWithAndWithout{test::kCpt, "72158",
                                           "MRI lumbar spine without and with contrast"};
inline const Code kCtLumbarWithout{test::kCpt, "72131", "CT lumbar spine without contrast"};
inline const Code kCtLumbarWith{test::kCpt, "72132", "CT lumbar spine with contrast"};
inline const Code kKyphoplastyLumbar{test::kCpt, "22514",
                                     "Percutaneous vertebral augmentation, lumbar"};
inline const Code kRadium{"http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "A9606",
                          "Radium Ra-223 dichloride therapeutic"};

test::ConditionSpec dx(const Code& c, const std::string& onset = "2024-05-20");

// Variant scenarios (conditions only; no other resources needed).
std::vector<std::string> v1_new_symptomatic();         // fracture + back pain
std::vector<std::string> v2_symptomatic_malignancy();  // + history of malignancy
std::vector<std::string> v5_asymptomatic_osteoporotic();
std::vector<std::string> v9_pathological_with_pain();

// A draft with every field an EHR sends (reasonCode, bodySite, requester, note, an extension of
// its own, authoredOn...) so that the copies can be checked member by member.
// `reason` is the order's reasonCode (back pain makes the patient symptomatic).
std::string full_draft(const Code& ordered, const std::string& id = "draft-1",
                       const std::string& extra_extensions = "", const Code& reason = kBackPain);

struct Rendered {
  std::vector<test::Request> requests;  // own the JSON the assessments point into
  std::vector<auc::engine::Assessment> assessments;
  auc::cards::HookResponse response;
  rapidjson::Document body;

  const rapidjson::Value& draft(std::size_t i = 0) const { return (*requests[i].doc)["order"]; }
  const rapidjson::Value& cards() const { return body["cards"]; }
  // The one card; fails the test when there is not exactly one.
  const rapidjson::Value& card() const;
  std::vector<std::string> violations() const;
};

// Assesses each request's order and renders them as one response, with a fresh
// SequentialUuidSource.
Rendered render(std::vector<test::Request> requests, const auc::cards::CardPolicy& policy = {});
Rendered render(const std::string& order_json, const std::vector<std::string>& conditions,
                const auc::cards::CardPolicy& policy = {});

std::string_view sv(const rapidjson::Value& v);  // a string value as string_view
const rapidjson::Value* find_extension(const rapidjson::Value& resource, std::string_view url);
std::string pama_code(const rapidjson::Value& resource);  // "" when there is no pama-rating
std::string to_json(const rapidjson::Value& v);

}  // namespace cards_test
