// What the server knows about a request beyond httplib's Request: its id and who called.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cards/ledger/records.h"
#include "hooks/auth/authenticator.h"
#include "hooks/http/call_gate.h"

namespace auc::hooks {

struct RequestContext {
  std::string request_id;
  std::chrono::steady_clock::time_point received;
  std::chrono::system_clock::time_point received_wall;
  EhrIdentity caller;  // empty issuer when authentication is off
  // A POST's body, decoded, writable and followed by a NUL: the handler may modify it, e.g. parse
  // it in place. Valid until the handler returns; empty for other routes.
  std::span<char> body;
  // A POST's admission slot (--max-concurrent-calls), taken once the caller is authenticated; a
  // handler releases it before it only waits (a FHIR server, the ledger). Null for other routes.
  CallGate::Pass* slot = nullptr;
  void take_slot() const {
    if (slot != nullptr) slot->take();
  }
  void release_slot() const {
    if (slot != nullptr) slot->release();
  }
  // Where a hook call's patient data came from, once known (for metrics).
  cards::ledger::DataSource data_source = cards::ledger::DataSource::kNone;
  // What a hook call adds to the request's access log line, set once it is answered. Views of
  // the service's id and static names: valid for the server's life.
  struct HookCallLog {
    std::string_view service;
    std::int64_t orders = 0;
    std::int64_t cards = 0;
    std::string_view data;
  };
  std::optional<HookCallLog> hook_call;
};

}  // namespace auc::hooks
