#include "hooks/metrics/metrics.h"

#include <algorithm>
#include <cstdio>

namespace auc::hooks {
namespace {

constexpr cards::ledger::DataSource kSources[] = {
    cards::ledger::DataSource::kNone, cards::ledger::DataSource::kPrefetch,
    cards::ledger::DataSource::kFhir, cards::ledger::DataSource::kMixed};

// Label values here are service ids, versions and fixed words; escaping keeps the format valid
// whatever a site names its services.
std::string label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// One histogram series: cumulative buckets, +Inf, sum and count. `labels` is "" or `k="v",`.
void histogram(std::string& out, std::string_view name, const std::string& labels,
               const cards::ledger::LatencyHistogram& h) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < cards::ledger::LatencyHistogram::kBounds.size(); ++i) {
    cumulative += h.bucket(i);
    out.append(name).append("_bucket{").append(labels).append("le=\"");
    out.append(number(cards::ledger::LatencyHistogram::kBounds[i])).append("\"} ");
    out.append(std::to_string(cumulative)).append("\n");
  }
  cumulative += h.bucket(cards::ledger::LatencyHistogram::kBounds.size());
  out.append(name).append("_bucket{").append(labels).append("le=\"+Inf\"} ");
  out.append(std::to_string(cumulative)).append("\n");
  std::string plain = labels;
  if (!plain.empty()) plain = "{" + plain.substr(0, plain.size() - 1) + "}";
  out.append(name).append("_sum").append(plain).append(" ").append(number(h.sum_seconds()));
  out.append("\n");
  out.append(name).append("_count").append(plain).append(" ").append(std::to_string(cumulative));
  out.append("\n");
}

}  // namespace

Metrics::Metrics(std::vector<std::string> service_ids, std::string version,
                 std::string criteria_edition)
    : services_(std::move(service_ids)),
      version_(std::move(version)),
      criteria_edition_(std::move(criteria_edition)) {
  services_.emplace_back("unknown");
  const std::size_t slots = services_.size() * kStatusSlots * kDataSources;
  calls_ = std::make_unique<Counter[]>(slots);
  call_latency_ = std::make_unique<cards::ledger::LatencyHistogram[]>(services_.size());
}

std::size_t Metrics::service_index(std::string_view service_id) const {
  for (std::size_t i = 0; i + 1 < services_.size(); ++i) {
    if (services_[i] == service_id) return i;
  }
  return services_.size() - 1;
}

void Metrics::hook_call(std::size_t service, int status, cards::ledger::DataSource source,
                        std::chrono::steady_clock::duration elapsed) {
  service = std::min(service, services_.size() - 1);
  const auto found = std::find(kStatuses.begin(), kStatuses.end(), status);
  const auto status_slot = static_cast<std::size_t>(found - kStatuses.begin());
  const auto source_slot = static_cast<std::size_t>(source) % kDataSources;
  calls_[call_slot(service, status_slot, source_slot)].fetch_add(1, std::memory_order_relaxed);
  call_latency_[service].observe(elapsed);
}

void Metrics::card(std::string_view indicator) {
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    if (kIndicators[i] == indicator) cards_[i].fetch_add(1, std::memory_order_relaxed);
  }
}

void Metrics::feedback(std::string_view outcome, std::size_t accepted_suggestions) {
  if (outcome == "accepted") feedback_accepted_.fetch_add(1, std::memory_order_relaxed);
  if (outcome == "overridden") feedback_overridden_.fetch_add(1, std::memory_order_relaxed);
  suggestions_accepted_.fetch_add(accepted_suggestions, std::memory_order_relaxed);
}

