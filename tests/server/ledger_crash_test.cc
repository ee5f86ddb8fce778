// The ledger's durability promise, end to end: a 200 means the ledger has the call, even when
// the server is killed with SIGKILL an instant later. Hook calls carry real JWTs, and neither
// the tokens nor the raw patient/user ids may reach the database file.
#include <httplib.h>
#include <openssl/pem.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ctime>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "hooks/auth/dev_token.h"
#include "tests/support/server_process.h"

namespace {

using auc::test::ServerProcess;

constexpr char kPublicBase[] = "https://auc-hooks.test";
constexpr char kService[] = "acr-vcf-order-select";
constexpr char kSandboxKid[] = "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f";
constexpr char kSandboxIssuer[] = "https://sandbox.cds-hooks.org";

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

std::unique_ptr<EVP_PKEY, PkeyFree> sandbox_key() {
  const std::string path = AUC_FIXTURES_DIR "/auth/sandbox.cds-hooks.org.PUBLIC-TEST-KEY.pem";
  FILE* f = std::fopen(path.c_str(), "r");
  BOOST_TEST_REQUIRE(f != nullptr, "cannot read " << path);
  EVP_PKEY* key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  BOOST_TEST_REQUIRE(key != nullptr);
  return std::unique_ptr<EVP_PKEY, PkeyFree>(key);
}

std::string mint(EVP_PKEY* key, const std::string& path) {
  auc::hooks::DevTokenRequest request;
  request.kid = kSandboxKid;
  request.issuer = kSandboxIssuer;
  request.audience = std::string(kPublicBase) + path;
  // No Boost assertions here: clients run on their own threads. "" is simply refused (401).
  auto token = auc::hooks::mint_dev_token(request, key, std::time(nullptr));
  return token ? token.value() : std::string();
}

std::vector<std::string> server_args(const auc::test::TempDir& dir,
                                     const std::string& durability = "process-crash") {
  return {"--ledger-durability",
          durability,
          "--listen",
          "127.0.0.1:0",
          "--plain-http",
          "--public-base-url",
          kPublicBase,
          "--trust",
          std::string(AUC_SOURCE_DIR) + "/certs/trust/cds-hooks-sandbox.json",
          "--local-codes",
          std::string(AUC_SOURCE_DIR) + "/tests/fixtures/engine/local-codes",
          "--ledger",
          "sqlite:" + dir.file("ledger.sqlite"),
          "--pseudonym-key-file",
          dir.file("pseudonym.key"),
          "--audit-token-file",
          dir.file("audit.token"),
          "--threads",
          "4"};
}

// Order-select fixtures with the hookInstance replaced, so every call is distinguishable.
class RequestFactory {
 public:
  RequestFactory() {
    for (int v = 1; v <= 9; ++v) {
      templates_.push_back(auc::test::read_file(std::string(AUC_FIXTURES_DIR) +
                                                "/requests/variant-" + std::to_string(v) +
                                                "-order-select.json"));
      rapidjson::Document doc;
      doc.Parse(templates_.back().c_str());
      BOOST_TEST_REQUIRE(!doc.HasParseError());
      patient_ids_.insert(doc["context"]["patientId"].GetString());
      user_ids_.insert(doc["context"]["userId"].GetString());
    }
  }
  std::string body(int n, const std::string& hook_instance) const {
    rapidjson::Document doc;
    doc.Parse(templates_[static_cast<std::size_t>(n) % templates_.size()].c_str());
    doc["hookInstance"].SetString(hook_instance.c_str(), doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    return buffer.GetString();
  }
  const std::set<std::string>& patient_ids() const { return patient_ids_; }
  const std::set<std::string>& user_ids() const { return user_ids_; }

 private:
  std::vector<std::string> templates_;
  std::set<std::string> patient_ids_;
  std::set<std::string> user_ids_;
};

// What the clients saw acknowledged with a 200.
struct Acknowledged {
  std::mutex mutex;
  std::set<std::string> hook_instances;
  std::set<std::pair<std::string, std::string>> feedback;  // (card uuid, outcome)
  std::vector<std::string> tokens;                         // every token sent
};

// One client: hook call, then feedback on its first card, until told to stop or the server dies.
void client_loop(int client, int port, EVP_PKEY* key, const RequestFactory& requests,
                 Acknowledged& acked, const std::atomic<bool>& stop) {
  httplib::Client http("127.0.0.1", port);
  http.set_read_timeout(5, 0);
  const std::string call_path = std::string("/cds-services/") + kService;
  const std::string feedback_path = call_path + "/feedback";
  for (int i = 0; !stop.load(); ++i) {
    char hook_instance[40];  // a UUID, as CDS Hooks requires; unique per client and call
    std::snprintf(hook_instance, sizeof hook_instance, "%08x-0d3f-4c5e-9a7b-%012x",
                  static_cast<unsigned>(client), static_cast<unsigned>(i));
    const std::string call_token = mint(key, call_path);
    {
      std::lock_guard lock(acked.mutex);
      acked.tokens.push_back(call_token);
    }
    auto res = http.Post(call_path.c_str(), {{"Authorization", "Bearer " + call_token}},
                         requests.body(client + i, hook_instance), "application/json");
    if (!res) return;  // the server is gone
    if (res->status != 200) continue;
    std::string card_uuid;
    std::string suggestion_uuid;
    {
      rapidjson::Document doc;
      doc.Parse(res->body.c_str());
      std::lock_guard lock(acked.mutex);
      acked.hook_instances.insert(hook_instance);
      if (!doc.HasParseError() && doc.HasMember("cards") && doc["cards"].Size() > 0) {
        const auto& card = doc["cards"][0];
        card_uuid = card["uuid"].GetString();
        if (card.HasMember("suggestions") && card["suggestions"].Size() > 0 &&
            card["suggestions"][0].HasMember("uuid")) {
          suggestion_uuid = card["suggestions"][0]["uuid"].GetString();
        }
      }
    }
    if (card_uuid.empty()) continue;
    const bool accept = !suggestion_uuid.empty() && i % 2 == 0;
    std::string feedback = R"({"feedback":[{"card":")" + card_uuid + R"(","outcome":")" +
                           (accept ? "accepted" : "overridden") + R"(",)";
    if (accept) {
      feedback += R"("acceptedSuggestions":[{"id":")" + suggestion_uuid + R"("}],)";
    } else {
      feedback += R"("overrideReason":{"userComment":"crash test"},)";
    }
    feedback += R"("outcomeTimestamp":"2026-01-01T00:00:00Z"}]})";
    const std::string feedback_token = mint(key, feedback_path);
    {
      std::lock_guard lock(acked.mutex);
      acked.tokens.push_back(feedback_token);
    }
    auto fb = http.Post(feedback_path.c_str(), {{"Authorization", "Bearer " + feedback_token}},
                        feedback, "application/json");
    if (!fb) return;
    if (fb->status == 200) {
      std::lock_guard lock(acked.mutex);
      acked.feedback.emplace(card_uuid, accept ? "accepted" : "overridden");
    }
  }
}

