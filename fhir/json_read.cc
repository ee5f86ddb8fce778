#include "fhir/json_read.h"

namespace auc::fhir::json {

bool read_value(const Value& v, std::string_view& out, JsonCursor& c) {
  if (!v.IsString()) return c.fail("expected a string");
  out = view(v);
  return true;
}

bool read_value(const Value& v, std::optional<DateTime>& out, JsonCursor& c) {
  if (!v.IsString()) return c.fail("expected a date/dateTime string");
  out = parse_datetime(view(v));
  if (!out) return c.fail("not a valid FHIR date or dateTime");
  return true;
}

bool read_value(const Value& v, Coding& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a Coding object");
  enum { kSystem, kCode, kDisplay, kCount };
  static constexpr Names<kCount> kNames = {"system", "code", "display"};
  const Members m(v, kNames);
  return read(m, kSystem, out.system, c) && read(m, kCode, out.code, c) &&
         read(m, kDisplay, out.display, c);
}

bool read_value(const Value& v, CodeableConcept& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a CodeableConcept object");
  enum { kCoding, kText, kCount };
  static constexpr Names<kCount> kNames = {"coding", "text"};
  const Members m(v, kNames);
  return read(m, kCoding, out.coding, c) && read(m, kText, out.text, c);
}

bool read_value(const Value& v, Reference& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a Reference object");
  enum { kReference, kDisplay, kCount };
  static constexpr Names<kCount> kNames = {"reference", "display"};
  const Members m(v, kNames);
  return read(m, kReference, out.reference, c) && read(m, kDisplay, out.display, c);
}

bool read_value(const Value& v, Period& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a Period object");
  enum { kStart, kEnd, kCount };
  static constexpr Names<kCount> kNames = {"start", "end"};
  const Members m(v, kNames);
  return read(m, kStart, out.start, c) && read(m, kEnd, out.end, c);
}

bool read_value(const Value& v, Quantity& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a Quantity object");
  enum { kValue, kComparator, kUnit, kSystem, kCode, kCount };
  static constexpr Names<kCount> kNames = {"value", "comparator", "unit", "system", "code"};
  const Members m(v, kNames);
  if (const Value* value = m.value(kValue)) {
    const auto scope = c.key(m.name(kValue));
    if (!value->IsNumber()) return c.fail("expected a number");
    out.value = value->GetDouble();
  }
  return read(m, kComparator, out.comparator, c) && read(m, kUnit, out.unit, c) &&
         read(m, kSystem, out.system, c) && read(m, kCode, out.code, c);
}

bool read_value(const Value& v, Attachment& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected an Attachment object");
  enum { kContentType, kData, kUrl, kCount };
  static constexpr Names<kCount> kNames = {"contentType", "data", "url"};
  const Members m(v, kNames);
  return read(m, kContentType, out.content_type, c) && read(m, kData, out.data, c) &&
         read(m, kUrl, out.url, c);
}

bool read_value(const Value& v, AnnotationText& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected an Annotation object");
  enum { kText, kCount };
  static constexpr Names<kCount> kNames = {"text"};
  const Members m(v, kNames);
  return read(m, kText, out.text, c);
}

bool read_annotation_texts(const Value& v, std::vector<std::string_view>& out, JsonCursor& c) {
  std::vector<AnnotationText> notes;
  if (!read_value(v, notes, c)) return false;
  for (const AnnotationText& n : notes) {
    if (!n.text.empty()) out.push_back(n.text);
  }
  return true;
}

}  // namespace auc::fhir::json
