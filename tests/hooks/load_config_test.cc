// Settings precedence and validation: defaults < --config file < environment < flags.
#include "hooks/config/load_config.h"

#include <boost/test/unit_test.hpp>
#include <map>

#include "tests/support/server_process.h"

namespace {

using auc::hooks::load_config;

struct FakeEnv {
  std::map<std::string, std::string> vars;
  auc::hooks::EnvLookup lookup() const {
    return [this](const char* name) -> const char* {
      const auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

// Every server needs a ledger; the cases below are about other settings, so they get the
// in-memory one unless they name one themselves.
auto parse(std::vector<std::string_view> args, const FakeEnv& env = {}) {
  bool has_ledger = env.vars.contains("AUC_HOOKS_LEDGER");
  for (std::string_view a : args) {
    has_ledger = has_ledger || a == "--ledger" || a.starts_with("--ledger=");
  }
  if (!has_ledger) {
    args.push_back("--ledger");
    args.push_back("memory");
  }
  return load_config(args, env.lookup());
}

// Boost evaluates assertion messages eagerly, so describe either outcome.
template <class R>
std::string describe(const R& r) {
  return r.has_value() ? std::string("ok") : r.error().to_string();
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_are_tls_on_loopback_8443_with_jwt) {
  auto r = parse({"--tls-cert", "c.pem", "--tls-key", "k.pem"});
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->config.listen_host == "127.0.0.1");
  BOOST_TEST(r->config.listen_port == 8443);
  BOOST_TEST((r->config.auth == auc::hooks::AuthMode::kJwt));
  BOOST_TEST(r->config.public_base_url == "https://127.0.0.1:8443");
  BOOST_TEST(r->config.jwt.clock_skew_seconds == 60);
}

BOOST_AUTO_TEST_CASE(flags_beat_environment_which_beats_the_file) {
  auc::test::TempDir dir;
  auc::test::write_file(dir.file("c.json"),
                        R"({"listen":"127.0.0.1:1000","threads":3,"plain-http":true,
                            "trust":["a.json","b.json"]})");
  FakeEnv env;
  env.vars["AUC_HOOKS_LISTEN"] = "127.0.0.1:2000";
  env.vars["AUC_HOOKS_THREADS"] = "5";
  const std::string cfg = dir.file("c.json");
  auto r = parse({"--config", cfg, "--threads", "7"}, env);
  BOOST_TEST_REQUIRE(r.has_value(), describe(r));
  BOOST_TEST(r->config.listen_port == 2000);  // environment over file
  BOOST_TEST(r->config.threads == 7);         // flag over environment
  BOOST_TEST(r->config.plain_http);           // file over default
  BOOST_TEST(r->config.jwt.trust.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_repeatable_flag_replaces_lower_sources_then_accumulates) {
  FakeEnv env;
  env.vars["AUC_HOOKS_TRUST"] = "env1.json,env2.json";
  auto from_env = parse({"--plain-http"}, env);
  BOOST_TEST_REQUIRE(from_env.has_value());
  BOOST_TEST(from_env->config.jwt.trust.size() == 2u);
  auto from_flags = parse({"--plain-http", "--trust", "x.json", "--trust=y.json"}, env);
  BOOST_TEST_REQUIRE(from_flags.has_value());
  BOOST_TEST(from_flags->config.jwt.trust == (std::vector<std::string>{"x.json", "y.json"}));
}

BOOST_AUTO_TEST_CASE(errors_name_the_flag_and_the_reason) {
  struct Case {
    std::vector<std::string_view> args;
    std::string flag;
    std::string words;
  };
  const std::vector<Case> cases = {
      {{"--listen", "localhost"}, "--listen", "HOST:PORT"},
      {{"--listen", "[::1]8443"}, "--listen", "HOST:PORT"},
      {{"--plain-http", "--threads", "many"}, "--threads", "whole number"},
      {{"--plain-http", "--jwt-algorithms", "HS256"}, "--jwt-algorithms", "HMAC"},
      {{"--plain-http", "--public-base-url", "cds.example.org"}, "--public-base-url", "URL"},
      {{"--plain-http", "--tls-cert", "c.pem"}, "--plain-http", "cannot be combined"},
      {{"--tls-cert", "c.pem"}, "--tls-key", "required"},
      {{"--listen", "10.1.2.3:80", "--plain-http"}, "--plain-http", "--behind-tls-proxy"},
  };
  for (const auto& c : cases) {
    auto r = parse(c.args);
    BOOST_TEST_REQUIRE(!r.has_value(), c.flag);
    BOOST_TEST(r.error().flag == c.flag);
    BOOST_TEST(r.error().to_string().find(c.words) != std::string::npos, describe(r));
  }
}

BOOST_AUTO_TEST_CASE(the_ledger_must_be_chosen_and_memory_is_an_explicit_choice) {
  const FakeEnv env;
  auto none = load_config({"--plain-http"}, env.lookup());
  BOOST_TEST_REQUIRE(!none.has_value());
  BOOST_TEST(none.error().flag == "--ledger");
  BOOST_TEST(none.error().to_string().find("memory") != std::string::npos, describe(none));

  auto memory = load_config({"--plain-http", "--ledger", "memory"}, env.lookup());
  BOOST_TEST_REQUIRE(memory.has_value(), describe(memory));
  BOOST_TEST(memory->config.ledger.url == "memory");
  auto file = load_config({"--plain-http", "--ledger", "sqlite:/tmp/l.db"}, env.lookup());
  BOOST_TEST_REQUIRE(file.has_value(), describe(file));
  BOOST_TEST(file->config.ledger.url == "sqlite:/tmp/l.db");
  for (std::string_view bad : {"", "sqlite:", "mem", "mysql://db"}) {
    auto r = load_config({"--plain-http", "--ledger", bad}, env.lookup());
    BOOST_TEST_REQUIRE(!r.has_value(), bad);
    BOOST_TEST(r.error().flag == "--ledger");
  }
}

BOOST_AUTO_TEST_CASE(environment_errors_name_the_variable) {
  FakeEnv env;
  env.vars["AUC_HOOKS_LOG_LEVEL"] = "chatty";
  auto r = parse({"--plain-http"}, env);
  BOOST_TEST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().flag.find("AUC_HOOKS_LOG_LEVEL") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(config_file_errors_name_the_file_and_setting) {
  auc::test::TempDir dir;
  auc::test::write_file(dir.file("bad.json"), R"({"listen": "127.0.0.1:1", "colour": "blue"})");
  const std::string bad = dir.file("bad.json");
  auto r = parse({"--config", bad});
  BOOST_TEST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().to_string().find("colour") != std::string::npos);
  BOOST_TEST(r.error().to_string().find("bad.json") != std::string::npos);

  auc::test::write_file(dir.file("broken.json"), "{\"listen\": ");
  const std::string broken = dir.file("broken.json");
  auto r2 = parse({"--config", broken});
  BOOST_TEST_REQUIRE(!r2.has_value());
  BOOST_TEST(r2.error().to_string().find("not valid JSON") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ipv6_and_ephemeral_ports) {
  auto r = parse({"--listen", "[::1]:0", "--plain-http"});
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->config.listen_host == "::1");
  BOOST_TEST(r->config.listen_port == 0);
  BOOST_TEST(r->config.public_base_url == "http://[::1]:0");
}

BOOST_AUTO_TEST_CASE(public_base_url_loses_its_trailing_slash) {
  auto r = parse({"--plain-http", "--public-base-url", "https://cds.example.org/auc/"});
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->config.public_base_url == "https://cds.example.org/auc");
}

BOOST_AUTO_TEST_CASE(fhir_response_limit_defaults_to_20_mb_and_is_bounded) {
  auto d = parse({"--plain-http"});
  BOOST_TEST_REQUIRE(d.has_value(), describe(d));
  BOOST_TEST(d->config.fhir.max_response_bytes == 20u * 1024 * 1024);
  auto set = parse({"--plain-http", "--fhir-max-response-bytes", "65536"});
  BOOST_TEST_REQUIRE(set.has_value(), describe(set));
  BOOST_TEST(set->config.fhir.max_response_bytes == 65536u);
  for (std::string_view bad : {"0", "1023", "2147483647", "20MB"}) {
    auto r = parse({"--plain-http", "--fhir-max-response-bytes", bad});
    BOOST_TEST_REQUIRE(!r.has_value(), bad);
    BOOST_TEST(r.error().flag == "--fhir-max-response-bytes");
  }
}

BOOST_AUTO_TEST_CASE(ledger_durability_defaults_to_process_crash) {
  auto d = parse({"--plain-http"});
  BOOST_TEST_REQUIRE(d.has_value(), describe(d));
  BOOST_TEST(!d->config.ledger.durable_through_power_loss);
  FakeEnv env;
  env.vars["AUC_HOOKS_LEDGER_DURABILITY"] = "power-loss";
  auto strict = parse({"--plain-http"}, env);
  BOOST_TEST_REQUIRE(strict.has_value(), describe(strict));
  BOOST_TEST(strict->config.ledger.durable_through_power_loss);
  auto back = parse({"--plain-http", "--ledger-durability", "process-crash"}, env);
  BOOST_TEST_REQUIRE(back.has_value(), describe(back));
  BOOST_TEST(!back->config.ledger.durable_through_power_loss);
  for (std::string_view bad : {"", "full", "normal", "Power-Loss"}) {
    auto r = parse({"--plain-http", "--ledger-durability", bad});
    BOOST_TEST_REQUIRE(!r.has_value(), bad);
    BOOST_TEST(r.error().flag == "--ledger-durability");
  }
}

BOOST_AUTO_TEST_CASE(audit_listen_is_parsed_once_into_host_and_port) {
  auto r = parse({"--plain-http", "--audit-listen", "[::1]:9443", "--audit-token-file", "t"});
  BOOST_TEST_REQUIRE(r.has_value(), describe(r));
  BOOST_TEST(r->config.audit.listen_host == "::1");
  BOOST_TEST(r->config.audit.listen_port == 9443);
  auto bad = parse({"--plain-http", "--audit-listen", "nowhere"});
  BOOST_TEST_REQUIRE(!bad.has_value());
  BOOST_TEST(bad.error().flag == "--audit-listen");
}
