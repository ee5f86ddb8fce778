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
  return read(v, "system", out.system, c) && read(v, "code", out.code, c) &&
         read(v, "display", out.display, c);
}

bool read_value(const Value& v, CodeableConcept& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a CodeableConcept object");
  return read(v, "coding", out.coding, c) && read(v, "text", out.text, c);
}

bool read_value(const Value& v, Reference& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a Reference object");
  return read(v, "reference", out.reference, c) && read(v, "display", out.display, c);
}

bool read_value(const Value& v, Period& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a Period object");
  return read(v, "start", out.start, c) && read(v, "end", out.end, c);
}

bool read_value(const Value& v, Quantity& out, JsonCursor& c) {
  if (!v.IsObject()) return c.fail("expected a Quantity object");
  if (const Value* value = member(v, "value")) {
    const auto scope = c.key("value");
    if (!value->IsNumber()) return c.fail("expected a number");
    out.value = value->GetDouble();
  }
  return read(v, "unit", out.unit, c) && read(v, "system", out.system, c) &&
         read(v, "code", out.code, c);
}

bool read_time_choice(const Value& obj, std::string_view date_time_name,
                      std::string_view period_name, std::optional<DateTime>& out, JsonCursor& c,
                      std::string_view instant_name) {
  if (!read(obj, date_time_name, out, c)) return false;
  if (!out && !instant_name.empty() && !read(obj, instant_name, out, c)) return false;
  if (!out) {
    std::optional<Period> period;
    if (!read(obj, period_name, period, c)) return false;
    if (period) out = period->start ? period->start : period->end;
  }
  return true;
}

}  // namespace auc::fhir::json
