#include "cards/ledger/card_offer.h"

#include <rapidjson/document.h>

#include <string>

namespace auc::cards::ledger {
namespace {

using rapidjson::Value;

std::string string_member(const Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

const Value* array_member(const Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it != obj.MemberEnd() && it->value.IsArray() ? &it->value : nullptr;
}

}  // namespace

std::optional<CardOffer> card_offer_from_cards_json(std::string_view cards_json,
                                                    std::string_view uuid) {
  rapidjson::Document doc;
  doc.Parse(cards_json.data(), cards_json.size());
  if (doc.HasParseError() || !doc.IsArray()) return std::nullopt;
  for (const Value& card : doc.GetArray()) {
    if (!card.IsObject() || string_member(card, "uuid") != uuid) continue;
    CardOffer offer;
    if (const Value* suggestions = array_member(card, "suggestions")) {
      for (const Value& s : suggestions->GetArray()) {
        if (s.IsObject()) offer.suggestion_ids.push_back(string_member(s, "uuid"));
      }
    }
    if (const Value* reasons = array_member(card, "overrideReasons")) {
      for (const Value& r : reasons->GetArray()) {
        if (!r.IsObject()) continue;
        offer.override_reasons.push_back(
            {string_member(r, "system"), string_member(r, "code"), string_member(r, "display")});
      }
    }
    return offer;
  }
  return std::nullopt;
}

}  // namespace auc::cards::ledger
