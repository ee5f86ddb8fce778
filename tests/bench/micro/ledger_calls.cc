#include "tests/bench/micro/ledger_calls.h"

#include <string>

#include "cards/hook_response.h"
#include "engine/assessment_json.h"
#include "hooks/codes/unrecognised_code_report.h"
#include "hooks/codes/unrecognised_codes.h"
#include "tests/bench/micro/corpus.h"

namespace auc::bench {
namespace {

std::string context_string(const rapidjson::Value& body, const char* name) {
  const auto& context = body["context"];
  return context.HasMember(name) ? context[name].GetString() : std::string();
}

}  // namespace

const std::vector<cards::ledger::HookCallRecord>& ledger_calls() {
  static const std::vector<cards::ledger::HookCallRecord> calls = [] {
    std::vector<cards::ledger::HookCallRecord> out;
    cards::SequentialUuidSource uuids;
    const cards::CardPolicy policy;
    for (const auto& r : prepared(100)) {
      const auto a =
          engine::assess(knowledge_base(), r.read.orders.front(), r.read.record, bench_now());
      const cards::AssessedOrder order{r.read.orders.front().json, &a};
      auto response = cards::render_hook_response({&order, 1}, policy, uuids);
      cards::ledger::HookCallRecord call;
      call.hook_instance = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea";
      call.service_id = "acr-vcf-order-select";
      call.hook = "order-select";
      call.received_at = cards::ledger::Timestamp(std::chrono::microseconds(1'700'000'000'000'000));
      call.answered_at = call.received_at + std::chrono::microseconds(400);
      call.latency_us = 400;
      call.issuer = "https://ehr.example.org";
      call.patient_id = context_string(*r.doc, "patientId");
      call.user_id = context_string(*r.doc, "userId");
      call.data_source = cards::ledger::DataSource::kPrefetch;
      call.criteria_edition = "2022";
      call.orders = std::move(response.orders);
      call.cards = std::move(response.cards);
      call.cards_json = std::move(response.cards_json);
      call.system_actions_json = std::move(response.system_actions_json);
      call.facts_json = "[" + engine::assessment_to_json(a) + "]";
      // As the handler reports them: every local code of the record, repeats included.
      const fhir::ServiceRequest* ordered = &r.read.orders.front();
      call.unrecognised_codes = hooks::unrecognised_code_sightings(
          hooks::unrecognised_codes(knowledge_base().terminology(), {&ordered, 1}, r.read.record));
      out.push_back(std::move(call));
    }
    return out;
  }();
  return calls;
}

}  // namespace auc::bench
