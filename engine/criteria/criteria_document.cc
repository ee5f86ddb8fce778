#include "engine/criteria/criteria_document.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string_view>

#include "engine/knowledge_base.h"

namespace auc::engine {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key_string(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_procedure(Writer& w, const RatedProcedure& p) {
  w.StartObject();
  key_string(w, "id", p.id);
  key_string(w, "name", p.name);
  key_string(w, "category", category_label(p.category));
  w.Key("rating");
  w.Int(p.rating);
  w.Key("median");
  w.Int(p.median);
  key_string(w, "soe", p.soe);
  key_string(w, "rrl_adult", p.rrl_adult.text);
  key_string(w, "rrl_peds", p.rrl_peds.text);
  w.Key("rrl_adult_level");
  w.Int(p.rrl_adult.level);
  w.Key("rrl_peds_level");
  w.Int(p.rrl_peds.level);
  w.Key("votes");
  w.StartArray();
  for (int v : p.votes) w.Int(v);
  w.EndArray();
  w.Key("references");
  w.StartArray();
  for (const Citation& c : p.references) {
    w.StartObject();
    w.Key("number");
    w.Int(c.number);
    key_string(w, "pmid", c.pmid);
    key_string(w, "quality", c.quality);
    w.EndObject();
  }
  w.EndArray();
  w.Key("supplementary");
  w.StartArray();
  for (const SupplementaryEvidence& e : p.supplementary) {
    w.StartObject();
    key_string(w, "source", e.source);
    key_string(w, "grade", e.grade);
    key_string(w, "statement", e.statement);
    w.EndObject();
  }
  w.EndArray();
  w.Key("orderable");
  w.Bool(p.orderable);
  w.Key("attributes");
  w.StartObject();
  key_string(w, "modality", modality_label(p.attributes.modality));
  key_string(w, "contrast", contrast_agent_label(p.attributes.contrast));
  key_string(w, "contrast_route", contrast_route_label(p.attributes.contrast_route));
  w.Key("ionising_radiation");
  w.Bool(p.attributes.ionising_radiation);
  w.EndObject();
  w.EndObject();
}

void write_topic(Writer& w, const Topic& t) {
  w.StartObject();
  key_string(w, "id", t.id);
  key_string(w, "title", t.title);
  key_string(w, "edition", t.edition);
  key_string(w, "citation", t.citation);
  key_string(w, "source_url", t.source_url);
  w.Key("categories");
  w.StartArray();
  for (const CategoryDefinition& c : t.categories) {
    w.StartObject();
    key_string(w, "category", category_label(c.category));
    w.Key("min_rating");
    w.Int(c.min_rating);
    w.Key("max_rating");
    w.Int(c.max_rating);
    key_string(w, "definition", c.definition);
    w.EndObject();
  }
  w.EndArray();
  w.Key("variants");
  w.StartArray();
  for (const Variant& v : t.variants) {
    w.StartObject();
    w.Key("number");
    w.Int(v.number);
    key_string(w, "title", v.title);
    key_string(w, "kind", variant_kind_label(v.kind));
    if (!v.narrative.empty()) key_string(w, "narrative", v.narrative);
    w.Key("procedures");
    w.StartArray();
    for (const RatedProcedure& p : v.procedures) write_procedure(w, p);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string criteria_document_json(const std::vector<Topic>& topics) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("topics");
  w.StartArray();
  for (const Topic& t : topics) write_topic(w, t);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string criteria_document_json(const KnowledgeBase& kb) {
  return criteria_document_json(kb.topics());
}

}  // namespace auc::engine
