// The one description of a hook call's own fields (the hook_call table's columns): each store's
// schema, its inserts and reads, the call journal's encoding and the auditor exports (JSON, CSV,
// NDJSON) are all generated from this table, so a field is added here and nowhere else. The
// orders, codes and cards of a call are lists with their own tables and are not in it; nor is the
// call's id, which every store assigns and every export writes first.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

#include "cards/ledger/call_row.h"
#include "cards/ledger/records.h"

namespace auc::cards::ledger {

enum class FieldType : std::uint8_t {
  kText,          // TEXT NOT NULL
  kOptionalText,  // TEXT, NULL when absent (raw ids when they are not stored)
  kInteger,       // 64-bit integer NOT NULL
  kTime,          // microseconds since the epoch, NOT NULL; RFC 3339 in exports
  kJson,          // a JSON document as TEXT NOT NULL; embedded as JSON in the JSON export
};

// Where an export writes the field: before the order and card lists, after them, or not at all.
enum class ExportPlace : std::uint8_t { kHead, kTail, kNone };

// How the FHIR AuditEvent export carries the field as a detail of the hook call's entity (named
// by its JSON key): as valueString, as valueBase64Binary (JSON documents), or not as a detail
// (the AuditEvent maps it to an element of its own, or leaves it out).
enum class AuditEventDetail : std::uint8_t { kNone, kString, kBase64 };

// A field's value on its way in or out: views into the record it was read from.
using FieldValue = std::variant<std::monostate, std::int64_t, std::string_view>;

struct CallField {
  std::string_view column;  // SQL column
  FieldType type;
  int since_schema;       // the schema version that added the column (1 = the first table)
  std::string_view json;  // key in the JSON and NDJSON exports
  std::string_view csv;   // CSV column, "" when not in CSV (JSON documents are not)
  ExportPlace place;
  AuditEventDetail audit_event;
  FieldValue (*of_row)(const CallRow&);
  void (*to_row)(CallRow&, FieldValue);
  FieldValue (*of_call)(const StoredCall&);
  void (*to_call)(StoredCall&, FieldValue);
};

// In column order.
std::span<const CallField> call_fields();

// Accessors for the value variants; a value of another kind reads as empty or 0.
std::string_view text_of(const FieldValue& v);
std::int64_t integer_of(const FieldValue& v);

}  // namespace auc::cards::ledger
