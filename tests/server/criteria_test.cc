// The criteria in force are visible without reading the source: `auc-hooks criteria --json`
// and GET /criteria publish the same document.
#include <httplib.h>
#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/server_process.h"

BOOST_AUTO_TEST_SUITE(criteria_document)

BOOST_AUTO_TEST_CASE(subcommand_and_endpoint_publish_the_loaded_criteria) {
  const auto printed = auc::test::run_server_binary({"criteria", "--json"});
  BOOST_TEST_REQUIRE(printed.exit_code == 0, printed.stderr_text);
  rapidjson::Document doc;
  doc.Parse(printed.stdout_text.c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError());
  const auto& topic = doc["topics"][0];
  for (const char* key : {"id", "title", "edition", "source_url", "variants"}) {
    BOOST_TEST(topic.HasMember(key), key);
  }
  BOOST_TEST(topic["variants"].Size() == 9u);
  std::size_t procedures = 0;
  for (const auto& v : topic["variants"].GetArray()) {
    for (const char* key : {"number", "title", "kind", "procedures"}) BOOST_TEST(v.HasMember(key));
    for (const auto& p : v["procedures"].GetArray()) {
      ++procedures;
      for (const char* key :
           {"name", "category", "rating", "median", "soe", "rrl_adult", "rrl_peds"}) {
        BOOST_TEST(p.HasMember(key), key);
      }
    }
  }
  BOOST_TEST(procedures == 71u);

  std::string failure;
  auto server = auc::test::ServerProcess::start(
      {"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off"}, {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Get("/criteria");
  BOOST_TEST_REQUIRE(static_cast<bool>(res));
  BOOST_TEST(res->status == 200);
  BOOST_TEST(res->body + "\n" == printed.stdout_text);
}

BOOST_AUTO_TEST_CASE(bad_data_dir_is_refused_with_the_file_named) {
  auc::test::TempDir empty;
  const auto r = auc::test::run_server_binary({"criteria", "--json", "--data-dir", empty.path()});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.stderr_text.find(empty.path()) != std::string::npos, r.stderr_text);
  BOOST_TEST(auc::test::run_server_binary({"criteria"}).exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
