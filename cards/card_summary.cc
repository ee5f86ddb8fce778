#include "cards/card_summary.h"

#include <string_view>

#include "engine/prior/prior_studies.h"

namespace auc::cards {
namespace {

void append_rating(std::string& out, const engine::RatedProcedure& p) {
  out += engine::category_label(p.category);
  out += ", ";
  out += std::to_string(p.rating);
}

// "Usually Not Appropriate (3)"
void append_category(std::string& out, const engine::RatedProcedure& p) {
  out += engine::category_label(p.category);
  out += " (";
  out += std::to_string(p.rating);
  out += ")";
}

// Cuts UTF-8 text to at most `max_chars` code points, ending in "…" when cut.
std::string truncate_utf8(const std::string& text, std::size_t max_chars) {
  if (utf8_length(text) <= max_chars) return text;
  std::size_t chars = 0;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars - 1) break;
    ++chars;
  }
  return text.substr(0, i) + "\xE2\x80\xA6";
}

}  // namespace

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string fit_summary(const std::string& text) {
  return truncate_utf8(text, kMaxSummaryChars);
}

std::string card_summary(const engine::RatedProcedure& better,
                         const engine::RatedProcedure& ordered) {
  // "Consider MRI spine without IV contrast (Usually Appropriate, 9); ordered CT spine with IV
  //  contrast is Usually Not Appropriate (3)"
  std::string out;
  out.reserve(160);
  out += "Consider ";
  out += better.name;
  out += " (";
  append_rating(out, better);
  out += ")";
  const std::size_t short_form = out.size();
  out += "; ordered ";
  out += ordered.name;
  out += " is ";
  append_category(out, ordered);
  if (utf8_length(out) <= kMaxSummaryChars) return out;
  // ACR names are long ("MRI spine area of interest without and with IV contrast"): the EHR
  // shows the ordered study next to the card anyway.
  out.resize(short_form);
  out += "; the order is ";
  append_category(out, ordered);
  return truncate_utf8(out, kMaxSummaryChars);
}

std::string codes_disagree_summary() {
  return "The order's codes name studies of different modality or contrast: not rated; correct "
         "the order";
}

std::string settling_summary(const engine::RatedProcedure& study, const engine::Variant* settled) {
  // "No ACR variant applies yet: MRI spine area of interest without IV contrast would show
  //  whether there is marrow edema (decides variant 6)"
  std::string out;
  out.reserve(160);
  out += "No ACR variant applies yet: ";
  out += study.name;
  const std::size_t short_form = out.size();
  out += " would show whether there is marrow edema";
  if (settled != nullptr) {
    out += " (decides variant ";
    out += std::to_string(settled->number);
    out += ')';
  }
  if (utf8_length(out) <= kMaxSummaryChars) return out;
  out.resize(short_form);
  out += " would show marrow edema";
  if (settled != nullptr) {
    out += " (variant ";
    out += std::to_string(settled->number);
    out += ')';
  }
  return truncate_utf8(out, kMaxSummaryChars);
}

std::string red_flag_summary(const engine::RedFlagKind& flag) {
  std::string out = "Red flag: ";
  out += flag.name;
  out += "; the ACR topic \"";
  out += flag.covering_topic;
  out += "\" applies, not this one";
  return truncate_utf8(out, kMaxSummaryChars);
}

std::string prior_imaging_summary(const engine::RatedProcedure& ordered, int days_ago) {
  std::string out = "Done ";
  out += engine::days_ago_text(days_ago);
  out += ": ";
  out += ordered.name;
  out += "; check that study before repeating it";
  return truncate_utf8(out, kMaxSummaryChars);
}

std::string drafted_summary(const engine::RatedProcedure& better,
                            const engine::RatedProcedure& ordered) {
  std::string out = better.name;
  out += " is already drafted; remove this order? It is ";
  append_category(out, ordered);
  return truncate_utf8(out, kMaxSummaryChars);
}

}  // namespace auc::cards
