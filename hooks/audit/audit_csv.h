// CSV export: one row per hook call, multi-valued columns joined with " | ". Text cells that a
// spreadsheet would run as a formula are prefixed with an apostrophe.
#pragma once

#include <string>
#include <string_view>

#include "cards/ledger/records.h"

namespace auc::hooks::audit {

std::string csv_header();                                    // ends with "\r\n"
std::string csv_row(const cards::ledger::StoredCall& call);  // ends with "\r\n"

// Appends one cell to a CSV row (a comma first unless the row is empty or just ended), quoted
// when it must be. `text`: free text, so a leading =, +, -, @, tab or CR gets an apostrophe and
// a spreadsheet never runs it as a formula; codes and numbers stay exact.
void append_csv_cell(std::string& out, std::string_view value, bool text = true);

}  // namespace auc::hooks::audit
