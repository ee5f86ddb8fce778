#include "hooks/services/json_body.h"

#include <rapidjson/error/en.h>

#include <memory>

namespace auc::hooks {
namespace {

// A typical order-select body with a 100-resource prefetch needs well under this; larger bodies
// spill into chunks the pool frees when the document goes.
constexpr std::size_t kPoolBytes = 512 * 1024;
// The parser's initial work stack (it grows in the pool when a body nests deeper).
constexpr std::size_t kStackBytes = 4 * 1024;

char* thread_pool_buffer() {
  thread_local const std::unique_ptr<char[]> buffer =
      std::make_unique_for_overwrite<char[]>(kPoolBytes);
  return buffer.get();
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

bool is_json_content_type(std::string_view ct) {
  const std::size_t semi = ct.find(';');
  std::string_view type = ct.substr(0, semi);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  return iequals(type, "application/json") || iequals(type, "application/fhir+json");
}

JsonBody::JsonBody() : pool_(thread_pool_buffer(), kPoolBytes), doc_(&pool_, kStackBytes, &pool_) {}

bool JsonBody::parse(std::string_view text, std::string& error) {
  doc_.Parse(text.data(), text.size());
  if (!doc_.HasParseError()) return true;
  error = "malformed JSON at byte " + std::to_string(doc_.GetErrorOffset()) + ": " +
          rapidjson::GetParseError_En(doc_.GetParseError());
  return false;
}

}  // namespace auc::hooks