void Metrics::jwt_failure(AuthFailure reason) {
  const auto i = static_cast<std::size_t>(reason);
  if (i < jwt_failures_.size()) jwt_failures_[i].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::render(const cards::ledger::Ledger* ledger,
                            const CallGate::Load& admission) const {
  std::string out;
  out.reserve(16 * 1024);

  header(out, "auc_hooks_build_info", "gauge",
         "Build and knowledge base of the running service (always 1).");
  out.append("auc_hooks_build_info{version=\"").append(label_value(version_));
  out.append("\",criteria_edition=\"").append(label_value(criteria_edition_)).append("\"} 1\n");

  header(out, "auc_hooks_hook_calls_total", "counter",
         "Hook calls answered, by service, HTTP status and where the patient data came from.");
  for (std::size_t s = 0; s < services_.size(); ++s) {
    for (std::size_t st = 0; st < kStatusSlots; ++st) {
      for (std::size_t d = 0; d < kDataSources; ++d) {
        const std::uint64_t n = calls_[call_slot(s, st, d)].load(std::memory_order_relaxed);
        if (n == 0) continue;  // a fixed set, but only the series that happened are listed
        out.append("auc_hooks_hook_calls_total{service=\"").append(label_value(services_[s]));
        out.append("\",status=\"");
        out.append(st < kStatuses.size() ? std::to_string(kStatuses[st]) : "other");
        out.append("\",data_source=\"")
            .append(cards::ledger::data_source_name(kSources[d]))
            .append("\"} ");
        out.append(std::to_string(n)).append("\n");
      }
    }
  }

  header(out, "auc_hooks_hook_call_duration_seconds", "histogram",
         "Time from a hook call's arrival to its answer, by service.");
  for (std::size_t s = 0; s < services_.size(); ++s) {
    histogram(out, "auc_hooks_hook_call_duration_seconds",
              "service=\"" + label_value(services_[s]) + "\",", call_latency_[s]);
  }
  header(out, "auc_hooks_fhir_fallback_duration_seconds", "histogram",
         "Time spent fetching patient data from the EHR's FHIR server when prefetch lacked it.");
  histogram(out, "auc_hooks_fhir_fallback_duration_seconds", "", fhir_fallback_);
  header(out, "auc_hooks_ledger_write_duration_seconds", "histogram",
         "Time a hook call waited for the audit ledger to accept its record.");
  histogram(out, "auc_hooks_ledger_write_duration_seconds", "", ledger_write_);

  header(out, "auc_hooks_cards_total", "counter", "Cards returned, by indicator.");
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    out.append("auc_hooks_cards_total{indicator=\"").append(kIndicators[i]).append("\"} ");
    out.append(std::to_string(cards_[i].load(std::memory_order_relaxed))).append("\n");
  }

  header(out, "auc_hooks_feedback_total", "counter",
         "Feedback entries received from EHRs, by the card's outcome.");
  out.append("auc_hooks_feedback_total{outcome=\"accepted\"} ");
  out.append(std::to_string(feedback_accepted_.load(std::memory_order_relaxed))).append("\n");
  out.append("auc_hooks_feedback_total{outcome=\"overridden\"} ");
  out.append(std::to_string(feedback_overridden_.load(std::memory_order_relaxed))).append("\n");
  header(out, "auc_hooks_suggestions_accepted_total", "counter",
         "Suggestions the clinician accepted, as reported by feedback.");
  out.append("auc_hooks_suggestions_accepted_total ");
  out.append(std::to_string(suggestions_accepted_.load(std::memory_order_relaxed))).append("\n");

  header(out, "auc_hooks_jwt_failures_total", "counter",
         "CDS Hooks requests refused because their JWT failed a check, by reason.");
  for (std::size_t i = 0; i < jwt_failures_.size(); ++i) {
    out.append("auc_hooks_jwt_failures_total{reason=\"");
    out.append(auth_failure_category(static_cast<AuthFailure>(i))).append("\"} ");
    out.append(std::to_string(jwt_failures_[i].load(std::memory_order_relaxed))).append("\n");
  }

  header(out, "auc_hooks_call_slots", "gauge",
         "Hook calls and feedback reports allowed to compute at once (--max-concurrent-calls).");
  out.append("auc_hooks_call_slots ").append(std::to_string(admission.slots)).append("\n");
  header(out, "auc_hooks_call_slots_in_use", "gauge",
         "Admission slots held now: calls computing, not those waiting on a FHIR server or the "
         "ledger.");
  out.append("auc_hooks_call_slots_in_use ").append(std::to_string(admission.in_use)).append("\n");
  header(out, "auc_hooks_calls_waiting_for_slot", "gauge",
         "Authenticated calls queued for an admission slot, let in in arrival order.");
  out.append("auc_hooks_calls_waiting_for_slot ")
      .append(std::to_string(admission.waiting))
      .append("\n");

  header(out, "auc_hooks_ledger_queue_depth", "gauge",
         "Ledger writes accepted but not yet committed to the database.");
  out.append("auc_hooks_ledger_queue_depth ");
  out.append(std::to_string(ledger ? ledger->queue_depth() : 0)).append("\n");
  if (const cards::ledger::LatencyHistogram* commits =
          ledger ? ledger->commit_latency() : nullptr) {
    header(out, "auc_hooks_ledger_commit_duration_seconds", "histogram",
           "Time each ledger database transaction took, begin to commit.");
    histogram(out, "auc_hooks_ledger_commit_duration_seconds", "", *commits);
  }
  return out;
}

}  // namespace auc::hooks
