#include "hooks/log/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace auc::hooks::log {
namespace {

std::atomic<LogLevel> g_level{LogLevel::kInfo};

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
    case LogLevel::kOff:
      break;
  }
  return "off";
}

void append_time(std::string& out) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t secs = system_clock::to_time_t(now);
  const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  out += buf;
}

}  // namespace

void set_level(LogLevel level) {
  g_level.store(level, std::memory_order_relaxed);
}

bool enabled(LogLevel level) {
  const LogLevel current = g_level.load(std::memory_order_relaxed);
  return current != LogLevel::kOff && level >= current;
}

void append_json_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
        } else {
          out += c;
        }
    }
  }
}

Line::Line(LogLevel level, std::string_view event) : on_(enabled(level)) {
  if (!on_) return;
  text_.reserve(256);
  text_ += "{\"time\":\"";
  append_time(text_);
  text_ += "\",\"level\":\"";
  text_ += level_name(level);
  text_ += "\",\"event\":\"";
  append_json_escaped(text_, event);
  text_ += '"';
}

Line::~Line() {
  if (!on_) return;
  text_ += "}\n";
  // One write per line so concurrent threads never interleave inside a line.
  const char* p = text_.data();
  std::size_t left = text_.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) break;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

Line& Line::str(std::string_view key, std::string_view value) {
  if (!on_) return *this;
  text_ += ",\"";
  append_json_escaped(text_, key);
  text_ += "\":\"";
  append_json_escaped(text_, value);
  text_ += '"';
  return *this;
}

Line& Line::num(std::string_view key, std::int64_t value) {
  if (!on_) return *this;
  text_ += ",\"";
  append_json_escaped(text_, key);
  text_ += "\":";
  text_ += std::to_string(value);
  return *this;
}

Line& Line::flag(std::string_view key, bool value) {
  if (!on_) return *this;
  text_ += ",\"";
  append_json_escaped(text_, key);
  text_ += "\":";
  text_ += value ? "true" : "false";
  return *this;
}

}  // namespace auc::hooks::log
