// JSON parsing for security-relevant documents (JOSE headers, claims, JWKS, trust files): the
// checked parse of fhir/checked_json.h (bounded nesting, valid UTF-8, no repeated member names,
// so no two readers can disagree about which value counts), no exceptions.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace auc::hooks {

// Parses `text` and returns it only if it is an object whose members (at every level) have
// distinct names.
bool parse_strict_json_object(std::string_view text, rapidjson::Document& doc);

// Typed member lookups that never assert: nullopt when absent or of another type.
std::optional<std::string_view> string_member(const rapidjson::Value& obj, std::string_view name);
std::optional<std::int64_t> numeric_date_member(const rapidjson::Value& obj, std::string_view name);
bool has_member(const rapidjson::Value& obj, std::string_view name);

}  // namespace auc::hooks
