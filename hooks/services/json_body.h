// Request bodies: the JSON content-type check (415) and parsing into a document whose memory comes
// from a per-thread pool, so a typical hook call parses without touching the heap.
#pragma once

#include <httplib.h>
#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace auc::hooks {

// application/json or application/fhir+json, with or without parameters such as charset.
bool is_json_content_type(std::string_view content_type);

// One parsed body. Its values live in the calling thread's pool: use it on that thread only, and
// only one at a time per thread (a request handler's lifetime).
class JsonBody {
 public:
  JsonBody();
  JsonBody(const JsonBody&) = delete;
  JsonBody& operator=(const JsonBody&) = delete;

  // false with `error` ("malformed JSON at byte 12: Missing a comma...") on a syntax error.
  bool parse(std::string_view text, std::string& error);
  const rapidjson::Value& doc() const { return doc_; }

 private:
  // The parser's work stack comes from the same pool as the values: RapidJSON's default stack
  // allocator would malloc and free a fresh stack on every parse.
  using PooledDocument =
      rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                                 rapidjson::MemoryPoolAllocator<>>;
  rapidjson::MemoryPoolAllocator<> pool_;
  PooledDocument doc_;  // declared after pool_: destroyed first
};

}  // namespace auc::hooks
