// Loading PEM private keys (TLS server key, dev JWT signing key) with the checks operators
// need: a clear error when the file is unreadable or not a key, and a warning when anyone but
// the owner can read it.
#pragma once

#include <optional>
#include <string>

#include "fhir/expected.h"
#include "hooks/auth/openssl_ptr.h"

namespace auc::hooks {

Expected<PkeyPtr, std::string> load_private_key_pem(const std::string& path);

// A warning when `path` is group- or world-accessible, nullopt when it is not (or cannot be
// inspected: the load reports that).
std::optional<std::string> key_file_permission_warning(const std::string& path);

}  // namespace auc::hooks
