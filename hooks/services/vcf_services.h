// The two CDS services discovery lists: order-select (rates the orders being picked) and
// order-sign (rates every imaging and treatment order before signing).
#pragma once

#include <string_view>
#include <vector>

#include "hooks/discovery/service_descriptor.h"

namespace auc::hooks {

inline constexpr std::string_view kOrderSelectServiceId = "acr-vcf-order-select";
inline constexpr std::string_view kOrderSignServiceId = "acr-vcf-order-sign";

std::vector<ServiceDescriptor> vcf_service_descriptors();

}  // namespace auc::hooks
