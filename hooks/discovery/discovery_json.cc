#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "hooks/discovery/service_descriptor.h"

namespace auc::hooks {

std::string discovery_json(const std::vector<ServiceDescriptor>& services) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto field = [&w](const char* key, const std::string& value) {
    if (value.empty()) return;
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  w.Key("services");
  w.StartArray();
  for (const auto& s : services) {
    w.StartObject();
    field("hook", s.hook);
    field("id", s.id);
    field("title", s.title);
    field("description", s.description);
    field("usageRequirements", s.usage_requirements);
    if (!s.prefetch.empty()) {
      w.Key("prefetch");
      w.StartObject();
      for (const auto& [key, query] : s.prefetch) field(key.c_str(), query);
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace auc::hooks
