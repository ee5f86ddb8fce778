#include "hooks/http/chunked_body.h"

#include <algorithm>

namespace auc::hooks {
namespace {

// A chunk-size line with extensions, or a trailer section, longer than this is refused: nothing
// the service reads needs either.
constexpr std::size_t kMaxLineBytes = 1024;
constexpr std::size_t kMaxTrailerBytes = 8 * 1024;
constexpr std::size_t kMaxSizeDigits = 15;  // 2^60: beyond any body limit, no overflow

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ChunkedBody::State ChunkedBody::feed(std::string_view bytes, std::string& body,
                                     std::size_t& consumed) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const char c = bytes[i];
    switch (part_) {
      case Part::kSize: {
        const int v = hex_value(c);
        if (v >= 0) {
          if (++size_digits_ > kMaxSizeDigits) return State::kTooLarge;
          remaining_ = remaining_ * 16 + static_cast<std::size_t>(v);
          ++i;
          break;
        }
        if (size_digits_ == 0) return State::kMalformed;
        if (remaining_ > max_body_bytes_ - std::min(max_body_bytes_, body.size())) {
          return State::kTooLarge;
        }
        last_chunk_ = remaining_ == 0;
        line_bytes_ = 0;
        if (c == ';' || c == ' ' || c == '\t') {
          part_ = Part::kSizeExtension;
        } else if (c == '\r') {
          part_ = Part::kSizeLf;
        } else {
          return State::kMalformed;
        }
        ++i;
        break;
      }
      case Part::kSizeExtension:
        if (c == '\r') {
          part_ = Part::kSizeLf;
        } else if (c == '\n' || ++line_bytes_ > kMaxLineBytes) {
          return State::kMalformed;
        }
        ++i;
        break;
      case Part::kSizeLf:
        if (c != '\n') return State::kMalformed;
        ++i;
        size_digits_ = 0;
        part_ = last_chunk_ ? Part::kTrailer : Part::kData;
        line_bytes_ = 0;
        break;
      case Part::kData: {
        const std::size_t n = std::min(remaining_, bytes.size() - i);
        body.append(bytes.data() + i, n);
        i += n;
        remaining_ -= n;
        if (remaining_ == 0) part_ = Part::kDataCr;
        break;
      }
      case Part::kDataCr:
        if (c != '\r') return State::kMalformed;
        ++i;
        part_ = Part::kDataLf;
        break;
      case Part::kDataLf:
        if (c != '\n') return State::kMalformed;
        ++i;
        part_ = Part::kSize;
        break;
      case Part::kTrailer:
        // Trailer fields are read past and dropped; an empty line ends the body.
        if (c == '\r') {
          part_ = Part::kTrailerLf;
        } else if (c == '\n' || ++trailer_bytes_ > kMaxTrailerBytes) {
          return State::kMalformed;
        } else {
          ++line_bytes_;
        }
        ++i;
        break;
      case Part::kTrailerLf:
        if (c != '\n') return State::kMalformed;
        ++i;
        if (line_bytes_ == 0) {
          consumed = i;
          return State::kDone;
        }
        line_bytes_ = 0;
        part_ = Part::kTrailer;
        break;
    }
  }
  consumed = i;
  return State::kMore;
}

}  // namespace auc::hooks
