#include "hooks/auth/strict_json.h"

#include <cmath>
#include <vector>

namespace auc::hooks {
namespace {

bool members_distinct(const rapidjson::Value& root) {
  // Explicit stack: nesting depth is attacker-controlled.
  std::vector<const rapidjson::Value*> pending{&root};
  while (!pending.empty()) {
    const rapidjson::Value* v = pending.back();
    pending.pop_back();
    if (v->IsObject()) {
      for (auto a = v->MemberBegin(); a != v->MemberEnd(); ++a) {
        for (auto b = a + 1; b != v->MemberEnd(); ++b) {
          if (a->name == b->name) return false;
        }
        pending.push_back(&a->value);
      }
    } else if (v->IsArray()) {
      for (const auto& item : v->GetArray()) pending.push_back(&item);
    }
  }
  return true;
}

const rapidjson::Value* find(const rapidjson::Value& obj, std::string_view name) {
  if (!obj.IsObject()) return nullptr;
  const auto it = obj.FindMember(rapidjson::Value(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size()))));
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

}  // namespace

bool parse_strict_json_object(std::string_view text, rapidjson::Document& doc) {
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  return !doc.HasParseError() && doc.IsObject() && members_distinct(doc);
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
