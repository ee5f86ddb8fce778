// Keyed pseudonyms for patient and user ids: HMAC-SHA256 under a secret only the server holds.
// The same id under the same key always gives the same pseudonym, so an auditor can group calls
// by patient without learning who the patient is; without the key the id cannot be recovered
// or confirmed by guessing. The key id (a fingerprint) is stored next to each pseudonym so a
// key rotation is visible in the ledger.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/expected.h"

namespace auc::cards::ledger {

class Pseudonymiser {
 public:
  static constexpr std::size_t kMinKeyBytes = 32;

  // The key is the file's bytes, trailing whitespace removed (e.g. `openssl rand -hex 32`).
  static Expected<Pseudonymiser, std::string> from_key_file(const std::string& path);
  static Expected<Pseudonymiser, std::string> from_key(std::string_view key);
  // A random key that lives as long as the process: pseudonyms do not survive a restart.
  static Expected<Pseudonymiser, std::string> ephemeral();

  Pseudonymiser(Pseudonymiser&&) noexcept = default;
  Pseudonymiser& operator=(Pseudonymiser&&) noexcept = default;
  ~Pseudonymiser();  // wipes the key

  // `kind` ("patient", "user") and the EHR's issuer and tenant are part of the HMAC input: ids
  // are only unique within one EHR, and a patient id must never match a user id.
  // "" for an empty id.
  // Safe to call from several threads at once.
  std::string pseudonym(std::string_view kind, std::string_view issuer, std::string_view tenant,
                        std::string_view id) const;
  const std::string& key_id() const { return key_id_; }

 private:
  Pseudonymiser() = default;
  struct MacContextFree {
    void operator()(EVP_MAC_CTX* ctx) const;
  };
  std::vector<unsigned char> key_;
  std::string key_id_;
  // HMAC-SHA256 already keyed: each pseudonym starts from a copy of it. The one-shot HMAC()
  // looked the algorithm up again on every call, a measurable share of a hook call.
  std::unique_ptr<EVP_MAC_CTX, MacContextFree> keyed_mac_;
  // Names this key among the process's pseudonymisers (never reused, unlike an address): each
  // thread keeps a copy of the keyed context, wiped when the thread next meets another key or
  // exits, and must not take one key's copy for another's.
  std::uint64_t instance_ = 0;
};

}  // namespace auc::cards::ledger
