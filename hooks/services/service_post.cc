#include "hooks/services/service_post.h"

#include <string>

#include "hooks/http/operation_outcome.h"

namespace auc::hooks {

const ServiceDescriptor* find_service(const std::vector<ServiceDescriptor>& services,
                                      std::string_view id) {
  for (const ServiceDescriptor& s : services) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const ServiceDescriptor* accept_service_post(const httplib::Request& req, httplib::Response& res,
                                             const RequestContext& ctx,
                                             const std::vector<ServiceDescriptor>& services,
                                             std::string_view what, JsonBody& body) {
  const std::string_view id = req.matches.size() > 1
                                  ? std::string_view(req.matches[1].first, req.matches[1].second)
                                  : std::string_view{};
  const ServiceDescriptor* service = find_service(services, id);
  if (service == nullptr) {
    send_operation_outcome(res, 404, "not-found", "no CDS service with that id; see /cds-services");
    return nullptr;
  }
  // Looked up in place: get_header_value would copy the value into a new string.
  const auto content_type = req.headers.find("Content-Type");
  if (content_type == req.headers.end() || !is_json_content_type(content_type->second)) {
    send_operation_outcome(res, 415, "not-supported",
                           "send " + std::string(what) + " as application/json");
    return nullptr;
  }
  if (auto problem = body.parse(ctx.body)) {
    send_bad_request(res, RequestError{std::move(problem->path), std::move(problem->message)});
    return nullptr;
  }
  return service;
}

void send_bad_request(httplib::Response& res, const RequestError& e) {
  send_operation_outcome(res, 400, "invalid",
                         e.path.empty() ? e.message : e.path + ": " + e.message, e.path);
}

}  // namespace auc::hooks
