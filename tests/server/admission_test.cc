// --max-concurrent-calls limits the calls computing at once (the gate's own tests show the limit
// and the arrival order). A call waiting on a FHIR server computes nothing, so it gives its slot
// up meanwhile: even with one slot, a call with a complete prefetch is not held up by it.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "service_support.h"
#include "tests/support/fhir_test_server.h"

using namespace auc::test;

namespace {

// A slow call (its conditions come from a FHIR server that takes 1.5 s) is in its handler when a
// fast call (complete prefetch) arrives. Returns whether the fast one was answered only after the
// slow one had its conditions. The slow call must still be answered, having taken a slot again.
bool fast_call_waits_for_the_slow_one(std::vector<std::string> extra_flags) {
  auto server = start_service(std::move(extra_flags));
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
  httplib::Client client("127.0.0.1", server->port());
  client.set_read_timeout(30, 0);
  expect_valid_response(post_json(client, kSelect, fast));
  const bool waited = fhir.answered("Condition") == 1u;
  slow_caller.join();
  BOOST_TEST(slow_answered.load());
  return waited;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(admission)

BOOST_AUTO_TEST_CASE(a_call_waiting_on_a_fhir_server_leaves_its_slot_to_others) {
  BOOST_TEST(!fast_call_waits_for_the_slow_one({"--max-concurrent-calls", "1"}));
}

BOOST_AUTO_TEST_CASE(calls_within_the_limit_do_not_wait_for_each_other) {
  BOOST_TEST(!fast_call_waits_for_the_slow_one({}));
}

BOOST_AUTO_TEST_SUITE_END()
