// A draft order copied into the response: its rating update (systemAction) and every suggestion
// that replaces its code. The draft is walked, pruned (see resource_copy.h) and escaped once per
// order; each copy splices those rendered members in (JsonWriter::Splice) and writes only what
// changes (the code and the extensions). The bytes are what a member-by-member copy through the
// writer would give.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cards/json_writer.h"

namespace auc::cards {

class DraftTemplate {
 public:
  // `draft` is the ServiceRequest object as the EHR sent it.
  explicit DraftTemplate(const rapidjson::Value& draft);

  // Writes the draft with member "code" replaced by write_code(w) when replace_code is set, and
  // our extensions (write_extensions(w) writes array elements) after the draft's kept ones
  // (earlier rating extensions are dropped). Member order is the draft's; empty elements are
  // left out; code and extension are added at the end when the draft lacks them.
  template <class WriteCode, class WriteExtensions>
  void write(JsonWriter& w, bool replace_code, WriteCode&& write_code,
             WriteExtensions&& write_extensions) const;

 private:
  // A rendered JSON value (or quoted member name) in json_.
  struct Span {
    rapidjson::Type type = rapidjson::kNullType;
    std::uint32_t begin = 0, end = 0;
  };
  enum class Role : std::uint8_t { kPlain, kCode, kExtension };
  struct Member {
    Span key;
    Span value;  // empty (begin == end) when the draft's value is empty: left out
    Role role = Role::kPlain;
    // kExtension: the member's kept extensions are kept_extensions_[first_kept, end_kept).
    std::uint32_t first_kept = 0, end_kept = 0;
  };

  void raw(JsonWriter& w, const Span& s) const {
    w.Splice(std::string_view(json_).substr(s.begin, s.end - s.begin), s.type);
  }
  template <class WriteExtensions>
  void write_extensions_of(JsonWriter& w, const Member* m,
                           WriteExtensions& write_extensions) const {
    w.StartArray();
    if (m != nullptr) {
      for (std::uint32_t i = m->first_kept; i < m->end_kept; ++i) raw(w, kept_extensions_[i]);
    }
    write_extensions(w);
    w.EndArray();
  }

  std::string json_;  // every rendered name and value, back to back
  std::vector<Member> members_;
  std::vector<Span> kept_extensions_;  // the draft's extensions that are not earlier ratings
  bool has_code_ = false;
  bool has_extension_ = false;
};

template <class WriteCode, class WriteExtensions>
void DraftTemplate::write(JsonWriter& w, bool replace_code, WriteCode&& write_code,
                          WriteExtensions&& write_extensions) const {
  // Names are spliced as raw strings too: the writer only needs to know a key came.
  w.StartObject();
  for (const Member& m : members_) {
    if (replace_code && m.role == Role::kCode) {
      raw(w, m.key);
      write_code(w);
    } else if (m.role == Role::kExtension) {
      raw(w, m.key);
      write_extensions_of(w, &m, write_extensions);
    } else if (m.value.end != m.value.begin) {
      raw(w, m.key);
      raw(w, m.value);
    }
  }
  if (replace_code && !has_code_) {
    write_key(w, "code");
    write_code(w);
  }
  if (!has_extension_) {
    write_key(w, "extension");
    write_extensions_of(w, nullptr, write_extensions);
  }
  w.EndObject();
}

}  // namespace auc::cards
