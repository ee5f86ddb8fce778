#include "cards/order_code.h"

#include <array>

#include "engine/json_fragments.h"

namespace auc::cards {

void write_order_code(JsonWriter& w, const engine::Alternative& alt) {
  std::array<std::string_view, 8> systems{};
  std::size_t n = 0;
  w.StartObject();
  write_key(w, "coding");
  w.StartArray();
  for (const engine::CodeMapping* c : alt.codes) {
    if (c == nullptr || c->unverified || c->code.empty()) continue;
    bool seen = false;
    for (std::size_t i = 0; i < n; ++i) seen = seen || systems[i] == c->system;
    if (seen) continue;
    if (n < systems.size()) systems[n++] = c->system;
    engine::write_coding(w, *c);
  }
  w.EndArray();
  write_field(w, "text", alt.procedure->name);
  w.EndObject();
}

}  // namespace auc::cards
