#include "engine/json_fragments.h"

#include <string_view>

namespace auc::engine {
namespace {

void member(JsonWriter& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void render_coding_into(JsonWriter& w, const CodeMapping& m) {
  w.StartObject();
  if (!m.system.empty()) member(w, "system", m.system);
  if (!m.code.empty()) member(w, "code", m.code);
  if (!m.display.empty()) member(w, "display", m.display);
  w.EndObject();
}

void render_rating_into(JsonWriter& w, const RatedProcedure& p) {
  w.StartObject();
  member(w, "procedure", p.id);
  member(w, "name", p.name);
  member(w, "category", category_label(p.category));
  w.Key("rating");
  w.Int(p.rating);
  w.EndObject();
}

template <class Entry, class Render>
std::string render(const Entry& entry, Render render_into) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  render_into(w, entry);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string render_coding(const CodeMapping& m) {
  return render(m, render_coding_into);
}

std::string render_rating(const RatedProcedure& p) {
  return render(p, render_rating_into);
}

void write_coding(JsonWriter& w, const CodeMapping& m) {
  if (m.coding_json.empty()) {
    render_coding_into(w, m);
  } else {
    w.Splice(m.coding_json, rapidjson::kObjectType);
  }
}

void write_rating(JsonWriter& w, const RatedProcedure& p) {
  if (p.rating_json.empty()) {
    render_rating_into(w, p);
  } else {
    w.Splice(p.rating_json, rapidjson::kObjectType);
  }
}

}  // namespace auc::engine
