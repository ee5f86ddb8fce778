// What the microbenchmarks run on: generated order-select bodies (one per clinical scenario) at a
// given prefetch size, the real knowledge base, and the service's request path without HTTP.
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "engine/assessment.h"
#include "engine/knowledge_base.h"
#include "fhir/patient_record.h"
#include "fhir/resources.h"

namespace auc::bench {

const engine::KnowledgeBase& knowledge_base();
std::chrono::sys_seconds bench_now();  // the generator's "today", noon UTC

// One body per scenario, `resources` prefetch resources each (cached per size).
const std::vector<std::string>& bodies(std::size_t resources);

// A request read the way the service reads it: hook checks, draft orders, prefetch record.
struct ReadRequest {
  std::vector<fhir::ServiceRequest> orders;  // the selected draft ServiceRequests
  fhir::PatientRecord record;
};
// Reads a parsed body; aborts the benchmark on a malformed body (the generator is wrong).
ReadRequest read_request(const rapidjson::Value& body);

// Parsed and read, ready for the engine (keeps its document alive).
struct PreparedRequest {
  std::unique_ptr<rapidjson::Document> doc;
  ReadRequest read;
};
const std::vector<PreparedRequest>& prepared(std::size_t resources);

}  // namespace auc::bench
