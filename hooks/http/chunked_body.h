// Decoding a chunked request body (RFC 9112 section 7.1) as its bytes arrive, with the body
// limit applied to the decoded size, so a chunked body can never grow past --max-body-bytes.
// Pure over bytes: fuzz targets and unit tests feed it directly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace auc::hooks {

class ChunkedBody {
 public:
  enum class State { kMore, kDone, kMalformed, kTooLarge };

  explicit ChunkedBody(std::size_t max_body_bytes) : max_body_bytes_(max_body_bytes) {}

  // Consumes what it can of `bytes`, appending decoded data to `body`. Returns the state and
  // sets `consumed` to the bytes used (all of them unless kDone, when the rest belongs to the
  // next request).
  State feed(std::string_view bytes, std::string& body, std::size_t& consumed);

 private:
  enum class Part { kSize, kSizeExtension, kSizeLf, kData, kDataCr, kDataLf, kTrailer, kTrailerLf };

  std::size_t max_body_bytes_;
  Part part_ = Part::kSize;
  std::size_t remaining_ = 0;  // data bytes left in the current chunk
  std::size_t size_digits_ = 0;
  std::size_t line_bytes_ = 0;  // extension or trailer line length so far
  std::size_t trailer_bytes_ = 0;
  bool last_chunk_ = false;
};

}  // namespace auc::hooks
