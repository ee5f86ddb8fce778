// Removes the patient and user ids of a card's call from a clinician's free-text feedback comment.
// The ledger never keeps raw ids, so they cannot be searched for: instead every word of the
// comment that could be an id is pseudonymised the way the call's ids were, and a word whose
// pseudonym equals the call's patient or user pseudonym is replaced by that pseudonym.
//
// What is recognised: the call's patient id and user id written as a word of their own (bounded
// by anything but letters, digits and - . _ /), alone or as a reference ("Patient/123",
// "Practitioner/55"), and a user id written without its resource type ("55"). What is not: an id
// glued to other letters ("pt123"), ids of other patients, names, MRNs and any identifier the
// service was never sent. Comments are free text; the EHR should keep identifiers out of them.
#pragma once

#include <string>
#include <string_view>

#include "cards/ledger/pseudonymiser.h"
#include "cards/ledger/records.h"

namespace auc::cards::ledger {

std::string scrub_comment(std::string_view comment, const Pseudonymiser& pseudonymiser,
                          const CardOffer& card);

}  // namespace auc::cards::ledger
