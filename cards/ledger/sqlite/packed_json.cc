#include "cards/ledger/sqlite/packed_json.h"

#include <lz4.h>

#include <cstdint>

namespace auc::cards::ledger::sqlite {
namespace {

constexpr unsigned char kFormat = 1;

void put_u32(std::string& out, std::size_t offset, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[offset + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::uint32_t get_u32(std::string_view in, std::size_t offset) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[offset + i])) << (8 * i);
  }
  return v;
}

}  // namespace

std::span<const CallField* const> packed_fields() {
  static const std::vector<const CallField*> kFields = [] {
    std::vector<const CallField*> fields;
    for (const CallField& f : call_fields()) {
      if (f.type == FieldType::kJson) fields.push_back(&f);
    }
    return fields;
  }();
  return kFields;
}

bool pack_json(std::span<const std::string_view> documents, std::string& out) {
  std::size_t total = 0;
  for (std::string_view d : documents) total += d.size();
  if (total > kMaxPackedJsonBytes) return false;
  // The documents one after another: LZ4 compresses one block, and the cards repeat much of
  // the facts' wording, which a block shared by both finds.
  // Reused: the writer packs every call it inserts, and the documents are tens of KB.
  thread_local std::string joined;
  joined.clear();
  joined.reserve(total);
  for (std::string_view d : documents) joined.append(d);

  const std::size_t header = 1 + 4 + 4 * documents.size();
  const int bound = LZ4_compressBound(static_cast<int>(total));
  out.assign(header + static_cast<std::size_t>(bound), '\0');
  out[0] = static_cast<char>(kFormat);
  put_u32(out, 1, static_cast<std::uint32_t>(documents.size()));
  for (std::size_t i = 0; i < documents.size(); ++i) {
    put_u32(out, 5 + 4 * i, static_cast<std::uint32_t>(documents[i].size()));
  }
  const int packed =
      LZ4_compress_default(joined.data(), out.data() + header, static_cast<int>(total), bound);
  if (packed <= 0 && total > 0) return false;
  out.resize(header + static_cast<std::size_t>(packed));
  return true;
}

Expected<std::vector<std::string>, std::string> unpack_json(std::string_view blob,
                                                            std::size_t count) {
  if (blob.size() < 5 || static_cast<unsigned char>(blob[0]) != kFormat) {
    return Unexpected(std::string("packed JSON has an unknown format"));
  }
  if (get_u32(blob, 1) != count) {
    return Unexpected("packed JSON holds " + std::to_string(get_u32(blob, 1)) +
                      " documents, expected " + std::to_string(count));
  }
  const std::size_t header = 1 + 4 + 4 * count;
  if (blob.size() < header) return Unexpected(std::string("packed JSON is truncated"));
  std::vector<std::size_t> sizes(count);
  std::size_t total = 0;
  for (std::size_t i = 0; i < count; ++i) {
    sizes[i] = get_u32(blob, 5 + 4 * i);
    total += sizes[i];
    if (total > kMaxPackedJsonBytes) {
      return Unexpected(std::string("packed JSON is larger than the limit"));
    }
  }
  std::string joined(total, '\0');
  const std::string_view block = blob.substr(header);
  const int n = LZ4_decompress_safe(block.data(), joined.data(), static_cast<int>(block.size()),
                                    static_cast<int>(total));
  if (n < 0 || static_cast<std::size_t>(n) != total) {
    return Unexpected(std::string("packed JSON does not decompress to its recorded size"));
  }
  std::vector<std::string> documents;
  documents.reserve(count);
  std::size_t at = 0;
  for (std::size_t size : sizes) {
    documents.emplace_back(joined, at, size);
    at += size;
  }
  return documents;
}

}  // namespace auc::cards::ledger::sqlite
