// Knowledge-base entries as the JSON that assessments and cards write for them, rendered once when
// the knowledge base loads: every call writes the same few dozen codes and ratings again.
#pragma once

#include <string>

#include "engine/criteria/criteria.h"
#include "engine/json_writer.h"
#include "engine/terminology/terminology.h"

namespace auc::engine {

// A code as a FHIR Coding: {"system","code","display"}, empty members left out.
std::string render_coding(const CodeMapping& m);
// A procedure's rating: {"procedure","name","category","rating"}.
std::string render_rating(const RatedProcedure& p);

// Writes the fragment rendered at load, or renders it where there is none (entries built in
// code rather than loaded).
void write_coding(JsonWriter& w, const CodeMapping& m);
void write_rating(JsonWriter& w, const RatedProcedure& p);

}  // namespace auc::engine
