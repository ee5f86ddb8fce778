// The criteria the service applies, as one JSON document for integrators and auditors
// (`auc-hooks criteria --json`, `GET /criteria`). Shape:
// {"topics":[{"id","title","edition","citation","source_url","categories":[...],
//   "variants":[{"number","title","kind","procedures":[{"id","name","category","rating",
//   "median","soe","rrl_adult","rrl_peds","rrl_adult_level","rrl_peds_level","votes",
//   "references","supplementary","orderable"}]}]}]}
#pragma once

#include <string>
#include <vector>

#include "engine/criteria/criteria.h"

namespace auc::engine {

class KnowledgeBase;

std::string criteria_document_json(const KnowledgeBase& kb);
std::string criteria_document_json(const std::vector<Topic>& topics);

}  // namespace auc::engine
