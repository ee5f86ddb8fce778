#include "hooks/services/hook_call_handler.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "cards/hook_response.h"
#include "engine/assessment.h"
#include "engine/assessment_json.h"
#include "fhir/patient_record.h"
#include "hooks/cds/hook_request.h"
#include "hooks/http/operation_outcome.h"
#include "hooks/log/log.h"
#include "hooks/prefetch/patient_data.h"
#include "hooks/prefetch/prefetch_templates.h"
#include "hooks/services/json_body.h"
#include "hooks/services/orders_to_rate.h"
#include "hooks/services/service_post.h"

namespace auc::hooks {
namespace {

using cards::ledger::HookCallRecord;
using cards::ledger::Timestamp;

Timestamp to_timestamp(std::chrono::system_clock::time_point t) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(t);
}

// "conditions (why), patient": each key unobtainable data was for, with the fallback's reason
// when a fetch failed. Reasons name no URL, id or token (see FhirFetchResult::failure).
std::string describe_unobtainable(const PatientData& data) {
  std::string out;
  for (std::string_view key : data.unobtainable) {
    if (!out.empty()) out += ", ";
    out += key;
    for (const std::string& f : data.failures) {
      if (f.size() > key.size() + 2 && f.starts_with(key) && f.compare(key.size(), 2, ": ") == 0) {
        out += " (";
        out.append(f, key.size() + 2);
        out += ')';
        break;
      }
    }
  }
  return out;
}

// The ledger's facts: every assessment written into one buffer sized for a typical call, then
// copied once (rendering each to its own string and concatenating copied every byte twice).
std::string facts_json(const std::vector<engine::Assessment>& assessments) {
  constexpr std::size_t kBytesPerAssessment = 4096;
  rapidjson::StringBuffer buffer(nullptr, kBytesPerAssessment * assessments.size());
  engine::JsonWriter w(buffer);
  w.StartArray();
  for (const engine::Assessment& a : assessments) engine::write_assessment(a, w);
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string join_keys(const std::vector<std::string_view>& keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

// "Condition, Patient": the types of the resources left out as another patient's (never ids).
std::string foreign_types(const fhir::PatientRecord& record) {
  std::string out;
  for (const fhir::DroppedResources& d : record.foreign) {
    if (!out.empty()) out += ", ";
    out += d.type;
  }
  return out;
}

}  // namespace

HookCallHandler::HookCallHandler(const Config& config,
                                 std::shared_ptr<const engine::KnowledgeBase> knowledge,
                                 const std::vector<ServiceDescriptor>& services, AuditSink& audit,
                                 cards::UuidSource& uuids, Metrics* metrics)
    : config_(config),
      knowledge_(std::move(knowledge)),
      services_(services),
      audit_(audit),
      uuids_(uuids),
      fhir_(config.fhir),
      metrics_(metrics) {}

void HookCallHandler::handle(const httplib::Request& req, httplib::Response& res,
                             RequestContext& ctx) {
  JsonBody body;
  const ServiceDescriptor* service =
      accept_service_post(req, res, ctx, services_, "the hook request", body);
  if (service == nullptr) return;
  auto request = parse_hook_request(body.doc(), service->hook);
  if (!request) {
    send_bad_request(res, request.error());
    return;
  }

  // The orders to rate: the selected ones for order-select, every ServiceRequest for order-sign.
  auto drafts = fhir::draft_service_requests(*request->draft_orders, "/context/draftOrders");
  if (!drafts) {
    send_bad_request(res, RequestError{drafts.error().path, drafts.error().message});
    return;
  }
  const std::vector<const fhir::ServiceRequest*> to_rate = orders_to_rate(*drafts, *request);

  HookCallRecord call;
  call.hook_instance = std::string(request->hook_instance);
  call.service_id = service->id;
  call.hook = service->hook;
  call.received_at = to_timestamp(ctx.received_wall);
  call.issuer = ctx.caller.issuer;
  call.tenant = ctx.caller.tenant;
  call.patient_id = std::string(request->patient_id);
  call.user_id = std::string(request->user_id);

  // Patient data only when there is something to rate: an empty first call needs none.
  std::unique_ptr<PatientData> data;
  if (!to_rate.empty()) {
    const auto gather_started = std::chrono::steady_clock::now();
    auto gathered = gather_patient_data(*request, vcf_prefetch_templates(), fhir_, ctx.slot);
    if (!gathered) {
      send_bad_request(res, gathered.error());
      return;
    }
    data = std::move(gathered.value());
    for (const std::string& f : data->failures) {
      log::warn("fhir_fetch_failed").str("request_id", ctx.request_id).str("detail", f);
    }
    if (const std::size_t foreign = data->record.foreign_count(); foreign > 0) {
      log::warn("prefetch_foreign_resources")
          .str("request_id", ctx.request_id)
          .num("dropped", static_cast<std::int64_t>(foreign))
          .str("types", foreign_types(data->record));
    }
    if (!data->truncated.empty()) {
      log::warn("patient_data_truncated")
          .str("request_id", ctx.request_id)
          .str("keys", join_keys(data->truncated));
    }
    call.data_source = data->source;
    ctx.data_source = data->source;
    if (metrics_ && data->source != cards::ledger::DataSource::kPrefetch) {
      metrics_->fhir_fallback(std::chrono::steady_clock::now() - gather_started);
    }
    if (!data->unobtainable.empty()) {
      const std::string missing = describe_unobtainable(*data);
      call.http_status = 412;
      call.error = "required data unobtainable: " + missing;
      call.answered_at = to_timestamp(std::chrono::system_clock::now());
      call.latency_us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - ctx.received)
                            .count();
      ctx.release_slot();
      if (auto r = audit_.record_call(std::move(call)); !r) {
        log::error("audit_write_failed")
            .str("request_id", ctx.request_id)
            .str("detail", r.error().message);
      }
      send_operation_outcome(
          res, 412, "incomplete",
          "required patient data could not be obtained: " + missing +
              ". Prefetch it, or send fhirServer and fhirAuthorization that can read it");
      return;
    }
  }

  // Assess each order. The vector is sized first: render_hook_response points into it.
  const std::shared_ptr<const engine::KnowledgeBase> knowledge = knowledge_.load();
  const auto now = std::chrono::floor<std::chrono::seconds>(ctx.received_wall);
  engine::AssessmentOptions options;
  options.facts.symptom_window_days = config_.symptom_window_days;
  std::vector<engine::Assessment> assessments;
  assessments.reserve(to_rate.size());
  std::vector<cards::AssessedOrder> assessed;
  assessed.reserve(to_rate.size());
  // The other drafts of the call: a study already among them is never suggested again.
  std::vector<const fhir::ServiceRequest*> others;
  others.reserve(drafts->size());
  for (const fhir::ServiceRequest* order : to_rate) {
    others.clear();
    for (const fhir::ServiceRequest& d : *drafts) {
      if (&d != order) others.push_back(&d);
    }
    options.other_drafts = others;
    assessments.push_back(
        engine::assess(*knowledge, *order, data->record, judged_at(*order, now), options));
    assessed.push_back(cards::AssessedOrder{order->json, &assessments.back()});
  }

  cards::CardPolicy policy;
  policy.card_when_usually_appropriate = config_.card_for_usually_appropriate;
  cards::HookResponse response = cards::render_hook_response(assessed, policy, uuids_);

  call.criteria_edition =
      knowledge->topics().empty() ? std::string() : knowledge->topics().front().edition;
  call.orders = std::move(response.orders);
  call.cards = std::move(response.cards);
  call.cards_json = std::move(response.cards_json);
  call.system_actions_json = std::move(response.system_actions_json);
  if (!assessments.empty()) call.facts_json = facts_json(assessments);
  call.answered_at = to_timestamp(std::chrono::system_clock::now());
  call.latency_us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - ctx.received)
                        .count();

