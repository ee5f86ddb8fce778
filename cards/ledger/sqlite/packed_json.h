// How the SQLite ledger stores a call's JSON documents (facts, cards, systemActions): together,
// LZ4-compressed, in one BLOB. They are most of a call's bytes and compress about fourfold, and
// every byte a call stores is written twice (WAL, then checkpoint), so packing them cuts the
// writer's work per call more than the compression costs.
//
// Layout: a format byte (1), the number of documents and each one's length (little-endian
// 32-bit), then one LZ4 block of the documents one after another.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cards/ledger/call_fields.h"
#include "fhir/expected.h"

namespace auc::cards::ledger::sqlite {

// Largest total of unpacked documents accepted, so that a corrupt length cannot ask for an
// unbounded allocation.
inline constexpr std::size_t kMaxPackedJsonBytes = 256u << 20;

// The call fields kept in the packed column, in packing order: every FieldType::kJson field.
std::span<const CallField* const> packed_fields();

// Packs `documents` into `out` (replacing its content); false when their total is over the limit.
bool pack_json(std::span<const std::string_view> documents, std::string& out);

// The documents packed in `blob`, exactly `count` of them; an error names what is wrong (another
// format, a length or block that does not match, a different count).
Expected<std::vector<std::string>, std::string> unpack_json(std::string_view blob,
                                                            std::size_t count);

}  // namespace auc::cards::ledger::sqlite
