// The ACR Appropriateness Criteria as loaded from engine/data/criteria/*.json.
// Every number here must trace to the published rating table; see README "Knowledge base".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace auc::engine {

enum class Category : std::uint8_t {
  kUsuallyAppropriate,
  kMayBeAppropriate,
  kMayBeAppropriateDisagreement,
  kUsuallyNotAppropriate,
};

// The ACR wording: "Usually Appropriate", "May Be Appropriate",
// "May Be Appropriate (Disagreement)", "Usually Not Appropriate".
std::string_view category_label(Category c);
// Higher is better: Usually Appropriate 3, May Be Appropriate (either form) 2, Not 1.
int category_rank(Category c);
// The inverse of category_label; nullopt for any other wording.
std::optional<Category> parse_category(std::string_view label);

// Strength of evidence as a number, higher is stronger: Strong 4, Moderate 3, Limited 2,
// Expert Consensus / Expert Opinion 1; nullopt for wording the ACR table does not use.
std::optional<int> soe_rank(std::string_view soe);

enum class VariantKind : std::uint8_t { kImaging, kTreatment };
std::string_view variant_kind_label(VariantKind k);  // "imaging" | "treatment"
std::optional<VariantKind> parse_variant_kind(std::string_view label);

// Relative radiation level as printed ("O 0 mSv", "☢☢☢ 1-10 mSv", "Varies").
struct RadiationLevel {
  std::string text;
  int level = -1;  // 0 for O (no radiation), else the number of ☢ symbols; -1 when it varies
                   // (or is "N/A", as for treatments).
};

// The level a radiation text implies: "O ..." 0, "☢☢☢ ..." 3, anything else ("Varies", "N/A") -1.
int radiation_level_of(std::string_view text);

// What a procedure is made of, for the safety rules: they act on these, never on procedure ids.
enum class Modality : std::uint8_t {
  kMri,
  kCt,
  kNuclearMedicine,
  kPet,
  kRadiography,
  kFluoroscopy,
  kIntervention,
  kConsultation,
  kMedicalManagement,
};
// "mri", "ct", "nuclear-medicine", "pet", "radiography", "fluoroscopy", "intervention",
// "consultation", "medical-management".
std::string_view modality_label(Modality m);
std::optional<Modality> parse_modality(std::string_view label);

enum class ContrastAgent : std::uint8_t { kNone, kIodinated, kGadolinium };
std::string_view contrast_agent_label(ContrastAgent c);  // "none", "iodinated", "gadolinium"
std::optional<ContrastAgent> parse_contrast_agent(std::string_view label);

enum class ContrastRoute : std::uint8_t { kNone, kIntravenous, kIntrathecal };
std::string_view contrast_route_label(ContrastRoute r);  // "none", "iv", "intrathecal"
std::optional<ContrastRoute> parse_contrast_route(std::string_view label);

struct ProcedureAttributes {
  Modality modality = Modality::kMedicalManagement;
  ContrastAgent contrast = ContrastAgent::kNone;
  ContrastRoute contrast_route = ContrastRoute::kNone;  // kNone exactly when contrast is kNone
  bool ionising_radiation = false;
};

struct Citation {
  int number = 0;       // the criteria document's reference number
  std::string pmid;     // PubMed id
  std::string quality;  // study quality as printed ("1".."4", "Good", ...)
};

// Evidence from a source other than the ACR table (e.g. the NASS guideline), kept apart.
struct SupplementaryEvidence {
  std::string source;     // citation of the other source
  std::string grade;      // that source's grade of recommendation ("A", "B", "I", ...)
  std::string statement;  // what it recommends, in one sentence
};

struct RatedProcedure {
  std::string
      id;  // stable key shared by variants and terminology, e.g. "mri-spine-without-iv-contrast"
  std::string name;  // exact ACR procedure name
  Category category = Category::kUsuallyNotAppropriate;
  int rating = 0;
  int median = 0;
  std::string soe;   // strength of evidence as printed ("Strong", "Moderate", "Limited", "Expert
                     // Consensus", ...)
  int soe_rank = 0;  // higher is stronger evidence; derived from soe at load
  RadiationLevel rrl_adult;
  RadiationLevel rrl_peds;
  std::array<int, 9> votes{};  // panel votes for ratings 1..9
  std::vector<Citation> references;
  std::vector<SupplementaryEvidence> supplementary;
  bool orderable = true;  // false for "Medical management only": nothing to put in an order
  ProcedureAttributes attributes;  // from the topic's procedure_attributes, by id
  std::string rating_json;         // render_rating's JSON, rendered when the criteria load
};

struct Variant {
  int number = 0;
  std::string title;  // exact ACR variant text
  VariantKind kind = VariantKind::kImaging;
  std::string narrative;  // short factual summary of the variant's discussion (optional)
  std::vector<RatedProcedure> procedures;

  const RatedProcedure* procedure(std::string_view id) const;
};

struct CategoryDefinition {
  Category category = Category::kUsuallyNotAppropriate;
  int min_rating = 0;
  int max_rating = 0;
  std::string definition;
};

struct Topic {
  std::string id;       // e.g. "acr-vertebral-compression-fractures"
  std::string title;    // "Management of Vertebral Compression Fractures"
  std::string edition;  // edition date / revision
  std::string citation;
  std::string source_url;  // the criteria's URL, also sent as pama-rating-auc-applied
  std::vector<CategoryDefinition> categories;
  std::vector<Variant> variants;

  const Variant* variant(int number) const;
};

}  // namespace auc::engine
