// Request bodies: the JSON content-type check (415) and parsing in place: string values are
// decoded inside the request's own buffer (RapidJSON in-situ), and the document's values come
// from a pooled arena, so a typical hook call parses without copying strings or touching the heap.
#pragma once

#include <httplib.h>
#include <rapidjson/document.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "fhir/checked_json.h"
#include "hooks/http/buffer_pool.h"

namespace auc::hooks {

// application/json or application/fhir+json, with or without parameters such as charset.
bool is_json_content_type(std::string_view content_type);

// One parsed body. The document points into the text it parsed, so that text must outlive it.
class JsonBody {
 public:
  JsonBody();
  JsonBody(const JsonBody&) = delete;
  JsonBody& operator=(const JsonBody&) = delete;

  // Parses `text` in place (the buffer is rewritten: escapes decoded, strings terminated) under
  // the rules of fhir/checked_json.h: the problem ("malformed JSON at byte 12: ...", too deep,
  // not UTF-8, a repeated member) when it is refused.
  // `text` must be followed by a NUL (text.data()[text.size()]), as a std::string's data is.
  std::optional<fhir::JsonProblem> parse(std::span<char> text);
  std::optional<fhir::JsonProblem> parse(std::string& text) {
    return parse(std::span<char>(text.data(), text.size()));
  }
  const rapidjson::Value& doc() const { return doc_; }

 private:
  // The parser's work stack comes from the same arena as the values: RapidJSON's default stack
  // allocator would malloc and free a fresh stack on every parse.
  using PooledDocument =
      rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                                 rapidjson::MemoryPoolAllocator<>>;
  BufferPool::Lease arena_;
  rapidjson::MemoryPoolAllocator<> pool_;  // first chunk is arena_; spills go to the heap
  PooledDocument doc_;                     // declared after pool_: destroyed first
};

}  // namespace auc::hooks
