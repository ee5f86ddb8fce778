#include "service_support.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "tests/support/cds_response_validator.h"

namespace auc::test {

std::unique_ptr<ServerProcess> start_service(std::vector<std::string> extra) {
  std::vector<std::string> args = {"--listen", "127.0.0.1:0",       "--plain-http", "--auth",
                                   "off",      "--fhir-allow-http", "--log-level",  "debug"};
  // The site mapping that codes bone marrow edema on MRI reports (variant 6 needs it).
  args.push_back("--local-codes");
  args.push_back(std::string(AUC_FIXTURES_DIR) + "/engine/local-codes");
  args.insert(args.end(), extra.begin(), extra.end());
  std::string failure;
  auto server = ServerProcess::start(args, {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  return server;
}

rapidjson::Document load_request(const std::string& name) {
  rapidjson::Document doc;
  const std::string text = read_file(std::string(AUC_FIXTURES_DIR) + "/requests/" + name);
  doc.Parse(text.c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError(), name << " is not JSON");
  return doc;
}

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

void remove_prefetch_key(rapidjson::Document& request, const char* key) {
  request["prefetch"].RemoveMember(key);
}

void set_fhir_server(rapidjson::Document& request, const std::string& url,
                     const std::string& token) {
  auto& a = request.GetAllocator();
  request.RemoveMember("fhirServer");
  request.RemoveMember("fhirAuthorization");
  request.AddMember("fhirServer", rapidjson::Value(url.c_str(), a), a);
  rapidjson::Value auth(rapidjson::kObjectType);
  auth.AddMember("access_token", rapidjson::Value(token.c_str(), a), a);
  auth.AddMember("token_type", "Bearer", a);
  auth.AddMember("expires_in", 300, a);
  auth.AddMember("scope", "patient/*.read", a);
  auth.AddMember("subject", "cds-service", a);
  request.AddMember("fhirAuthorization", auth, a);
}

httplib::Result post_json(httplib::Client& client, const std::string& path,
                          const std::string& body) {
  return client.Post(path.c_str(), body, "application/json");
}

rapidjson::Document expect_valid_response(const httplib::Result& res) {
  rapidjson::Document doc;
  BOOST_TEST_REQUIRE(static_cast<bool>(res));
  BOOST_TEST_REQUIRE(res->status == 200, "status " << res->status << ": " << res->body);
  BOOST_TEST(res->get_header_value("Content-Type") == "application/json");
  doc.Parse(res->body.c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError(), "not JSON: " << res->body);
  const auto violations = validate_cds_response(doc);
  BOOST_TEST(violations.empty(), describe_violations(violations));
  return doc;
}

std::string expect_outcome(const httplib::Result& res, int status) {
  BOOST_TEST_REQUIRE(static_cast<bool>(res));
  BOOST_TEST(res->status == status, "status " << res->status << ": " << res->body);
  BOOST_TEST(res->get_header_value("Content-Type") == "application/fhir+json");
  BOOST_TEST(res->body.find("<html") == std::string::npos, "HTML body: " << res->body);
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError(), "not JSON: " << res->body);
  BOOST_TEST(std::string(doc["resourceType"].GetString()) == "OperationOutcome");
  const auto& issue = doc["issue"][0];
  BOOST_TEST(issue["diagnostics"].GetStringLength() > 0u);
  if (!issue.HasMember("expression")) return {};
  return issue["expression"][0].GetString();
}

int rated_variant(const rapidjson::Value& resource) {
  if (!resource.HasMember("extension")) return 0;
  for (const auto& e : resource["extension"].GetArray()) {
    if (std::string(e["url"].GetString()).find("acr-rating") == std::string::npos) continue;
    if (!e.HasMember("extension")) continue;
    for (const auto& sub : e["extension"].GetArray()) {
      if (std::string(sub["url"].GetString()) == "variant" && sub.HasMember("valueInteger")) {
        return sub["valueInteger"].GetInt();
      }
    }
  }
  return 0;
}

std::vector<std::pair<std::string, std::string>> pama_ratings(const rapidjson::Value& response) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!response.HasMember("systemActions")) return out;
  for (const auto& action : response["systemActions"].GetArray()) {
    const auto& resource = action["resource"];
    std::string code;
    if (resource.HasMember("extension")) {
      for (const auto& e : resource["extension"].GetArray()) {
        if (std::string(e["url"].GetString()) == "http://fhir.org/argonaut/Extension/pama-rating") {
          code = e["valueCodeableConcept"]["coding"][0]["code"].GetString();
        }
      }
    }
    out.emplace_back(resource["id"].GetString(), code);
  }
  return out;
}

double series(const std::string& exposition, const std::string& name_and_labels) {
  std::istringstream lines(exposition);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > name_and_labels.size() &&
        line.compare(0, name_and_labels.size(), name_and_labels) == 0 &&
        line[name_and_labels.size()] == ' ') {
      return std::stod(line.substr(name_and_labels.size() + 1));
    }
  }
  return -1;
}

}  // namespace auc::test
