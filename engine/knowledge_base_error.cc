#include "engine/knowledge_base_error.h"

namespace auc::engine {

std::string LoadError::to_string() const {
  std::string out = file;
  for (const std::string* part : {&location, &field, &message}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ": ";
    out += *part;
  }
  return out;
}

}  // namespace auc::engine
