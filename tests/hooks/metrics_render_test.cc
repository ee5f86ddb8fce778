// Metrics: fixed label sets (an id the service does not offer is "unknown", an unlisted status
// is "other"), cumulative histogram buckets, and no series for what did not happen.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "hooks/metrics/metrics.h"

using auc::cards::ledger::DataSource;
using auc::hooks::Metrics;
using namespace std::chrono_literals;

namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics_render)

BOOST_AUTO_TEST_CASE(labels_stay_within_the_sets_fixed_at_start) {
  Metrics m({"acr-vcf-order-select", "acr-vcf-order-sign"}, "1.2.3", "2022");
  BOOST_TEST(m.service_index("acr-vcf-order-sign") == 1u);
  BOOST_TEST(m.service_index("Patient/123") == 2u);  // shared "unknown" slot
  m.hook_call(m.service_index("Patient/123"), 404, DataSource::kNone, 1ms);
  m.hook_call(0, 200, DataSource::kFhir, 3ms);
  m.hook_call(0, 418, DataSource::kPrefetch, 3ms);
  const std::string text = m.render(nullptr, {});
  BOOST_TEST(has_line(
      text, R"(auc_hooks_hook_calls_total{service="unknown",status="404",data_source="none"} 1)"));
  BOOST_TEST(has_line(
      text,
      R"(auc_hooks_hook_calls_total{service="acr-vcf-order-select",status="200",data_source="fhir"} 1)"));
  BOOST_TEST(has_line(
      text,
      R"(auc_hooks_hook_calls_total{service="acr-vcf-order-select",status="other",data_source="prefetch"} 1)"));
  BOOST_TEST(text.find("Patient/123") == std::string::npos);
  BOOST_TEST(text.find("acr-vcf-order-sign\",status") == std::string::npos);  // nothing happened
  BOOST_TEST(has_line(text, R"(auc_hooks_build_info{version="1.2.3",criteria_edition="2022"} 1)"));
}

BOOST_AUTO_TEST_CASE(histogram_buckets_are_cumulative_and_count_every_observation) {
  Metrics m({"s"}, "v", "e");
  m.ledger_write(50us);  // first bucket (<= 100 us)
  m.ledger_write(2ms);   // <= 2.5 ms
  m.ledger_write(20s);   // above every bound
  const std::string text = m.render(nullptr, {});
  BOOST_TEST(has_line(text, R"(auc_hooks_ledger_write_duration_seconds_bucket{le="0.0001"} 1)"));
  BOOST_TEST(has_line(text, R"(auc_hooks_ledger_write_duration_seconds_bucket{le="0.001"} 1)"));
  BOOST_TEST(has_line(text, R"(auc_hooks_ledger_write_duration_seconds_bucket{le="0.0025"} 2)"));
  BOOST_TEST(has_line(text, R"(auc_hooks_ledger_write_duration_seconds_bucket{le="10"} 2)"));
  BOOST_TEST(has_line(text, R"(auc_hooks_ledger_write_duration_seconds_bucket{le="+Inf"} 3)"));
  BOOST_TEST(has_line(text, "auc_hooks_ledger_write_duration_seconds_count 3"));
  BOOST_TEST(has_line(text, "auc_hooks_ledger_write_duration_seconds_sum 20.00205"));
}

BOOST_AUTO_TEST_CASE(cards_feedback_and_jwt_failures_count_by_their_fixed_labels) {
  Metrics m({"s"}, "v", "e");
  m.card("warning");
  m.card("warning");
  m.card("<script>");  // not an indicator: not counted, never a label
  m.feedback("accepted", 2);
  m.feedback("overridden", 0);
  m.jwt_failure(auc::hooks::AuthFailure::kExpired);
  const std::string text = m.render(nullptr, {});
  BOOST_TEST(has_line(text, R"(auc_hooks_cards_total{indicator="warning"} 2)"));
  BOOST_TEST(has_line(text, R"(auc_hooks_cards_total{indicator="info"} 0)"));
  BOOST_TEST(text.find("<script>") == std::string::npos);
  BOOST_TEST(has_line(text, R"(auc_hooks_feedback_total{outcome="accepted"} 1)"));
  BOOST_TEST(has_line(text, R"(auc_hooks_feedback_total{outcome="overridden"} 1)"));
  BOOST_TEST(has_line(text, "auc_hooks_suggestions_accepted_total 2"));
  BOOST_TEST(has_line(text, R"(auc_hooks_jwt_failures_total{reason="expired"} 1)"));
  BOOST_TEST(has_line(text, R"(auc_hooks_jwt_failures_total{reason="bad_signature"} 0)"));
  BOOST_TEST(text.find("auc_hooks_ledger_commit_duration_seconds") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(admission_gauges_show_the_limit_and_the_calls_at_it) {
  Metrics m({"s"}, "v", "e");
  const std::string text = m.render(nullptr, {4, 3, 7});
  BOOST_TEST(has_line(text, "# TYPE auc_hooks_call_slots gauge"));
  BOOST_TEST(has_line(text, "auc_hooks_call_slots 4"));
  BOOST_TEST(has_line(text, "auc_hooks_call_slots_in_use 3"));
  BOOST_TEST(has_line(text, "auc_hooks_calls_waiting_for_slot 7"));
}

BOOST_AUTO_TEST_SUITE_END()
