// Structured logging: one JSON object per line on stderr.
// Never pass request bodies, patient identifiers or tokens to a log line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hooks/config/config.h"

namespace auc::hooks::log {

void set_level(LogLevel level);
bool enabled(LogLevel level);

// Builds one line; emitted (with a single write) when it goes out of scope.
// Cheap when the level is disabled: every call becomes a branch on a bool.
class Line {
 public:
  Line(LogLevel level, std::string_view event);
  ~Line();
  Line(const Line&) = delete;
  Line& operator=(const Line&) = delete;

  Line& str(std::string_view key, std::string_view value);
  Line& num(std::string_view key, std::int64_t value);
  Line& flag(std::string_view key, bool value);

 private:
  bool on_;
  std::string text_;
};

inline Line debug(std::string_view event) {
  return Line(LogLevel::kDebug, event);
}
inline Line info(std::string_view event) {
  return Line(LogLevel::kInfo, event);
}
inline Line warn(std::string_view event) {
  return Line(LogLevel::kWarn, event);
}
inline Line error(std::string_view event) {
  return Line(LogLevel::kError, event);
}

// JSON string escaping, shared with other small hand-written JSON emitters in hooks/.
void append_json_escaped(std::string& out, std::string_view s);

}  // namespace auc::hooks::log
