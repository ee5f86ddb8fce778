#include "tests/bench/micro/corpus.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string_view>

#include "fhir/parse.h"
#include "hooks/cds/hook_request.h"
#include "tests/bench/generator/request_generator.h"

namespace auc::bench {
namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_micro: %s\n", what.c_str());
  std::abort();
}

GeneratorOptions options_for(std::size_t resources) {
  GeneratorOptions o;
  o.resources = resources;
  o.seed = 42;
  return o;
}

}  // namespace

const engine::KnowledgeBase& knowledge_base() {
  static const std::shared_ptr<const engine::KnowledgeBase> kb = [] {
    engine::KnowledgeBaseOptions o;
    o.data_dir = AUC_DATA_DIR;
    o.local_codes_dir = AUC_LOCAL_CODES_DIR;
    auto loaded = engine::KnowledgeBase::load(o);
    if (!loaded) die("knowledge base: " + loaded.error().to_string());
    return *loaded;
  }();
  return *kb;
}

std::chrono::sys_seconds bench_now() {
  return std::chrono::sys_seconds{GeneratorOptions{}.today} + std::chrono::hours{12};
}

const std::vector<std::string>& bodies(std::size_t resources) {
  static std::mutex mutex;
  static std::map<std::size_t, std::vector<std::string>> cache;
  const std::lock_guard lock(mutex);
  auto& entry = cache[resources];
  if (entry.empty()) {
    for (auto& r : generate_requests(scenario_names().size(), options_for(resources))) {
      entry.push_back(std::move(r.body));
    }
  }
  return entry;
}

ReadRequest read_request(const rapidjson::Value& body) {
  ReadRequest out;
  auto hook = hooks::parse_hook_request(body, "order-select");
  if (!hook) die("generated body is not a valid order-select request");
  auto drafts = fhir::draft_service_requests(*hook->draft_orders, "/context/draftOrders");
  if (!drafts) die("draftOrders: " + drafts.error().to_string());
  out.orders = std::move(*drafts);
  if (hook->prefetch != nullptr) {
    for (const auto& m : hook->prefetch->GetObject()) {
      const std::string_view key(m.name.GetString(), m.name.GetStringLength());
      auto added = fhir::add_to_record(out.record, key, m.value, "/prefetch");
      if (!added) die("prefetch: " + added.error().to_string());
    }
  }
  return out;
}

const std::vector<PreparedRequest>& prepared(std::size_t resources) {
  static std::mutex mutex;
  static std::map<std::size_t, std::vector<PreparedRequest>> cache;
  const auto& texts = bodies(resources);
  const std::lock_guard lock(mutex);
  auto& entry = cache[resources];
  if (entry.empty()) {
    for (const auto& text : texts) {
      PreparedRequest p;
      p.doc = std::make_unique<rapidjson::Document>();
      p.doc->Parse(text.data(), text.size());
      if (p.doc->HasParseError()) die("generated body does not parse");
      p.read = read_request(*p.doc);
      entry.push_back(std::move(p));
    }
  }
  return entry;
}

}  // namespace auc::bench
