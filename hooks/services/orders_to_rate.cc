#include "hooks/services/orders_to_rate.h"

#include <algorithm>

namespace auc::hooks {
namespace {

// order-select rates the draft orders the selections name, however they named them (fullUrl,
// "ServiceRequest/<id>" or an absolute URL): request validation already resolved each one.
bool selected(const fhir::ServiceRequest& order, const HookRequest& request) {
  return std::find(request.selected_resources.begin(), request.selected_resources.end(),
                   order.json) != request.selected_resources.end();
}

bool names_a_study(const fhir::ServiceRequest& order) {
  if (!order.code.text.empty()) return true;
  for (const fhir::Coding& c : order.code.coding) {
    if (!c.code.empty()) return true;
  }
  return false;
}

}  // namespace

std::vector<const fhir::ServiceRequest*> orders_to_rate(
    const std::vector<fhir::ServiceRequest>& drafts, const HookRequest& request) {
  std::vector<const fhir::ServiceRequest*> out;
  out.reserve(drafts.size());
  const bool select = request.hook == "order-select";
  for (const fhir::ServiceRequest& order : drafts) {
    if (select && !selected(order, request)) continue;
    if (!names_a_study(order)) continue;
    out.push_back(&order);
  }
  return out;
}

std::chrono::sys_seconds judged_at(const fhir::ServiceRequest& order,
                                   std::chrono::sys_seconds now) {
  if (order.authored_on) {
    const std::chrono::sys_seconds authored = order.authored_on->earliest();
    if (authored <= now) return authored;
  }
  return now;
}

}  // namespace auc::hooks
