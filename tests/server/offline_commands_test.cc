// `auc-hooks assess` and `auc-hooks codes check` through the real binary: the same answer as the
// server, a readable account with --explain, and site code files judged as the server judges
// them at start.
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>

#include "service_support.h"

using namespace auc::test;

namespace {

const std::string kEpic = "urn:oid:1.2.840.114350.1.13.999.2.7.2.696580";
const std::string kData = AUC_DATA_DIR;

// The variant-1 request with its order coded only by an Epic local orderable, as Epic sends it
// when the procedure masterfile carries no CPT.
std::string epic_only_request() {
  rapidjson::Document doc = load_request("variant-1-order-select.json");
  auto& a = doc.GetAllocator();
  rapidjson::Value& order = doc["context"]["draftOrders"]["entry"][0]["resource"];
  rapidjson::Value code(rapidjson::kObjectType);
  rapidjson::Value coding(rapidjson::kArrayType);
  rapidjson::Value epic(rapidjson::kObjectType);
  epic.AddMember("system", rapidjson::Value(kEpic.c_str(), a), a);
  epic.AddMember("code", "IMG7720", a);
  epic.AddMember("display", "CT L-SPINE W CONTRAST", a);
  coding.PushBack(epic, a);
  code.AddMember("coding", coding, a);
  code.AddMember("text", "CT L-SPINE W CONTRAST", a);
  order["code"] = code;
  return to_json(doc);
}

ProcessResult run_shell(const std::string& command) {
  ProcessResult r;
  FILE* pipe = popen(command.c_str(), "r");
  BOOST_TEST_REQUIRE(pipe != nullptr);
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.stdout_text.append(buf, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(offline_commands)

BOOST_AUTO_TEST_CASE(assess_answers_as_the_server_does) {
  const std::string file = std::string(AUC_FIXTURES_DIR) + "/requests/variant-1-order-select.json";
  const auto offline = run_server_binary({"assess", file, "--data-dir", kData});
  BOOST_TEST_REQUIRE(offline.exit_code == 0, offline.stderr_text);
  rapidjson::Document answer;
  answer.Parse(offline.stdout_text.c_str());
  BOOST_TEST_REQUIRE(!answer.HasParseError());

  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  const auto online = expect_valid_response(post_json(client, kSelect, read_file(file)));
  BOOST_TEST_REQUIRE(answer["cards"].Size() == online["cards"].Size());
  BOOST_TEST_REQUIRE(answer["cards"].Size() == 1u);
  BOOST_TEST(std::string(answer["cards"][0]["summary"].GetString()) ==
             online["cards"][0]["summary"].GetString());
  BOOST_TEST(std::string(answer["cards"][0]["detail"].GetString()) ==
             online["cards"][0]["detail"].GetString());
  BOOST_TEST(pama_ratings(answer) == pama_ratings(online));
  server->stop(SIGTERM);

  // The same from standard input.
  const auto piped =
      run_shell(std::string(AUC_SERVER_BIN) + " assess - --data-dir " + kData + " < " + file);
  BOOST_TEST(piped.exit_code == 0);
  BOOST_TEST(piped.stdout_text.find(answer["cards"][0]["summary"].GetString()) !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(explain_names_codes_facts_variant_rating_and_suggestions) {
  const std::string file = std::string(AUC_FIXTURES_DIR) + "/requests/variant-1-order-select.json";
  const auto r = run_server_binary({"assess", file, "--explain", "--data-dir", kData});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.stderr_text);
  const std::string& t = r.stdout_text;
  for (const char* expected :
       {"Order ServiceRequest/order-1",
        "http://www.ama-assn.org/go/cpt 72132 \"CT lumbar spine with contrast\": recognised as "
        "procedure/ct-spine-with-iv-contrast (lumbar",
        "symptomatic = true (documented) from Condition/vcf-v1-c2",
        "malignancy_history = false (inferred)", "Variant 1: New symptomatic vertebral",
        "Rating: CT spine area of interest with IV contrast: Usually Not Appropriate, 3",
        "Card (warning): Consider MRI spine area of interest without IV contrast",
        "suggested: Order MRI spine area of interest without IV contrast instead",
        "not offered: Bone scan whole body (May Be Appropriate, 5): below the best category",
        "Unrecognised codes (none of the concept's codings maps): none"}) {
    BOOST_TEST(t.find(expected) != std::string::npos, "missing: " << expected << "\n" << t);
  }
}

BOOST_AUTO_TEST_CASE(an_unmapped_epic_orderable_is_named_and_a_site_file_makes_it_rated) {
  TempDir dir;
  write_file(dir.file("request.json"), epic_only_request());
  const auto unmapped =
      run_server_binary({"assess", dir.file("request.json"), "--explain", "--data-dir", kData});
  BOOST_TEST_REQUIRE(unmapped.exit_code == 0, unmapped.stderr_text);
  BOOST_TEST(unmapped.stdout_text.find(
                 kEpic + " IMG7720 \"CT L-SPINE W CONTRAST\": NOT recognised") != std::string::npos,
             unmapped.stdout_text);
  BOOST_TEST(unmapped.stdout_text.find("Ordered study: not recognised") != std::string::npos);
  BOOST_TEST(unmapped.stdout_text.find("Rating: none (no-criteria-apply)") != std::string::npos);
  BOOST_TEST(unmapped.stdout_text.find("  order: " + kEpic + " IMG7720") != std::string::npos);

  std::filesystem::create_directory(dir.file("codes"));
  write_file(dir.file("codes/epic.csv"),
             "system,code,display,concept,region\n" + kEpic +
                 ",IMG7720,CT L-SPINE W CONTRAST,procedure/ct-spine-with-iv-contrast,lumbar\n");
  const auto mapped = run_server_binary({"assess", dir.file("request.json"), "--explain",
                                         "--data-dir", kData, "--local-codes", dir.file("codes")});
  BOOST_TEST_REQUIRE(mapped.exit_code == 0, mapped.stderr_text);
  BOOST_TEST(mapped.stdout_text.find("Rating: CT spine area of interest with IV contrast: Usually "
                                     "Not Appropriate, 3") != std::string::npos,
             mapped.stdout_text);
  BOOST_TEST(
      mapped.stdout_text.find("Unrecognised codes (none of the concept's codings maps): none") !=
      std::string::npos);
}

BOOST_AUTO_TEST_CASE(explain_says_which_suggestion_a_safety_rule_removed_and_why) {
  // The variant-2 patient with a gadolinium allergy as Epic sends it (local allergen code).
  rapidjson::Document request = load_request("variant-2-order-select.json");
  auto& a = request.GetAllocator();
  rapidjson::Document bundle(&a);
  bundle.Parse(R"({"resourceType":"Bundle","type":"searchset","entry":[{"resource":{
    "resourceType":"AllergyIntolerance","id":"eAlg.Gd1",
    "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
    "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification","code":"confirmed"}]},
    "category":["medication"],"criticality":"high",
    "code":{"coding":[{"system":"urn:oid:1.2.840.114350.1.13.0.1.7.2.767560","code":"1234",
      "display":"GADOLINIUM-CONTAINING CONTRAST MEDIA"}],"text":"Gadolinium - anaphylaxis"},
    "patient":{"reference":"Patient/vcf-v2"},"recordedDate":"2021-05-02T09:12:00Z"}}]})");
  BOOST_TEST_REQUIRE(!bundle.HasParseError());
  if (request["prefetch"].HasMember("allergies")) request["prefetch"].RemoveMember("allergies");
  request["prefetch"].AddMember("allergies", rapidjson::Value(bundle, a), a);
  TempDir dir;
  write_file(dir.file("request.json"), to_json(request));
  const auto r =
      run_server_binary({"assess", dir.file("request.json"), "--explain", "--data-dir", kData});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.stderr_text);
  BOOST_TEST(r.stdout_text.find("not offered: MRI spine area of interest without and with IV "
                                "contrast (Usually Appropriate, 9): removed for this patient by "
                                "safety rule") != std::string::npos,
             r.stdout_text);
  BOOST_TEST(r.stdout_text.find("suggested: Order MRI spine area of interest without and with") ==
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(assess_refuses_what_the_server_would_refuse) {
  TempDir dir;
  write_file(dir.file("not-json.json"), "{\"hook\": ");
  const auto not_json =
      run_server_binary({"assess", dir.file("not-json.json"), "--data-dir", kData});
  BOOST_TEST(not_json.exit_code == 1);
  BOOST_TEST(not_json.stderr_text.find("not JSON") != std::string::npos);
  write_file(dir.file("no-hook.json"), R"({"hookInstance":"x"})");
  const auto no_hook = run_server_binary({"assess", dir.file("no-hook.json"), "--data-dir", kData});
  BOOST_TEST(no_hook.exit_code == 1);
  BOOST_TEST(no_hook.stderr_text.find("/hook") != std::string::npos);
  rapidjson::Document request = load_request("variant-1-order-select.json");
  remove_prefetch_key(request, "conditions");
  write_file(dir.file("no-conditions.json"), to_json(request));
  const auto missing =
      run_server_binary({"assess", dir.file("no-conditions.json"), "--data-dir", kData});
  BOOST_TEST(missing.exit_code == 1);
  BOOST_TEST(missing.stderr_text.find("412") != std::string::npos, missing.stderr_text);
  BOOST_TEST(missing.stderr_text.find("conditions") != std::string::npos);
  BOOST_TEST(run_server_binary({"assess"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(codes_check_judges_site_files_as_the_server_does_at_start) {
  TempDir dir;
  std::filesystem::create_directory(dir.file("good"));
  write_file(dir.file("good/epic.csv"),
             "system,code,display,concept,region\n" + kEpic +
                 ",IMG7720,CT L-SPINE W CONTRAST,procedure/ct-spine-with-iv-contrast,lumbar\n");
  const auto good = run_server_binary({"codes", "check", dir.file("good"), "--data-dir", kData});
  BOOST_TEST(good.exit_code == 0, good.stderr_text);
  BOOST_TEST(good.stdout_text.find("OK, 1 site code file(s)") != std::string::npos,
             good.stdout_text);

  // Line 3 gives CPT 72148 (MRI lumbar without contrast) another meaning than the shipped table.
  std::filesystem::create_directory(dir.file("bad"));
  write_file(dir.file("bad/site.csv"),
             "system,code,display,concept,region\n" + kEpic +
                 ",IMG7720,CT L-SPINE W CONTRAST,procedure/ct-spine-with-iv-contrast,lumbar\n"
                 "cpt,72148,MRI LUMBAR,procedure/ct-spine-without-iv-contrast,lumbar\n");
  const auto bad = run_server_binary({"codes", "check", dir.file("bad"), "--data-dir", kData});
  BOOST_TEST(bad.exit_code == 1);
  BOOST_TEST(bad.stderr_text.find("site.csv: row 3: concept:") != std::string::npos,
             bad.stderr_text);
  const auto server = run_server_binary({"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off",
                                         "--data-dir", kData, "--local-codes", dir.file("bad"),
                                         "--ledger", "sqlite:" + dir.file("ledger.db")});
  BOOST_TEST(server.exit_code == 1);
  BOOST_TEST(server.stderr_text.find(bad.stderr_text.substr(0, bad.stderr_text.size() - 1)) !=
                 std::string::npos,
             server.stderr_text << " vs " << bad.stderr_text);

  write_file(dir.file("bad/site.csv"), "system,code,display,concept\ncpt,1,x,nowhere/x\n");
  const auto namespace_error =
      run_server_binary({"codes", "check", dir.file("bad"), "--data-dir", kData});
  BOOST_TEST(namespace_error.exit_code == 1);
  BOOST_TEST(namespace_error.stderr_text.find("row 2: concept") != std::string::npos,
             namespace_error.stderr_text);
  BOOST_TEST(run_server_binary({"codes", "check", dir.file("missing")}).exit_code == 1);
  BOOST_TEST(run_server_binary({"codes"}).exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
