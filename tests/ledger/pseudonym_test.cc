// Pseudonyms let an auditor group by patient across restarts, and only under the same key.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "cards/ledger/identifier_scrubber.h"
#include "cards/ledger/pseudonymiser.h"
#include "ledger_fixture.h"

namespace auc::cards::ledger::testing {
namespace {

// Records sample call `n` (every sample names the same patient) and reads its pseudonym back.
std::string stored_patient_pseudonym(Store store, const std::filesystem::path& db,
                                     const std::string& key, int n) {
  auto ledger = open_store(store, db, key);
  auto id = ledger->record_call(sample_call(n));
  BOOST_REQUIRE(id.has_value());
  auto got = ledger->get_call(*id);
  BOOST_REQUIRE(got.has_value() && got->has_value());
  return (*got)->patient_pseudonym;
}

BOOST_DATA_TEST_CASE(pseudonym_is_stable_across_restarts_with_the_same_key, stores(), store) {
  TempDir dir;
  const auto db = dir.path() / "ledger.sqlite";
  const auto key_a = write_file(dir.path() / "a", kKeyA);
  const auto key_b = write_file(dir.path() / "b", kKeyB);
  const std::string first = stored_patient_pseudonym(store, db, key_a, 0);
  const std::string after_restart = stored_patient_pseudonym(store, db, key_a, 1);
  const std::string other_key = stored_patient_pseudonym(store, db, key_b, 2);
  BOOST_TEST(first.size() == 32u);
  BOOST_TEST(first == after_restart);
  BOOST_TEST(first != other_key);
}

// Pseudonyms already in a ledger must stay valid: the value is HMAC-SHA256 over length-prefixed
// kind, issuer, tenant and id, first 128 bits in hex. Computed here with OpenSSL's one-shot HMAC.
BOOST_AUTO_TEST_CASE(pseudonym_is_hmac_sha256_of_the_length_prefixed_fields) {
  const std::string key = "0123456789abcdef0123456789abcdef-known-answer";
  auto p = Pseudonymiser::from_key(key);
  BOOST_TEST_REQUIRE(p.has_value());
  std::string message;
  for (std::string_view field : {"patient", "https://ehr.example", "tenant-1", "p-42"}) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      message.push_back(static_cast<char>(field.size() >> shift));
    }
    message.append(field);
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  BOOST_TEST_REQUIRE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                          reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                          mac, &mac_size) != nullptr);
  std::string expected;
  for (unsigned i = 0; i < 16; ++i) {
    static constexpr char kHex[] = "0123456789abcdef";
    expected.push_back(kHex[mac[i] >> 4]);
    expected.push_back(kHex[mac[i] & 0xf]);
  }
  BOOST_TEST(p->pseudonym("patient", "https://ehr.example", "tenant-1", "p-42") == expected);
  // Many threads at once get the same answer (the keyed context is shared, read-only).
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (p->pseudonym("patient", "https://ehr.example", "tenant-1", "p-42") != expected) {
          ++mismatches;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(mismatches.load() == 0);
}

BOOST_AUTO_TEST_CASE(pseudonym_depends_on_kind_issuer_and_id) {
  auto p = Pseudonymiser::from_key(kKeyA);
  BOOST_REQUIRE(p.has_value());
  const auto base = p->pseudonym("patient", "iss", "t", "123");
  BOOST_TEST(base == p->pseudonym("patient", "iss", "t", "123"));
  BOOST_TEST(base != p->pseudonym("user", "iss", "t", "123"));
  BOOST_TEST(base != p->pseudonym("patient", "iss2", "t", "123"));
  BOOST_TEST(base != p->pseudonym("patient", "iss", "t", "124"));
  // Length-prefixed fields: moving a character between fields changes the pseudonym.
  BOOST_TEST(p->pseudonym("patient", "is", "st", "1") != p->pseudonym("patient", "iss", "t", "1"));
  BOOST_TEST(p->pseudonym("patient", "iss", "t", "").empty());
}

// Each thread keeps its own keyed copy per pseudonymiser: taking turns with two keys, or a key
// replaced by another (a reload, perhaps at the same address), must never answer with the other
// key's pseudonym.
BOOST_AUTO_TEST_CASE(pseudonymisers_with_different_keys_on_one_thread_keep_their_own_keys) {
  auto a = Pseudonymiser::from_key(kKeyA);
  auto b = Pseudonymiser::from_key(kKeyB);
  BOOST_REQUIRE(a.has_value() && b.has_value());
  const auto from_a = a->pseudonym("patient", "iss", "t", "123");
  const auto from_b = b->pseudonym("patient", "iss", "t", "123");
  BOOST_TEST(from_a != from_b);
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(a->pseudonym("patient", "iss", "t", "123") == from_a);
    BOOST_TEST(b->pseudonym("patient", "iss", "t", "123") == from_b);
  }
  std::optional<Pseudonymiser> reloaded;
  reloaded.emplace(std::move(a).value());
  BOOST_TEST(reloaded->pseudonym("patient", "iss", "t", "123") == from_a);
  reloaded.reset();
  reloaded.emplace(std::move(b).value());
  BOOST_TEST(reloaded->pseudonym("patient", "iss", "t", "123") == from_b);
}

BOOST_AUTO_TEST_CASE(key_id_identifies_the_key_without_revealing_it) {
  auto a = Pseudonymiser::from_key(kKeyA);
  auto a_with_newline = Pseudonymiser::from_key(std::string(kKeyA) + "\n");
  auto b = Pseudonymiser::from_key(kKeyB);
  BOOST_REQUIRE(a.has_value() && a_with_newline.has_value() && b.has_value());
  BOOST_TEST(a->key_id() == a_with_newline->key_id());
  BOOST_TEST(a->key_id() != b->key_id());
  BOOST_TEST(std::string(kKeyA).find(a->key_id()) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(short_or_missing_keys_are_refused) {
  BOOST_TEST(!Pseudonymiser::from_key("too-short").has_value());
  BOOST_TEST(!Pseudonymiser::from_key_file("/nonexistent/key").has_value());
  auto e1 = Pseudonymiser::ephemeral();
  auto e2 = Pseudonymiser::ephemeral();
  BOOST_REQUIRE(e1.has_value() && e2.has_value());
  BOOST_TEST(e1->key_id() != e2->key_id());
}

BOOST_AUTO_TEST_CASE(scrubber_replaces_ids_in_json_strings_only_where_they_are_ids) {
  IdentifierScrubber scrubber({{"12", "pseudonym:P"}, {"Practitioner/doc-55", "pseudonym:U"}});
  const std::string json =
      R"({"subject":{"reference":"Patient/12"},"id":"12","code":"8812","n":12,)"
      R"("who":"Practitioner/doc-55","text":"ordered by Practitioner/doc-55"})";
  const std::string out = scrubber.scrub_json(json);
  BOOST_TEST(out.find(R"("reference":"Patient/pseudonym:P")") != std::string::npos);
  BOOST_TEST(out.find(R"("id":"pseudonym:P")") != std::string::npos);
  BOOST_TEST(out.find(R"("code":"8812")") != std::string::npos);  // short id: no substring edits
  BOOST_TEST(out.find(R"("n":12)") != std::string::npos);         // numbers are not ids
  BOOST_TEST(out.find("doc-55") == std::string::npos);
  BOOST_TEST(out.find("ordered by pseudonym:U") != std::string::npos);
  // Nothing to replace: the document is kept byte for byte.
  const std::string untouched = R"({ "a" : [1, 2] })";
  BOOST_TEST(scrubber.scrub_json(untouched) == untouched);
}

}  // namespace
}  // namespace auc::cards::ledger::testing
