// The development certificates of certs/make-dev-certs.sh, made at test time, so integration
// tests run the real binary with the same TLS files an operator's quick start uses.
#pragma once

#include <string>

namespace auc::test {

// Runs certs/make-dev-certs.sh into `dir` (dev-ca.pem, server.pem, server-key.pem) and returns
// `dir`. Fails the current test when the script fails.
std::string make_dev_certs(const std::string& dir);

}  // namespace auc::test
