#include "hooks/auth/private_key_file.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "hooks/auth/issuer_trust.h"

namespace auc::hooks {

Expected<PkeyPtr, std::string> load_private_key_pem(const std::string& path) {
  auto text = read_small_file(path, 64 * 1024);
  if (!text) return Unexpected("private key: " + text.error());
  BioPtr bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
  // No passphrase callback: an encrypted key fails here instead of prompting on a terminal.
  auto no_password = [](char*, int, int, void*) { return 0; };
  PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr) : nullptr);
  OPENSSL_cleanse(text->data(), text->size());
  if (!key) {
    ERR_clear_error();
    return Unexpected("private key " + path +
                      ": not an unencrypted PEM private key (PKCS#8, SEC1 or PKCS#1)");
  }
  return key;
}

std::optional<std::string> key_file_permission_warning(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) == 0) return std::nullopt;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  return "key file " + path + " is accessible by group or others (mode " + mode +
         "); run chmod 600 on it";
}

}  // namespace auc::hooks
