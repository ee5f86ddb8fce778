#include "hooks/auth/jws_algorithm.h"

namespace auc::hooks {

std::optional<JwsAlgorithm> parse_jws_algorithm(std::string_view name) {
  if (name == "ES384") return JwsAlgorithm::kES384;
  if (name == "RS384") return JwsAlgorithm::kRS384;
  if (name == "ES256") return JwsAlgorithm::kES256;
  if (name == "RS256") return JwsAlgorithm::kRS256;
  return std::nullopt;
}

std::string_view jws_algorithm_name(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::kES256:
      return "ES256";
    case JwsAlgorithm::kES384:
      return "ES384";
    case JwsAlgorithm::kRS256:
      return "RS256";
    case JwsAlgorithm::kRS384:
      return "RS384";
  }
  return "";
}

}  // namespace auc::hooks
