// CSV export: one row per hook call, multi-valued columns joined with " | ". Text cells that a
// spreadsheet would run as a formula are prefixed with an apostrophe.
#pragma once

#include <string>

#include "cards/ledger/records.h"

namespace auc::hooks::audit {

std::string csv_header();                                    // ends with "\r\n"
std::string csv_row(const cards::ledger::StoredCall& call);  // ends with "\r\n"

}  // namespace auc::hooks::audit
