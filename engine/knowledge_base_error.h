// Why the knowledge base refused to load: names the file, the row or JSON path, and the field.
#pragma once

#include <string>

namespace auc::engine {

struct LoadError {
  std::string file;
  std::string location;  // "row 12" or "/variants/3/procedures/2/rating"
  std::string field;
  std::string message;
  std::string to_string() const;  // "file: location: field: message"
};

}  // namespace auc::engine
