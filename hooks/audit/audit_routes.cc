#include "hooks/audit/audit_routes.h"

#include <charconv>
#include <functional>

#include "hooks/audit/audit_csv.h"
#include "hooks/audit/audit_event.h"
#include "hooks/audit/audit_json.h"
#include "hooks/audit/audit_query.h"
#include "hooks/http/operation_outcome.h"

namespace auc::hooks::audit {
namespace {

using cards::ledger::CallPage;
using cards::ledger::Ledger;
using cards::ledger::LedgerError;
using cards::ledger::StoredCall;

// Exports read the ledger a page at a time, so memory stays bounded however large it is.
constexpr int kExportPageSize = 200;

void send_ledger_error(httplib::Response& res, const LedgerError& e) {
  switch (e.kind) {
    case LedgerError::Kind::kInvalid:
      send_operation_outcome(res, 400, "invalid", e.message, "cursor");
      return;
    case LedgerError::Kind::kBusy:
      send_operation_outcome(res, 503, "transient", "the ledger is busy; retry shortly");
      return;
    case LedgerError::Kind::kUnavailable:
      break;
  }
  send_operation_outcome(res, 500, "exception", "the ledger could not be read");
}

void send_param_error(httplib::Response& res, const ParamError& e) {
  send_operation_outcome(res, 400, "invalid", e.parameter + ": " + e.message, e.parameter);
}

std::optional<std::int64_t> parse_id(const std::string& text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// Streams every call matching `query` through `render`, one ledger page per chunk. A storage
// failure mid-stream ends the body early; the status line has already gone out.
void stream_calls(httplib::Response& res, Ledger& ledger, CallQuery query, const char* content_type,
                  std::string header, std::function<std::string(const StoredCall&)> render) {
  struct State {
    CallQuery query;
    std::string header;
    bool started = false;
  };
  auto state = std::make_shared<State>(State{std::move(query), std::move(header)});
  state->query.page.limit = kExportPageSize;
  res.set_chunked_content_provider(content_type, [&ledger, state, render = std::move(render)](
                                                     std::size_t, httplib::DataSink& sink) {
    std::string chunk;
    if (!state->started) {
      chunk = std::move(state->header);
      state->started = true;
    }
    auto page = ledger.list_calls(state->query.filter, state->query.page);
    if (!page) return false;
    for (const auto& call : page->calls) chunk += render(call);
    if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
    if (page->next_cursor.empty()) {
      sink.done();
    } else {
      state->query.page.cursor = page->next_cursor;
    }
    return true;
  });
}

}  // namespace

void register_audit_routes(HttpServer& server, Ledger& ledger,
                           std::shared_ptr<const AuditCredential> credential) {
  // Wraps a handler with the auditor credential check.
  auto guarded = [credential](HttpServer::Handler handler) -> HttpServer::Handler {
    return [credential, handler = std::move(handler)](const httplib::Request& req,
                                                      httplib::Response& res, RequestContext& ctx) {
      res.set_header("Cache-Control", "no-store");
      res.set_header("X-Content-Type-Options", "nosniff");
      if (!credential || !credential->accepts(req)) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"auc-hooks-audit\"");
        send_operation_outcome(res, 401, "login", "auditor credential required");
        return;
      }
      handler(req, res, ctx);
    };
  };

  server.get("/audit/calls", guarded([&ledger](const httplib::Request& req, httplib::Response& res,
                                               RequestContext&) {
               auto query = parse_call_query(req.params);
               if (!query) return send_param_error(res, query.error());
               auto page = ledger.list_calls(query->filter, query->page);
               if (!page) return send_ledger_error(res, page.error());
               res.set_content(page_json(*page), "application/json");
             }));

  auto one_call = [&ledger](const httplib::Request& req, httplib::Response& res,
                            const std::function<void(const StoredCall&)>& send) {
    auto id = parse_id(req.matches[1]);
    if (!id) return send_operation_outcome(res, 404, "not-found", "no such hook call");
    auto call = ledger.get_call(*id);
    if (!call) return send_ledger_error(res, call.error());
    if (!*call) return send_operation_outcome(res, 404, "not-found", "no such hook call");
    send(**call);
  };

  server.get(
      R"(/audit/calls/(\d+))",
      guarded([one_call](const httplib::Request& req, httplib::Response& res, RequestContext&) {
        one_call(req, res,
                 [&](const StoredCall& c) { res.set_content(call_json(c), "application/json"); });
      }));

  server.get(
      R"(/audit/calls/(\d+)/audit-event)",
      guarded([one_call](const httplib::Request& req, httplib::Response& res, RequestContext&) {
        one_call(req, res, [&](const StoredCall& c) {
          res.set_content(audit_event_json(c), "application/fhir+json");
        });
      }));

  server.get("/audit/summary", guarded([&ledger](const httplib::Request& req,
                                                 httplib::Response& res, RequestContext&) {
               auto filter = parse_summary_query(req.params);
               if (!filter) return send_param_error(res, filter.error());
               auto summary = ledger.summarize(*filter);
               if (!summary) return send_ledger_error(res, summary.error());
               res.set_content(summary_json(*summary), "application/json");
             }));

  // Exports take the list's filters; `limit` and `cursor` are ignored (everything is exported).
  auto export_route = [&](const std::string& path, const char* content_type,
                          std::string (*header)(), std::string (*render)(const StoredCall&)) {
    server.get(path,
               guarded([&ledger, content_type, header, render](
                           const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 auto query = parse_call_query(req.params);
                 if (!query) return send_param_error(res, query.error());
                 query->page.cursor.clear();
                 stream_calls(res, ledger, std::move(query).value(), content_type, header(),
                              [render](const StoredCall& c) { return render(c); });
               }));
  };
  export_route("/audit/export/calls.csv", "text/csv; charset=utf-8", csv_header, csv_row);
  export_route(
      "/audit/export/calls.ndjson", "application/x-ndjson", [] { return std::string(); },
      [](const StoredCall& c) { return call_json(c) + "\n"; });
  export_route(
      "/audit/export/audit-events.ndjson", "application/fhir+ndjson", [] { return std::string(); },
      [](const StoredCall& c) { return audit_event_json(c) + "\n"; });
}

}  // namespace auc::hooks::audit
