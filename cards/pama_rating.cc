#include "cards/pama_rating.h"

namespace auc::cards {

std::string_view pama_rating_code(PamaRating r) {
  switch (r) {
    case PamaRating::kAppropriate:
      return "appropriate";
    case PamaRating::kNotAppropriate:
      return "not-appropriate";
    case PamaRating::kNoCriteriaApply:
      break;
  }
  return "no-criteria-apply";
}

std::string_view pama_rating_display(PamaRating r) {
  switch (r) {
    case PamaRating::kAppropriate:
      return "Appropriate";
    case PamaRating::kNotAppropriate:
      return "Not appropriate";
    case PamaRating::kNoCriteriaApply:
      break;
  }
  return "No criteria apply";
}

PamaRating pama_rating_of(engine::Category c) {
  return c == engine::Category::kUsuallyNotAppropriate ? PamaRating::kNotAppropriate
                                                       : PamaRating::kAppropriate;
}

PamaRating pama_rating_of(const engine::Assessment& a) {
  if (a.outcome != engine::Outcome::kRated || a.ordered == nullptr) {
    return PamaRating::kNoCriteriaApply;
  }
  return pama_rating_of(a.ordered->category);
}

std::string_view category_code(engine::Category c) {
  switch (c) {
    case engine::Category::kUsuallyAppropriate:
      return "usually-appropriate";
    case engine::Category::kMayBeAppropriate:
      return "may-be-appropriate";
    case engine::Category::kMayBeAppropriateDisagreement:
      return "may-be-appropriate-disagreement";
    case engine::Category::kUsuallyNotAppropriate:
      break;
  }
  return "usually-not-appropriate";
}

}  // namespace auc::cards
