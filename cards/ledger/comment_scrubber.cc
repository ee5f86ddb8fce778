#include "cards/ledger/comment_scrubber.h"

#include <array>
#include <cctype>

namespace auc::cards::ledger {
namespace {

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '/';
}

// The resource types a CDS Hooks userId names.
constexpr std::array<std::string_view, 4> kUserTypes = {"Practitioner", "PractitionerRole",
                                                        "Patient", "RelatedPerson"};

class Matcher {
 public:
  Matcher(const Pseudonymiser& p, const CardOffer& card) : p_(p), card_(card) {}

  // The pseudonym `candidate` stands for, or "" when it is neither of the call's ids.
  std::string match(std::string_view candidate) const {
    if (candidate.empty()) return {};
    if (!card_.patient_pseudonym.empty() &&
        p_.pseudonym("patient", card_.issuer, card_.tenant, candidate) == card_.patient_pseudonym) {
      return card_.patient_pseudonym;
    }
    if (card_.user_pseudonym.empty()) return {};
    if (p_.pseudonym("user", card_.issuer, card_.tenant, candidate) == card_.user_pseudonym) {
      return card_.user_pseudonym;
    }
    if (candidate.find('/') == std::string_view::npos) {
      for (std::string_view type : kUserTypes) {
        const std::string reference = std::string(type) + "/" + std::string(candidate);
        if (p_.pseudonym("user", card_.issuer, card_.tenant, reference) == card_.user_pseudonym) {
          return card_.user_pseudonym;
        }
      }
    }
    return {};
  }

 private:
  const Pseudonymiser& p_;
  const CardOffer& card_;
};

// Appends `word` to `out`, with the call's ids in it replaced: the whole word, else its last
// path segment ("Patient/123" -> "Patient/pseudonym:..."); a trailing full stop is punctuation.
void append_scrubbed(std::string_view word, const Matcher& m, std::string& out) {
  std::string_view trailing;
  while (!word.empty() && word.back() == '.') {
    trailing = std::string_view(word.data() + word.size() - 1, trailing.size() + 1);
    word.remove_suffix(1);
  }
  if (std::string p = m.match(word); !p.empty()) {
    out += "pseudonym:" + p;
  } else if (auto slash = word.rfind('/'); slash != std::string_view::npos) {
    if (std::string q = m.match(word.substr(slash + 1)); !q.empty()) {
      out.append(word.substr(0, slash + 1));
      out += "pseudonym:" + q;
    } else {
      out.append(word);
    }
  } else {
    out.append(word);
  }
  out.append(trailing);
}

}  // namespace

std::string scrub_comment(std::string_view comment, const Pseudonymiser& pseudonymiser,
                          const CardOffer& card) {
  const Matcher matcher(pseudonymiser, card);
  std::string out;
  out.reserve(comment.size());
  std::size_t i = 0;
  while (i < comment.size()) {
    if (!is_word_char(comment[i])) {
      out.push_back(comment[i++]);
      continue;
    }
    const std::size_t start = i;
    while (i < comment.size() && is_word_char(comment[i])) ++i;
    append_scrubbed(comment.substr(start, i - start), matcher, out);
  }
  return out;
}

}  // namespace auc::cards::ledger
