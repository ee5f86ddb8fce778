#include "cards/ledger/sqlite/call_row.h"

#include "cards/ledger/call_fields.h"

namespace auc::cards::ledger::sqlite {
namespace {

// Bumped whenever the layout changes. Format 2 writes the call's fields from the field
// description (call_fields.h); format 3 adds the unrecognised codes after the cards. Entries of
// earlier formats, which a previous version may have left in the journal when it crashed, are
// still read, so an upgrade after a crash loses no call.
constexpr std::uint8_t kFormat = 3;

// How a field value is tagged in an entry.
constexpr std::uint8_t kNull = 0;
constexpr std::uint8_t kInteger = 1;
constexpr std::uint8_t kText = 2;

class Encoder {
 public:
  explicit Encoder(std::string& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void i64(std::int64_t v) {
    auto u = static_cast<std::uint64_t>(v);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
  }
  void size(std::size_t n) { i64(static_cast<std::int64_t>(n)); }
  void str(std::string_view s) {
    size(s.size());
    out_.append(s);
  }

 private:
  std::string& out_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return ok_ && in_.empty(); }
  std::uint8_t u8() {
    if (!take(1)) return 0;
    return static_cast<std::uint8_t>(taken_[0]);
  }
  std::int64_t i64() {
    if (!take(8)) return 0;
    std::uint64_t u = 0;
    for (int i = 0; i < 8; ++i)
      u |= std::uint64_t{static_cast<unsigned char>(taken_[i])} << (8 * i);
    return static_cast<std::int64_t>(u);
  }
  // A count of things each at least one byte long: never more than what is left.
  std::size_t size() {
    const std::int64_t n = i64();
    if (n < 0 || static_cast<std::uint64_t>(n) > in_.size()) ok_ = false;
    return ok_ ? static_cast<std::size_t>(n) : 0;
  }
  std::string str() {
    const std::size_t n = size();
    if (!take(n)) return {};
    return std::string(taken_);
  }

