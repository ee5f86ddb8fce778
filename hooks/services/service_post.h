// What every POST to a CDS service (the hook call and its feedback) checks before its own work:
// the service the path names exists (404), the body is JSON by Content-Type (415) and parses
// (400). Shared so both endpoints refuse bad input the same way.
#pragma once

#include <httplib.h>

#include <string_view>
#include <vector>

#include "hooks/cds/request_error.h"
#include "hooks/discovery/service_descriptor.h"
#include "hooks/http/request_context.h"
#include "hooks/services/json_body.h"

namespace auc::hooks {

// The service a path's id names; nullptr when none does.
const ServiceDescriptor* find_service(const std::vector<ServiceDescriptor>& services,
                                      std::string_view id);

// Runs the three checks on a route whose first capture is the service id. On success returns
// the service with `body` parsed (in place, from ctx.body); otherwise answers `res` itself and
// returns nullptr.
// `what` names the expected body in the 415 message ("the hook request", "feedback").
const ServiceDescriptor* accept_service_post(const httplib::Request& req, httplib::Response& res,
                                             const RequestContext& ctx,
                                             const std::vector<ServiceDescriptor>& services,
                                             std::string_view what, JsonBody& body);

// 400 with an OperationOutcome naming the JSON path of a request-shape error.
void send_bad_request(httplib::Response& res, const RequestError& e);

}  // namespace auc::hooks
