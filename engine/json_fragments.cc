#include "engine/json_fragments.h"

namespace auc::engine {
namespace {

void render_coding_into(JsonWriter& w, const CodeMapping& m) {
  write_coding(w, m.system, m.code, m.display);
}

void render_rating_into(JsonWriter& w, const RatedProcedure& p) {
  w.StartObject();
  write_key(w, "procedure");
  write_string(w, p.id);
  write_key(w, "name");
  write_string(w, p.name);
  write_key(w, "category");
  write_string(w, category_label(p.category));
  write_key(w, "rating");
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