  // Recorded with the call, so the report gains nothing for a call that got no answer.
  if (!to_rate.empty()) {
    call.unrecognised_codes = unrecognised_code_sightings(
        unrecognised_codes(knowledge->terminology(), to_rate, data->record));
  }

  // A 200 means the audit trail has the call.
  const auto card_count = static_cast<std::int64_t>(call.cards.size());
  const auto data_source = call.data_source;
  // Counted once the call is recorded: a 503 returns no cards.
  std::array<std::uint32_t, Metrics::kIndicators.size()> by_indicator{};
  for (const cards::ledger::CardEntry& card : call.cards) {
    for (std::size_t i = 0; i < by_indicator.size(); ++i) {
      if (card.indicator == Metrics::kIndicators[i]) ++by_indicator[i];
    }
  }
  // What is left only waits for the ledger (with PostgreSQL, for its commit) and the answer's
  // bytes: the next call may start computing.
  ctx.release_slot();
  const auto ledger_started = std::chrono::steady_clock::now();
  auto recorded = audit_.record_call(std::move(call));
  if (metrics_) metrics_->ledger_write(std::chrono::steady_clock::now() - ledger_started);
  if (auto& r = recorded; !r) {
    log::error("audit_write_failed")
        .str("request_id", ctx.request_id)
        .str("detail", r.error().message);
    send_operation_outcome(res, 503, "transient",
                           "the call could not be recorded; retry. Request id " + ctx.request_id);
    res.set_header("Retry-After", "1");  // the ledger reconnects at the next write
    return;
  }
  if (metrics_) {
    for (std::size_t i = 0; i < by_indicator.size(); ++i) {
      for (std::uint32_t n = 0; n < by_indicator[i]; ++n) metrics_->card(Metrics::kIndicators[i]);
    }
  }
  ctx.hook_call =
      RequestContext::HookCallLog{service->id, static_cast<std::int64_t>(assessments.size()),
                                  card_count, cards::ledger::data_source_name(data_source)};
  res.status = 200;
  res.body = std::move(response.body);
  res.set_header("Content-Type", "application/json");
}

}  // namespace auc::hooks