 private:
  bool take(std::size_t n) {
    if (!ok_ || in_.size() < n) {
      ok_ = false;
      return false;
    }
    taken_ = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  std::string_view in_;
  std::string_view taken_;
  bool ok_ = true;
};

// Format 1 spelled the call's fields out one by one; a journal a previous version left behind
// after a crash is still replayed.
std::optional<CallRow> decode_format_1(Decoder& d) {
  CallRow row;
  HookCallRecord& c = row.record;
  row.id = d.i64();
  row.patient_pseudonym = d.str();
  row.user_pseudonym = d.str();
  row.key_id = d.str();
  row.store_raw_ids = d.u8() != 0;
  c.hook_instance = d.str();
  c.service_id = d.str();
  c.hook = d.str();
  c.received_at = Timestamp(std::chrono::microseconds(d.i64()));
  c.answered_at = Timestamp(std::chrono::microseconds(d.i64()));
  c.latency_us = d.i64();
  c.issuer = d.str();
  c.tenant = d.str();
  c.patient_id = d.str();
  c.user_id = d.str();
  c.http_status = static_cast<int>(d.i64());
  const std::uint8_t source = d.u8();
  if (source > static_cast<std::uint8_t>(DataSource::kMixed)) return std::nullopt;
  c.data_source = static_cast<DataSource>(source);
  c.criteria_edition = d.str();
  const std::size_t orders = d.size();
  for (std::size_t i = 0; d.ok() && i < orders; ++i) {
    OrderEntry o;
    o.order_reference = d.str();
    const std::size_t codes = d.size();
    for (std::size_t j = 0; d.ok() && j < codes; ++j) {
      Code k;
      k.system = d.str();
      k.code = d.str();
      k.display = d.str();
      o.ordered_codes.push_back(std::move(k));
    }
    o.procedure_id = d.str();
    o.variant = d.str();
    o.category = d.str();
    o.rating = static_cast<int>(d.i64());
    o.pama_rating = d.str();
    c.orders.push_back(std::move(o));
  }
  const std::size_t cards = d.size();
  for (std::size_t i = 0; d.ok() && i < cards; ++i) {
    CardEntry k;
    k.uuid = d.str();
    k.indicator = d.str();
    k.summary = d.str();
    k.order_reference = d.str();
    k.variant = d.str();
    k.suggested_procedure_id = d.str();
    c.cards.push_back(std::move(k));
  }
  c.facts_json = d.str();
  c.cards_json = d.str();
  c.system_actions_json = d.str();
  c.error = d.str();
  if (!d.at_end()) return std::nullopt;
  return row;
}

}  // namespace

void encode_call_row(const CallRow& row, std::string& out) {
  const HookCallRecord& c = row.record;
  out.reserve(out.size() + 256 + c.facts_json.size() + c.cards_json.size() +
              c.system_actions_json.size());
  Encoder e(out);
  e.u8(kFormat);
  e.i64(row.id);
  e.u8(row.store_raw_ids ? 1 : 0);
  for (const CallField& f : call_fields()) {
    const FieldValue value = f.of_row(row);
    if (const auto* n = std::get_if<std::int64_t>(&value)) {
      e.u8(kInteger);
      e.i64(*n);
    } else if (const auto* text = std::get_if<std::string_view>(&value)) {
      e.u8(kText);
      e.str(*text);
    } else {
      e.u8(kNull);
    }
  }
  e.size(c.orders.size());
  for (const OrderEntry& o : c.orders) {
    e.str(o.order_reference);
    e.size(o.ordered_codes.size());
    for (const Code& k : o.ordered_codes) {
      e.str(k.system);
      e.str(k.code);
      e.str(k.display);
    }
    e.str(o.procedure_id);
    e.str(o.variant);
    e.str(o.category);
    e.i64(o.rating);
    e.str(o.pama_rating);
  }
  e.size(c.cards.size());
  for (const CardEntry& k : c.cards) {
    e.str(k.uuid);
    e.str(k.indicator);
    e.str(k.summary);
    e.str(k.order_reference);
    e.str(k.variant);
    e.str(k.suggested_procedure_id);
  }
  e.size(c.unrecognised_codes.size());
  for (const UnrecognisedCodeSeen& u : c.unrecognised_codes) {
    e.str(u.kind);
    e.str(u.system);
    e.str(u.code);
    e.str(u.display);
    e.i64(u.count);
  }
}

std::optional<CallRow> decode_call_row(std::string_view bytes) {
  Decoder d(bytes);
  const std::uint8_t format = d.u8();
  if (format == 1) return decode_format_1(d);
  if (format != 2 && format != kFormat) return std::nullopt;
  CallRow row;
  HookCallRecord& c = row.record;
  row.id = d.i64();
  row.store_raw_ids = d.u8() != 0;
  for (const CallField& f : call_fields()) {
    switch (d.u8()) {
      case kNull:
        f.to_row(row, std::monostate{});
        break;
      case kInteger:
        f.to_row(row, d.i64());
        break;
      case kText: {
        const std::string text = d.str();
        f.to_row(row, std::string_view(text));
        break;
      }
      default:
        return std::nullopt;
    }
  }
  const std::size_t orders = d.size();
  for (std::size_t i = 0; d.ok() && i < orders; ++i) {
    OrderEntry o;
    o.order_reference = d.str();
    const std::size_t codes = d.size();
    for (std::size_t j = 0; d.ok() && j < codes; ++j) {
      Code k;
      k.system = d.str();
      k.code = d.str();
      k.display = d.str();
      o.ordered_codes.push_back(std::move(k));
    }
    o.procedure_id = d.str();
    o.variant = d.str();
    o.category = d.str();
    o.rating = static_cast<int>(d.i64());
    o.pama_rating = d.str();
    c.orders.push_back(std::move(o));
  }
  const std::size_t cards = d.size();
  for (std::size_t i = 0; d.ok() && i < cards; ++i) {
    CardEntry k;
    k.uuid = d.str();
    k.indicator = d.str();
    k.summary = d.str();
    k.order_reference = d.str();
    k.variant = d.str();
    k.suggested_procedure_id = d.str();
    c.cards.push_back(std::move(k));
  }
  const std::size_t unrecognised = format >= 3 ? d.size() : 0;
  for (std::size_t i = 0; d.ok() && i < unrecognised; ++i) {
    UnrecognisedCodeSeen u;
    u.kind = d.str();
    u.system = d.str();
    u.code = d.str();
    u.display = d.str();
    u.count = d.i64();
    c.unrecognised_codes.push_back(std::move(u));
  }
  if (!d.at_end()) return std::nullopt;
  return row;
}

}  // namespace auc::cards::ledger::sqlite
