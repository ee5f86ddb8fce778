// Checks a CDS Hooks service response against the 2.0 rules the project follows
// (the CDS Hooks 2.0 specification) and the Argonaut PAMA rating convention the CDS Hooks
// Sandbox reads. Deliberately independent of cards/: it restates the rules from the
// specification so that it can catch the renderer being wrong.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

namespace auc::test {

// Every violation found, each naming the JSON path ("/cards/0/summary: ..."); empty when valid.
std::vector<std::string> validate_cds_response(std::string_view body);
std::vector<std::string> validate_cds_response(const rapidjson::Value& response);

// The violations joined one per line, for test messages.
std::string describe_violations(const std::vector<std::string>& violations);

}  // namespace auc::test
