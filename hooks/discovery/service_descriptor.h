// What discovery says about one CDS service (CDS Hooks 2.0 "Discovery").
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace auc::hooks {

struct ServiceDescriptor {
  std::string id;    // URL segment: {base}/cds-services/{id}
  std::string hook;  // "order-select" | "order-sign"
  std::string title;
  std::string description;
  std::string usage_requirements;                             // "" = omitted
  std::vector<std::pair<std::string, std::string>> prefetch;  // key -> query template
};

// {"services":[...]}; empty fields are left out, as the spec asks.
std::string discovery_json(const std::vector<ServiceDescriptor>& services);

}  // namespace auc::hooks
