#include "cards/rating_extensions.h"

#include "cards/extension_urls.h"

namespace auc::cards {
namespace {

void write_uri_extension(JsonWriter& w, std::string_view url, std::string_view value) {
  w.StartObject();
  write_field(w, "url", url);
  write_field(w, "valueUri", value);
  w.EndObject();
}

void write_acr_rating(JsonWriter& w, const engine::Variant& v, const engine::RatedProcedure& p) {
  w.StartObject();
  write_field(w, "url", kAcrRatingUrl);
  write_key(w, "extension");
  w.StartArray();
  w.StartObject();
  write_field(w, "url", "category");
  write_key(w, "valueCoding");
  write_coding(w, kAcrCategorySystem, category_code(p.category),
               engine::category_label(p.category));
  w.EndObject();
  w.StartObject();
  write_field(w, "url", "rating");
  write_key(w, "valueInteger");
  w.Int(p.rating);
  w.EndObject();
  w.StartObject();
  write_field(w, "url", "variant");
  write_key(w, "valueInteger");
  w.Int(v.number);
  w.EndObject();
  w.StartObject();
  write_field(w, "url", "procedure");
  write_field(w, "valueCode", p.id);
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

}  // namespace

void write_rating_extensions(JsonWriter& w, const RatingExtensions& r) {
  w.StartObject();
  write_field(w, "url", kPamaRatingUrl);
  write_key(w, "valueCodeableConcept");
  w.StartObject();
  write_key(w, "coding");
  w.StartArray();
  write_coding(w, kPamaRatingSystem, pama_rating_code(r.rating), pama_rating_display(r.rating));
  w.EndArray();
  w.EndObject();
  w.EndObject();
  if (!r.consult_id.empty()) write_uri_extension(w, kPamaConsultIdUrl, r.consult_id);
  if (r.topic != nullptr && !r.topic->source_url.empty()) {
    write_uri_extension(w, kPamaAucAppliedUrl, r.topic->source_url);
  }
  if (r.variant != nullptr && r.procedure != nullptr) write_acr_rating(w, *r.variant, *r.procedure);
}

}  // namespace auc::cards
