#include "cards/draft_template.h"

#include "cards/resource_copy.h"

namespace auc::cards {
namespace {

constexpr std::size_t kDraftBytes = 2048;  // a typical draft ServiceRequest, rendered

}  // namespace

DraftTemplate::DraftTemplate(const rapidjson::Value& draft) {
  rapidjson::StringBuffer buf(nullptr, kDraftBytes);
  JsonWriter w(buf);
  // Each name and value is rendered as a JSON text of its own, exactly as the writer would
  // render it inside the resource.
  const auto render = [&](auto&& write) {
    Span s;
    s.begin = static_cast<std::uint32_t>(buf.GetSize());
    w.Reset(buf);
    write();
    s.end = static_cast<std::uint32_t>(buf.GetSize());
    return s;
  };
  const auto render_value = [&](const rapidjson::Value& v) {
    Span s = render([&] { write_pruned(v, w); });
    s.type = v.GetType();
    return s;
  };
  if (draft.IsObject()) {
    members_.reserve(draft.MemberCount());
    for (const auto& m : draft.GetObject()) {
      const std::string_view name(m.name.GetString(), m.name.GetStringLength());
      Member out;
      out.key = render([&] { write_string(w, name); });
      out.key.type = rapidjson::kStringType;
      if (name == "code") {
        out.role = Role::kCode;
        has_code_ = true;
      } else if (name == "extension") {
        out.role = Role::kExtension;
        has_extension_ = true;
        out.first_kept = static_cast<std::uint32_t>(kept_extensions_.size());
        if (m.value.IsArray()) {
          for (const auto& e : m.value.GetArray()) {
            if (!is_empty_json(e) && !is_rating_extension(e)) {
              kept_extensions_.push_back(render_value(e));
            }
          }
        }
        out.end_kept = static_cast<std::uint32_t>(kept_extensions_.size());
        members_.push_back(out);
        continue;
      }
      if (!is_empty_json(m.value)) out.value = render_value(m.value);
      members_.push_back(out);
    }
  }
  json_.assign(buf.GetString(), buf.GetSize());
}

}  // namespace auc::cards