std::string sqlite_text(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  BOOST_TEST_REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) ==
                     SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

std::string database_bytes(const auc::test::TempDir& dir) {
  std::string all;
  // The call journal too: it holds acknowledged calls until the database has them.
  for (const char* name : {"ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm",
                           "ledger.sqlite-calls-0", "ledger.sqlite-calls-1"}) {
    std::ifstream in(dir.file(name), std::ios::binary);
    if (in) all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

// Starts the server with the given --ledger-durability, kills it with SIGKILL while four clients
// are calling, restarts it and requires every acknowledged call and feedback in the export.
void check_every_acknowledged_write_survives_sigkill(const std::string& durability) {
  auc::test::TempDir dir;
  auc::test::write_file(dir.file("pseudonym.key"), "0123456789abcdef0123456789abcdef-crash\n");
  const std::string audit_token = "audit-0123456789abcdef0123456789abcdef";
  auc::test::write_file(dir.file("audit.token"), audit_token + "\n");
  const auto key = sandbox_key();
  const RequestFactory requests;

  std::string failure;
  auto server = ServerProcess::start(server_args(dir, durability), {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);

  Acknowledged acked;
  std::atomic<bool> stop{false};
  constexpr int kClients = 4;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back(client_loop, c, server->port(), key.get(), std::cref(requests),
                         std::ref(acked), std::cref(stop));
  }
  // Let some calls complete, then kill at a random moment while calls are in flight.
  std::mt19937 random(std::random_device{}());
  const auto kill_after =
      std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 900)(random));
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(acked.mutex);
      if (acked.hook_instances.size() >= 10) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(kill_after);
  server->kill_now();
  stop.store(true);
  for (auto& t : clients) t.join();
  BOOST_TEST_MESSAGE("killed after " << kill_after.count() << " ms; acknowledged "
                                     << acked.hook_instances.size() << " calls and "
                                     << acked.feedback.size() << " feedback reports");
  BOOST_TEST_REQUIRE(acked.hook_instances.size() >= 10u);

  // The file as the crash left it: consistent, and free of tokens and raw ids.
  BOOST_TEST(sqlite_text(dir.file("ledger.sqlite"), "PRAGMA integrity_check") == "ok");
  const std::string bytes = database_bytes(dir);
  BOOST_TEST_REQUIRE(bytes.find(*acked.hook_instances.begin()) != std::string::npos);
  for (const auto& token : acked.tokens) {
    BOOST_TEST(bytes.find(token.substr(token.rfind('.') + 1)) == std::string::npos);  // signature
    BOOST_TEST(bytes.find(token.substr(0, token.find('.'))) == std::string::npos);    // header
  }
  for (const auto& id : requests.patient_ids()) {
    BOOST_TEST(bytes.find(id) == std::string::npos, "raw patient id " << id << " in the ledger");
  }
  for (const auto& id : requests.user_ids()) {
    BOOST_TEST(bytes.find(id) == std::string::npos, "raw user id " << id << " in the ledger");
  }

  // Restarted on the same file, the auditor API shows every acknowledged call and feedback.
  server = ServerProcess::start(server_args(dir, durability), {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  httplib::Client http("127.0.0.1", server->port());
  auto exported =
      http.Get("/audit/export/calls.ndjson", {{"Authorization", "Bearer " + audit_token}});
  BOOST_TEST_REQUIRE(static_cast<bool>(exported));
  BOOST_TEST_REQUIRE(exported->status == 200);
  std::set<std::string> stored_calls;
  std::set<std::pair<std::string, std::string>> stored_feedback;
  std::istringstream lines(exported->body);
  std::string line;
  while (std::getline(lines, line)) {
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    BOOST_TEST_REQUIRE(!doc.HasParseError());
    stored_calls.insert(doc["hookInstance"].GetString());
    for (const auto& f : doc["feedback"].GetArray()) {
      stored_feedback.emplace(f["card"].GetString(), f["outcome"].GetString());
    }
  }
  for (const auto& hook_instance : acked.hook_instances) {
    BOOST_TEST(stored_calls.count(hook_instance) == 1u, hook_instance << " got a 200 but is lost");
  }
  for (const auto& [card, outcome] : acked.feedback) {
    BOOST_TEST(stored_feedback.count({card, outcome}) == 1u,
               "feedback " << outcome << " on " << card << " got a 200 but is lost");
  }
  // The file keeps the JSON documents compressed, so a grep of it cannot see into them: the
  // export shows them as stored, and must hold no token or raw id either.
  for (const auto& token : acked.tokens) {
    BOOST_TEST(exported->body.find(token.substr(token.rfind('.') + 1)) == std::string::npos);
  }
  for (const auto& id : requests.patient_ids()) {
    BOOST_TEST(exported->body.find(id) == std::string::npos, "raw patient id " << id);
  }
  for (const auto& id : requests.user_ids()) {
    BOOST_TEST(exported->body.find(id) == std::string::npos, "raw user id " << id);
  }
  BOOST_TEST(server->stop(SIGTERM) == 0);
  BOOST_TEST(sqlite_text(dir.file("ledger.sqlite"), "PRAGMA integrity_check") == "ok");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ledger_durability)

// The default leaves the fsync to the OS; a crash of the process must lose nothing.
BOOST_AUTO_TEST_CASE(every_acknowledged_call_and_feedback_survives_sigkill) {
  check_every_acknowledged_write_survives_sigkill("process-crash");
}

BOOST_AUTO_TEST_CASE(with_power_loss_durability_too) {
  check_every_acknowledged_write_survives_sigkill("power-loss");
}

BOOST_AUTO_TEST_CASE(auditor_api_refuses_the_ehr_jwt_and_wrong_tokens) {
  auc::test::TempDir dir;
  auc::test::write_file(dir.file("pseudonym.key"), "0123456789abcdef0123456789abcdef-crash\n");
  auc::test::write_file(dir.file("audit.token"), "audit-0123456789abcdef0123456789abcdef\n");
  const auto key = sandbox_key();
  std::string failure;
  auto server = ServerProcess::start(server_args(dir), {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  httplib::Client http("127.0.0.1", server->port());
  for (const std::string& authorization :
       {std::string(), "Bearer " + mint(key.get(), "/audit/calls"),
        "Bearer " + mint(key.get(), "/cds-services/" + std::string(kService)),
        std::string("Bearer audit-0123456789abcdef0123456789abcdeX")}) {
    httplib::Headers headers;
    if (!authorization.empty()) headers.emplace("Authorization", authorization);
    auto res = http.Get("/audit/calls", headers);
    BOOST_TEST_REQUIRE(static_cast<bool>(res));
    BOOST_TEST(res->status == 401);
  }
  auto ok = http.Get("/audit/calls",
                     {{"Authorization", "Bearer audit-0123456789abcdef0123456789abcdef"}});
  BOOST_TEST_REQUIRE(static_cast<bool>(ok));
  BOOST_TEST(ok->status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
