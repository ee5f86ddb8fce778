#include "cards/ledger/pseudonymiser.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <fstream>
#include <iterator>

#include "cards/ledger/hex_digest.h"

namespace auc::cards::ledger {
namespace {

// Length-prefixed so that ("ab", "c") and ("a", "bc") never collide.
void append_field(std::string& buffer, std::string_view field) {
  const auto size = static_cast<std::uint32_t>(field.size());
  for (int shift = 24; shift >= 0; shift -= 8) buffer.push_back(static_cast<char>(size >> shift));
  buffer.append(field);
}

}  // namespace

void Pseudonymiser::MacContextFree::operator()(EVP_MAC_CTX* ctx) const {
  EVP_MAC_CTX_free(ctx);
}

Pseudonymiser::~Pseudonymiser() {
  if (!key_.empty()) OPENSSL_cleanse(key_.data(), key_.size());
}

Expected<Pseudonymiser, std::string> Pseudonymiser::from_key(std::string_view key) {
  while (!key.empty() &&
         (key.back() == '\n' || key.back() == '\r' || key.back() == ' ' || key.back() == '\t')) {
    key.remove_suffix(1);
  }
  if (key.size() < kMinKeyBytes) {
    return Unexpected("pseudonym key is too short: need at least " + std::to_string(kMinKeyBytes) +
                      " bytes (e.g. `openssl rand -hex 32`)");
  }
  static std::atomic<std::uint64_t> instances{0};
  Pseudonymiser p;
  p.instance_ = ++instances;
  p.key_.assign(key.begin(), key.end());
  // The fingerprint hashes a domain label with the key; it identifies the key without
  // revealing anything usable about it.
  std::string label = "auc-hooks pseudonym key id";
  label.push_back('\0');
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return Unexpected(std::string("out of memory hashing the pseudonym key"));
  const bool ok = EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, label.data(), label.size()) == 1 &&
                  EVP_DigestUpdate(ctx, p.key_.data(), p.key_.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, digest.data(), nullptr) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return Unexpected(std::string("cannot fingerprint the pseudonym key"));
  p.key_id_ = to_hex(digest.data(), 8);

  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr) return Unexpected(std::string("OpenSSL has no HMAC"));
  p.keyed_mac_.reset(EVP_MAC_CTX_new(hmac));
  EVP_MAC_free(hmac);
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  if (!p.keyed_mac_ ||
      EVP_MAC_init(p.keyed_mac_.get(), p.key_.data(), p.key_.size(), params) != 1) {
    return Unexpected(std::string("cannot key HMAC-SHA256 with the pseudonym key"));
  }
  return p;
}

Expected<Pseudonymiser, std::string> Pseudonymiser::from_key_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected("cannot read pseudonym key file " + path);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto result = from_key(key);
  OPENSSL_cleanse(key.data(), key.size());
  if (!result) return Unexpected(result.error() + " (" + path + ")");
  return result;
}

Expected<Pseudonymiser, std::string> Pseudonymiser::ephemeral() {
  std::array<unsigned char, 32> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    return Unexpected(std::string("cannot generate an ephemeral pseudonym key"));
  }
  std::string hex = to_hex(random.data(), random.size());
  OPENSSL_cleanse(random.data(), random.size());
  auto result = from_key(hex);
  OPENSSL_cleanse(hex.data(), hex.size());
  return result;
}

std::string Pseudonymiser::pseudonym(std::string_view kind, std::string_view issuer,
                                     std::string_view tenant, std::string_view id) const {
  if (id.empty()) return {};
  std::string message;
  message.reserve(kind.size() + issuer.size() + tenant.size() + id.size() + 16);
  append_field(message, kind);
  append_field(message, issuer);
  append_field(message, tenant);
  append_field(message, id);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  std::size_t mac_size = 0;
  // Each thread works on its own copy of the keyed context, made once per pseudonymiser:
  // duplicating it for every pseudonym (two per call) was most of their cost. An init without a
  // key takes the copy back to its keyed state.
  thread_local struct {
    std::uint64_t instance = 0;
    std::unique_ptr<EVP_MAC_CTX, MacContextFree> ctx;
  } mine;
  if (keyed_mac_ && mine.instance != instance_) {
    mine.ctx.reset(EVP_MAC_CTX_dup(keyed_mac_.get()));
    mine.instance = mine.ctx ? instance_ : 0;
  }
  EVP_MAC_CTX* ctx = keyed_mac_ && mine.instance == instance_ ? mine.ctx.get() : nullptr;
  const bool done = ctx != nullptr && EVP_MAC_init(ctx, nullptr, 0, nullptr) == 1 &&
                    EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(message.data()),
                                   message.size()) == 1 &&
                    EVP_MAC_final(ctx, mac.data(), &mac_size, mac.size()) == 1 && mac_size >= 16;
  OPENSSL_cleanse(message.data(), message.size());
  if (!done) return {};
  // 128 bits are plenty to keep pseudonyms from colliding and keep them readable.
  return to_hex(mac.data(), 16);
}

}  // namespace auc::cards::ledger
