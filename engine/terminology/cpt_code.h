// A CPT code as EHRs send it: the five-character code, then any modifiers.
#pragma once

#include <string_view>

namespace auc::engine {

struct CptCode {
  std::string_view code;       // the five characters; empty when the text is not a CPT code
  std::string_view modifiers;  // what followed the code, as sent ("-26", " 26", "TC", "26-59")
};

// A CPT code is five digits, or four digits and F (Category II) or T (Category III) or U
// (proprietary laboratory analyses): "72132", "0200T". Modifiers are two letters or digits each,
// after '-', a space, or written straight after the code: "72132-26", "72132 26", "7213226",
// "72132TC", "72132-26-59". Anything else (too short, a sixth character that does not start a
// two-character modifier) is not a CPT code.
CptCode split_cpt(std::string_view text);

}  // namespace auc::engine
