// --audit-listen: the auditor API on its own address, never reachable with the EHR's route set,
// and /criteria behind the same auditor credential.
#include <httplib.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/server_process.h"

namespace {

const std::string kToken = "auditor-token-0123456789abcdef0123456789abcdef";

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_listener)

BOOST_AUTO_TEST_CASE(auditor_api_moves_to_its_own_address) {
  auc::test::TempDir dir;
  auc::test::write_file(dir.file("audit-token"), kToken + "\n");
  std::string failure;
  auto server = auc::test::ServerProcess::start(
      {"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off", "--audit-listen", "127.0.0.1:0",
       "--audit-token-file", dir.file("audit-token"), "--ledger",
       "sqlite:" + dir.file("ledger.db")},
      {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  const int audit_port = server->logged_port("audit_listening");
  BOOST_TEST_REQUIRE(audit_port > 0, server->log());
  BOOST_TEST(audit_port != server->port());

  httplib::Client main_client("127.0.0.1", server->port());
  httplib::Client audit_client("127.0.0.1", audit_port);
  const httplib::Headers auth = {{"Authorization", "Bearer " + kToken}};

  auto on_audit = audit_client.Get("/audit/calls", auth);
  BOOST_TEST_REQUIRE(static_cast<bool>(on_audit));
  BOOST_TEST(on_audit->status == 200);
  auto without_token = audit_client.Get("/audit/calls");
  BOOST_TEST_REQUIRE(static_cast<bool>(without_token));
  BOOST_TEST(without_token->status == 401);

  // The EHR-facing listener no longer serves the auditor API or the criteria.
  auto on_main = main_client.Get("/audit/calls", auth);
  BOOST_TEST_REQUIRE(static_cast<bool>(on_main));
  BOOST_TEST(on_main->status == 404);
  BOOST_TEST(main_client.Get("/criteria", auth)->status == 404);

  // The criteria need the auditor credential too.
  BOOST_TEST(audit_client.Get("/criteria")->status == 401);
  auto criteria = audit_client.Get("/criteria", auth);
  BOOST_TEST(criteria->status == 200);
  BOOST_TEST(criteria->body.find("\"variants\"") != std::string::npos);
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(criteria_share_the_auditor_credential_on_the_main_listener) {
  auc::test::TempDir dir;
  auc::test::write_file(dir.file("audit-token"), kToken);
  std::string failure;
  auto server =
      auc::test::ServerProcess::start({"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off",
                                       "--audit-token-file", dir.file("audit-token")},
                                      {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  httplib::Client client("127.0.0.1", server->port());
  BOOST_TEST(client.Get("/criteria")->status == 401);
  BOOST_TEST(client.Get("/criteria", {{"Authorization", "Bearer " + kToken}})->status == 200);
}

BOOST_AUTO_TEST_CASE(auditor_listener_settings_are_checked_at_start) {
  auc::test::TempDir dir;
  auc::test::write_file(dir.file("audit-token"), kToken);
  const auto no_credential = auc::test::run_server_binary(
      auc::test::with_a_ledger({"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off",
                                "--audit-listen", "127.0.0.1:0"}));
  BOOST_TEST(no_credential.exit_code != 0);
  BOOST_TEST(no_credential.stderr_text.find("--audit-listen") != std::string::npos);

  const auto ca_without_listener =
      auc::test::run_server_binary({"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off",
                                    "--audit-client-ca", dir.file("audit-token")});
  BOOST_TEST(ca_without_listener.exit_code == 2);
  BOOST_TEST(ca_without_listener.stderr_text.find("--audit-client-ca") != std::string::npos);

  const auto public_plain = auc::test::run_server_binary(
      {"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off", "--audit-listen", "0.0.0.0:0",
       "--audit-token-file", dir.file("audit-token")});
  BOOST_TEST(public_plain.exit_code == 2);
  BOOST_TEST(public_plain.stderr_text.find("--audit-listen") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
