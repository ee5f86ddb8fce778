#include "cards/resource_copy.h"

#include "cards/extension_urls.h"

namespace auc::cards {

bool is_empty_json(const rapidjson::Value& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType:
      return true;
    case rapidjson::kStringType:
      return v.GetStringLength() == 0;
    case rapidjson::kArrayType:
      for (const auto& e : v.GetArray()) {
        if (!is_empty_json(e)) return false;
      }
      return true;
    case rapidjson::kObjectType:
      for (const auto& m : v.GetObject()) {
        if (!is_empty_json(m.value)) return false;
      }
      return true;
    default:
      return false;
  }
}

void write_pruned(const rapidjson::Value& v, JsonWriter& w) {
  if (v.IsObject()) {
    w.StartObject();
    for (const auto& m : v.GetObject()) {
      if (is_empty_json(m.value)) continue;
      w.Key(m.name.GetString(), m.name.GetStringLength());
      write_pruned(m.value, w);
    }
    w.EndObject();
  } else if (v.IsArray()) {
    w.StartArray();
    for (const auto& e : v.GetArray()) {
      if (!is_empty_json(e)) write_pruned(e, w);
    }
    w.EndArray();
  } else {
    v.Accept(w);
  }
}

bool is_rating_extension(const rapidjson::Value& extension) {
  if (!extension.IsObject()) return false;
  const auto url = extension.FindMember("url");
  if (url == extension.MemberEnd() || !url->value.IsString()) return false;
  const std::string_view u(url->value.GetString(), url->value.GetStringLength());
  return u.starts_with(kPamaExtensionPrefix) || u == kAcrRatingUrl;
}

}  // namespace auc::cards
