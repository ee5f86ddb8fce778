// An Authorization header through the JWT authenticator, trusting the sandbox's issuer file
// (its JWKS inline, so no fetch is ever needed; the fetcher here refuses every URL).
#include "hooks/auth/issuer_trust.h"
#include "hooks/auth/jwks_fetcher.h"
#include "hooks/auth/jwt_authenticator.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

class NoFetch final : public auc::hooks::JwksFetcher {
 public:
  auc::Expected<std::string, std::string> fetch(const std::string&, const std::string&) override {
    return auc::Unexpected(std::string("no network while fuzzing"));
  }
};

auc::hooks::JwtAuthenticator& authenticator() {
  static auc::hooks::JwtAuthenticator* instance = [] {
    const std::string text =
        auc::fuzz::read_source_file(AUC_SOURCE_DIR "/certs/trust/cds-hooks-sandbox.json");
    auto trust = auc::hooks::parse_issuer_trust(text, AUC_SOURCE_DIR "/certs/trust", "sandbox");
    if (!trust) auc::fuzz::invariant_broken();
    auc::hooks::JwtPolicy policy;
    policy.algorithms = {auc::hooks::JwsAlgorithm::kES384, auc::hooks::JwsAlgorithm::kRS384};
    return new auc::hooks::JwtAuthenticator(policy, {*trust}, 1000, std::make_shared<NoFetch>(),
                                            [] { return std::int64_t{1'800'000'000}; }, {});
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string header = "Bearer " + std::string(auc::fuzz::text(data, size));
  (void)authenticator().authenticate(header, "https://cds.example.org/cds-services/x");
  (void)authenticator().authenticate(auc::fuzz::text(data, size), "https://cds.example.org/");
  return 0;
}
