// --max-concurrent-calls limits the calls computing at once (the gate's own tests show the limit
// and the arrival order). A call waiting on a FHIR server computes nothing, so it gives its slot
// up meanwhile: even with one slot, a call with a complete prefetch is not held up by it, and
// /metrics shows no slot in use while it waits.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "service_support.h"
#include "tests/support/fhir_test_server.h"

using namespace auc::test;

namespace {

struct WhileTheSlowCallWaited {
  bool fast_call_waited = false;  // the fast call was answered only after the slow one's data
  double slots = -1;              // auc_hooks_call_slots
  double slots_in_use = -1;       // auc_hooks_call_slots_in_use
};

// A slow call (its conditions come from a FHIR server that takes 1.5 s) is in its handler when a
// fast call (complete prefetch) arrives; /metrics is scraped just before. The slow call must
// still be answered, having taken a slot again.
WhileTheSlowCallWaited fast_call_beside_a_slow_one(std::vector<std::string> extra_flags) {
  extra_flags.insert(extra_flags.end(), {"--metrics-listen", "127.0.0.1:0"});
  auto server = start_service(std::move(extra_flags));
  const int metrics_port = server->logged_port("metrics_listening");
  BOOST_TEST_REQUIRE(metrics_port > 0, server->log());
  WhileTheSlowCallWaited seen;
  FhirTestServer fhir;
  auto slow = load_request("variant-1-order-select.json");
  fhir.add_prefetch(slow["prefetch"]);
  remove_prefetch_key(slow, "conditions");
  set_fhir_server(slow, fhir.base_url(), "fhir-access-token-admission");
  fhir.delay("Condition", std::chrono::milliseconds(1500));
  const std::string fast = to_json(load_request("variant-1-order-select.json"));

  std::atomic<bool> slow_answered{false};
  std::thread slow_caller([&] {
    httplib::Client client("127.0.0.1", server->port());
    client.set_read_timeout(30, 0);
    expect_valid_response(post_json(client, kSelect, to_json(slow)));
    slow_answered.store(true);
  });
  // The slow call is waiting once the server has asked the FHIR server for conditions.
  for (int i = 0; i < 500 && fhir.count("Condition") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  BOOST_TEST_REQUIRE(fhir.count("Condition") == 1u);
  {
    httplib::Client scraper("127.0.0.1", metrics_port);
    auto scrape = scraper.Get("/metrics");
    BOOST_TEST_REQUIRE(scrape->status == 200);
    seen.slots = series(scrape->body, "auc_hooks_call_slots");
    seen.slots_in_use = series(scrape->body, "auc_hooks_call_slots_in_use");
  }
  httplib::Client client("127.0.0.1", server->port());
  client.set_read_timeout(30, 0);
  expect_valid_response(post_json(client, kSelect, fast));
  seen.fast_call_waited = fhir.answered("Condition") == 1u;
  slow_caller.join();
  BOOST_TEST(slow_answered.load());
  return seen;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(admission)

BOOST_AUTO_TEST_CASE(a_call_waiting_on_a_fhir_server_leaves_its_slot_to_others) {
  const auto seen = fast_call_beside_a_slow_one({"--max-concurrent-calls", "1"});
  BOOST_TEST(!seen.fast_call_waited);
  BOOST_TEST(seen.slots == 1);
  BOOST_TEST(seen.slots_in_use == 0);
}

BOOST_AUTO_TEST_CASE(calls_within_the_limit_do_not_wait_for_each_other) {
  const auto seen = fast_call_beside_a_slow_one({});
  BOOST_TEST(!seen.fast_call_waited);
  BOOST_TEST(seen.slots >= 4);  // the default: 2 per core, at least 4
  BOOST_TEST(seen.slots_in_use == 0);
}

BOOST_AUTO_TEST_SUITE_END()
