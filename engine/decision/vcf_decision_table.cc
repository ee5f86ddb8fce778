// ACR "Management of Vertebral Compression Fractures": which variant a patient is in.
// Rows are read top to bottom, first match wins; the order encodes precedence:
//
//  imaging orders (variants 1-4, "next imaging study")
//   | prior treatment or multiple | current fracture | symptomatic | malignancy | variant |
//   | yes                         | any              | yes         | any        | 3       |
//   | -                           | yes              | yes         | yes        | 2       |
//   | -                           | yes              | no          | yes        | 4       |
//   | -                           | yes              | yes         | no         | 1       |
//   | -                           | no (healed only) | -           | -          | none    |
//   | otherwise (asymptomatic, no known malignancy)                            | none    |
//
// Variants 1, 2 and 4 describe a fracture just identified; a single healed fracture that was
// never treated is history, and back pain over it is outside these variants.
//
//  treatment orders (variants 5-9, "initial treatment")
//   | pathological + mechanical pain                                   | 9 |
//   | prior augmentation/surgery, new fracture, symptomatic            | 7 |
//   | benign, worsening pain / deformity / pulmonary dysfunction       | 8 |
//   | osteoporotic, symptomatic, marrow edema or cleft on MRI          | 6 |
//   | osteoporotic, asymptomatic                                       | 5 |
//   | otherwise                                                        | none |
//
// "Identified on radiographs" (variants 1, 2, 4) is reported as a fact but not required: an
// imaging order for a fracture implies it was seen on some earlier study.
#include "engine/decision/vcf_decision_table.h"

namespace auc::engine {
namespace {

using C = Criterion;
constexpr VariantKind kImaging = VariantKind::kImaging;
constexpr VariantKind kTreatment = VariantKind::kTreatment;

constexpr DecisionRow kRows[] = {
    {kImaging,
     {{{C::kPriorTreatmentOrMultiple, true}, {C::kSymptomatic, true}}},
     2,
     3,
     "new back pain with a previously treated fracture or several fractures"},
    {kImaging,
     {{{C::kCurrentFracture, true}, {C::kMalignancyHistory, true}, {C::kSymptomatic, true}}},
     3,
     2,
     "symptomatic fracture with a history of malignancy"},
    {kImaging,
     {{{C::kCurrentFracture, true}, {C::kMalignancyHistory, true}, {C::kSymptomatic, false}}},
     3,
     4,
     "asymptomatic fracture with a history of malignancy"},
    {kImaging,
     {{{C::kCurrentFracture, true}, {C::kMalignancyHistory, false}, {C::kSymptomatic, true}}},
     3,
     1,
     "symptomatic fracture without known malignancy"},
    {kImaging,
     {{{C::kCurrentFracture, false}}},
     1,
     0,
     "the record holds only a healed fracture, single and never treated: the imaging variants "
     "cover a fracture just identified or a treated or multiple one, not back pain over an old "
     "fracture (the ACR Low Back Pain criteria may apply)"},
    {kImaging,
     {},
     0,
     0,
     "no imaging variant covers an asymptomatic fracture without known malignancy; variant 5 "
     "recommends medical management only for an asymptomatic osteoporotic fracture"},

    {kTreatment,
     {{{C::kPathologicalWithMechanicalPain, true}}},
     1,
     9,
     "pathological fracture with ongoing mechanical pain"},
    {kTreatment,
     {{{C::kPriorAugmentationOrSurgery, true}, {C::kNewFracture, true}, {C::kSymptomatic, true}}},
     3,
     7,
     "new symptomatic fracture after prior vertebroplasty or spine surgery"},
    {kTreatment,
     {{{C::kBenign, true}, {C::kWorseningPainDeformityOrPulmonary, true}}},
     2,
     8,
     "benign fracture with worsening pain, deformity or pulmonary dysfunction"},
    {kTreatment,
     {{{C::kOsteoporotic, true}, {C::kSymptomatic, true}, {C::kMarrowEdemaOrCleft, true}}},
     3,
     6,
     "symptomatic osteoporotic fracture with bone marrow edema or an intravertebral cleft"},
    {kTreatment,
     {{{C::kOsteoporotic, true}, {C::kSymptomatic, false}}},
     2,
     5,
     "asymptomatic osteoporotic fracture"},
    {kTreatment,
     {},
     0,
     0,
     "no treatment variant matches: the fracture is not known to be osteoporotic or "
     "pathological, or a symptomatic osteoporotic fracture has no MRI showing edema or a cleft"},
};

}  // namespace

const DecisionTable kVcfDecisionTable{"acr-vertebral-compression-fractures", kRows};

}  // namespace auc::engine
