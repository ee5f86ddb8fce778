#include "tests/support/fhir_builders.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "fhir/datetime.h"
#include "fhir/parse.h"

namespace test {

const auc::engine::KnowledgeBase& kb() {
  static const std::shared_ptr<const auc::engine::KnowledgeBase> loaded = [] {
    auc::engine::KnowledgeBaseOptions o;
    o.data_dir = AUC_DATA_DIR;
    o.local_codes_dir = std::string(AUC_FIXTURES_DIR) + "/engine/local-codes";
    auto r = auc::engine::KnowledgeBase::load(o);
    if (!r) BOOST_FAIL("knowledge base: " + r.error().to_string());
    return *r;
  }();
  return *loaded;
}

std::chrono::sys_seconds at(const char* datetime) {
  const auto d = auc::fhir::parse_datetime(datetime);
  BOOST_REQUIRE(d);
  return d->earliest();
}

namespace {
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string coding_json(const Code& c) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : {std::pair<const char*, const std::string*>{"system", &c.system},
                             {"code", &c.code},
                             {"display", &c.display}}) {
    if (v->empty()) continue;
    if (!first) out += ",";
    first = false;
    out += quoted(k) + ":" + quoted(*v);
  }
  return out + "}";
}

std::string concept_json(const std::vector<Code>& codes) {
  std::string out = "{\"coding\":[";
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i) out += ",";
    out += coding_json(codes[i]);
  }
  return out + "]}";
}

std::string condition(const std::string& id, const ConditionSpec& s) {
  std::string out = "{\"resourceType\":\"Condition\",\"id\":" + quoted(id);
  if (!s.clinical.empty()) {
    out += ",\"clinicalStatus\":" +
           concept_json(
               {{"http://terminology.hl7.org/CodeSystem/condition-clinical", s.clinical, ""}});
  }
  if (!s.verification.empty()) {
    out += ",\"verificationStatus\":" +
           concept_json({{"http://terminology.hl7.org/CodeSystem/condition-ver-status",
                          s.verification, ""}});
  }
  out += ",\"code\":" + concept_json(s.codes);
  out += ",\"subject\":{\"reference\":\"Patient/p1\"}";
  if (!s.onset.empty()) out += ",\"onsetDateTime\":" + quoted(s.onset);
  if (!s.recorded.empty()) out += ",\"recordedDate\":" + quoted(s.recorded);
  return out + "}";
}

std::string procedure(const std::string& id, const Code& code, const std::string& status,
                      const std::string& performed) {
  std::string out = "{\"resourceType\":\"Procedure\",\"id\":" + quoted(id) +
                    ",\"status\":" + quoted(status) + ",\"code\":" + concept_json({code});
  if (!performed.empty()) out += ",\"performedDateTime\":" + quoted(performed);
  return out + "}";
}

std::string report(const std::string& id, const Code& code, const std::vector<Code>& conclusion,
                   const std::string& date, const std::string& status) {
  std::string out = "{\"resourceType\":\"DiagnosticReport\",\"id\":" + quoted(id) +
                    ",\"status\":" + quoted(status) + ",\"code\":" + concept_json({code}) +
                    ",\"effectiveDateTime\":" + quoted(date) + ",\"conclusionCode\":[";
  for (std::size_t i = 0; i < conclusion.size(); ++i) {
    if (i) out += ",";
    out += concept_json({conclusion[i]});
  }
  return out + "]}";
}

std::string observation(const std::string& id, const Code& code, const std::string& date,
                        const std::string& status) {
  return "{\"resourceType\":\"Observation\",\"id\":" + quoted(id) +
         ",\"status\":" + quoted(status) + ",\"code\":" + concept_json({code}) +
         ",\"effectiveDateTime\":" + quoted(date) + "}";
}

std::string patient(const std::string& birth_date) {
  std::string out = "{\"resourceType\":\"Patient\",\"id\":\"p1\"";
  if (!birth_date.empty()) out += ",\"birthDate\":" + quoted(birth_date);
  return out + "}";
}

std::string bundle(const std::vector<std::string>& resources) {
  std::string out = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[";
  for (std::size_t i = 0; i < resources.size(); ++i) {
    if (i) out += ",";
    out += "{\"resource\":" + resources[i] + "}";
  }
  return out + "]}";
}

std::string order(const std::vector<Code>& codes, const std::vector<Code>& reasons,
                  const std::string& authored) {
  std::string out =
      "{\"resourceType\":\"ServiceRequest\",\"id\":\"order-1\",\"status\":\"draft\","
      "\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p1\"},\"code\":" +
      concept_json(codes) + ",\"reasonCode\":[";
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i) out += ",";
    out += concept_json({reasons[i]});
  }
  out += "]";
  if (!authored.empty()) out += ",\"authoredOn\":" + quoted(authored);
  return out + "}";
}

Request request_from_text(const std::string& text) {
  Request r;
  r.doc = std::make_unique<rapidjson::Document>();
  r.doc->Parse(text.c_str());
  BOOST_REQUIRE_MESSAGE(!r.doc->HasParseError(), "fixture JSON does not parse");
  auto o = auc::fhir::parse_resource<auc::fhir::ServiceRequest>((*r.doc)["order"], "/order");
  BOOST_REQUIRE_MESSAGE(o, (o ? "" : o.error().to_string()));
  r.order = std::move(*o);
  if (r.doc->HasMember("prefetch")) {
    for (const auto& m : (*r.doc)["prefetch"].GetObject()) {
      const std::string key(m.name.GetString());
      auto added =
          auc::fhir::add_to_record(r.record, m.name.GetString(), m.value, "/prefetch/" + key);
      BOOST_REQUIRE_MESSAGE(added, (added ? "" : added.error().to_string()));
    }
  }
  return r;
}

Request request(const std::string& order_json, const std::vector<std::string>& conditions,
                const std::vector<std::string>& others, const std::string& patient_json) {
  std::string text = "{\"order\":" + order_json +
                     ",\"prefetch\":{\"conditions\":" + bundle(conditions) +
                     ",\"other\":" + bundle(others);
  if (!patient_json.empty()) text += ",\"patient\":" + patient_json;
  return request_from_text(text + "}}");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

auc::engine::Assessment assess(const Request& r, const char* now) {
  return auc::engine::assess(kb(), r.order, r.record, at(now));
}

}  // namespace test
