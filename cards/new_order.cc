#include "cards/new_order.h"

#include "cards/extension_urls.h"
#include "cards/order_code.h"
#include "cards/resource_copy.h"

namespace auc::cards {
namespace {

// The draft's member when it has something in it (empty elements are never sent).
const rapidjson::Value* kept_member(const rapidjson::Value& draft, std::string_view name) {
  if (!draft.IsObject()) return nullptr;
  const auto m = draft.FindMember(rapidjson::Value(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size()))));
  if (m == draft.MemberEnd() || is_empty_json(m->value)) return nullptr;
  return &m->value;
}

void copy_member(JsonWriter& w, const rapidjson::Value& draft, std::string_view name) {
  if (const rapidjson::Value* v = kept_member(draft, name)) {
    write_key(w, name);
    write_pruned(*v, w);
  }
}

}  // namespace

void write_new_order(JsonWriter& w, const rapidjson::Value& draft, std::string_view id,
                     const engine::Alternative& study) {
  w.StartObject();
  write_field(w, "resourceType", "ServiceRequest");
  write_field(w, "id", id);
  write_field(w, "status", "draft");
  write_field(w, "intent", "order");
  if (kept_member(draft, "category") != nullptr) {
    // The draft's category describes the draft (often a procedure); the new order is imaging.
    write_key(w, "category");
    w.StartArray();
    w.StartObject();
    write_key(w, "coding");
    w.StartArray();
    write_coding(w, kSnomedSystem, kImagingCategoryCode, kImagingCategoryDisplay);
    w.EndArray();
    w.EndObject();
    w.EndArray();
  }
  write_key(w, "code");
  write_order_code(w, study);
  copy_member(w, draft, "subject");
  copy_member(w, draft, "encounter");
  copy_member(w, draft, "requester");
  copy_member(w, draft, "reasonCode");
  w.EndObject();
}

}  // namespace auc::cards
