#include "engine/criteria/criteria.h"

#include <array>
#include <utility>

namespace auc::engine {
namespace {

constexpr std::array<std::pair<Category, std::string_view>, 4> kCategoryLabels{{
    {Category::kUsuallyAppropriate, "Usually Appropriate"},
    {Category::kMayBeAppropriate, "May Be Appropriate"},
    {Category::kMayBeAppropriateDisagreement, "May Be Appropriate (Disagreement)"},
    {Category::kUsuallyNotAppropriate, "Usually Not Appropriate"},
}};

constexpr std::array<std::pair<std::string_view, int>, 5> kSoeRanks{{
    {"Strong", 4},
    {"Moderate", 3},
    {"Limited", 2},
    {"Expert Consensus", 1},
    {"Expert Opinion", 1},  // printed once in the rating table (variant 2); same standing
}};

constexpr std::array<std::pair<Modality, std::string_view>, 9> kModalityLabels{{
    {Modality::kMri, "mri"},
    {Modality::kCt, "ct"},
    {Modality::kNuclearMedicine, "nuclear-medicine"},
    {Modality::kPet, "pet"},
    {Modality::kRadiography, "radiography"},
    {Modality::kFluoroscopy, "fluoroscopy"},
    {Modality::kIntervention, "intervention"},
    {Modality::kConsultation, "consultation"},
    {Modality::kMedicalManagement, "medical-management"},
}};

constexpr std::array<std::pair<ContrastAgent, std::string_view>, 3> kContrastLabels{{
    {ContrastAgent::kNone, "none"},
    {ContrastAgent::kIodinated, "iodinated"},
    {ContrastAgent::kGadolinium, "gadolinium"},
}};

constexpr std::array<std::pair<ContrastRoute, std::string_view>, 3> kRouteLabels{{
    {ContrastRoute::kNone, "none"},
    {ContrastRoute::kIntravenous, "iv"},
    {ContrastRoute::kIntrathecal, "intrathecal"},
}};

template <typename E, std::size_t N>
std::string_view label_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, label] : table) {
    if (e == value) return label;
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> parse_label(const std::array<std::pair<E, std::string_view>, N>& table,
                             std::string_view text) {
  for (const auto& [e, label] : table) {
    if (label == text) return e;
  }
  return std::nullopt;
}

constexpr std::string_view kRadiationSymbol = "\u2622";  // ☢

}  // namespace

std::string_view category_label(Category c) {
  for (const auto& [category, label] : kCategoryLabels) {
    if (category == c) return label;
  }
  return "Unknown";
}

int category_rank(Category c) {
  switch (c) {
    case Category::kUsuallyAppropriate:
      return 3;
    case Category::kMayBeAppropriate:
    case Category::kMayBeAppropriateDisagreement:
      return 2;
    case Category::kUsuallyNotAppropriate:
      return 1;
  }
  return 0;
}

std::optional<Category> parse_category(std::string_view label) {
  for (const auto& [category, text] : kCategoryLabels) {
    if (text == label) return category;
  }
  return std::nullopt;
}

std::optional<int> soe_rank(std::string_view soe) {
  for (const auto& [text, rank] : kSoeRanks) {
    if (text == soe) return rank;
  }
  return std::nullopt;
}

std::string_view variant_kind_label(VariantKind k) {
  return k == VariantKind::kImaging ? "imaging" : "treatment";
}

std::optional<VariantKind> parse_variant_kind(std::string_view label) {
  if (label == "imaging") return VariantKind::kImaging;
  if (label == "treatment") return VariantKind::kTreatment;
  return std::nullopt;
}

int radiation_level_of(std::string_view text) {
  if (text.starts_with("O ")) return 0;
  int symbols = 0;
  while (text.starts_with(kRadiationSymbol)) {
    ++symbols;
    text.remove_prefix(kRadiationSymbol.size());
  }
  return symbols > 0 ? symbols : -1;
}

std::string_view modality_label(Modality m) {
  return label_of(kModalityLabels, m);
}
std::optional<Modality> parse_modality(std::string_view label) {
  return parse_label(kModalityLabels, label);
}
std::string_view contrast_agent_label(ContrastAgent c) {
  return label_of(kContrastLabels, c);
}
std::optional<ContrastAgent> parse_contrast_agent(std::string_view label) {
  return parse_label(kContrastLabels, label);
}
std::string_view contrast_route_label(ContrastRoute r) {
  return label_of(kRouteLabels, r);
}
std::optional<ContrastRoute> parse_contrast_route(std::string_view label) {
  return parse_label(kRouteLabels, label);
}

const RatedProcedure* Variant::procedure(std::string_view id) const {
  for (const RatedProcedure& p : procedures) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const Variant* Topic::variant(int number) const {
  for (const Variant& v : variants) {
    if (v.number == number) return &v;
  }
  return nullptr;
}

}  // namespace auc::engine
