#include "hooks/services/json_body.h"

#include <cstring>

namespace auc::hooks {
namespace {

// Parsed in place, a 100-resource order-select body (~90 KB) needs about 130 KB of values; larger
// bodies spill into chunks the allocator frees when the document goes.
constexpr std::size_t kArenaBytes = 192 * 1024;
// The parser's initial work stack (it grows in the arena when a body nests deeper).
constexpr std::size_t kStackBytes = 4 * 1024;

// Arenas are shared by all workers and kept warm up to a bound, so memory follows the number of
// requests being parsed at once, not the number of worker threads.
BufferPool& arenas() {
  // The capacity bound has headroom: a string library may round a resize up, and an arena it
  // refused to keep would be allocated and zero-filled again on every call.
  static BufferPool pool({.max_idle = 32, .max_kept_capacity = 2 * kArenaBytes});
  return pool;
}

char* sized_arena(std::string& buffer) {
  if (buffer.size() < kArenaBytes) buffer.resize(kArenaBytes);  // zero-filled once, then reused
  return buffer.data();
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

JsonBody::JsonBody()
    : arena_(arenas().acquire()),
      pool_(sized_arena(arena_.buffer()), kArenaBytes),
      doc_(&pool_, kStackBytes, &pool_) {}

std::optional<fhir::JsonProblem> JsonBody::parse(std::span<char> text) {
  char empty[1] = {'\0'};
  if (text.data() == nullptr) text = std::span<char>(empty, 0);
  // The in-situ parser stops at the first NUL, so a NUL inside the body would silently cut it.
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    return fhir::JsonProblem{"", "malformed JSON at byte " +
                                     std::to_string(static_cast<const char*>(nul) - text.data()) +
                                     ": a NUL byte is not allowed in a JSON text"};
  }
  return fhir::parse_checked_insitu(doc_, text.data());
}

}  // namespace auc::hooks
