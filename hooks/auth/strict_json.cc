#include "hooks/auth/strict_json.h"

#include <cmath>

#include "fhir/checked_json.h"

namespace auc::hooks {
namespace {

const rapidjson::Value* find(const rapidjson::Value& obj, std::string_view name) {
  if (!obj.IsObject()) return nullptr;
  const auto it = obj.FindMember(rapidjson::Value(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size()))));
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

}  // namespace

bool parse_strict_json_object(std::string_view text, rapidjson::Document& doc) {
  return !fhir::parse_checked(doc, text) && doc.IsObject();
}

std::optional<std::string_view> string_member(const rapidjson::Value& obj, std::string_view name) {
  const rapidjson::Value* v = find(obj, name);
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return std::string_view(v->GetString(), v->GetStringLength());
}

std::optional<std::int64_t> numeric_date_member(const rapidjson::Value& obj,
                                                std::string_view name) {
  const rapidjson::Value* v = find(obj, name);
  if (v == nullptr) return std::nullopt;
  // Bounded so adding a clock skew can never overflow; 1e12 s is far beyond any real date.
  constexpr std::int64_t kMaxDate = 1'000'000'000'000;
  if (v->IsInt64()) {
    const std::int64_t i = v->GetInt64();
    if (i < 0 || i > kMaxDate) return std::nullopt;
    return i;
  }
  if (v->IsDouble()) {
    // NumericDate may carry fractions (RFC 7519 section 2); whole seconds are enough here.
    const double d = v->GetDouble();
    if (!std::isfinite(d) || d < 0 || d > static_cast<double>(kMaxDate)) return std::nullopt;
    return static_cast<std::int64_t>(std::floor(d));
  }
  return std::nullopt;
}

bool has_member(const rapidjson::Value& obj, std::string_view name) {
  return find(obj, name) != nullptr;
}

}  // namespace auc::hooks
