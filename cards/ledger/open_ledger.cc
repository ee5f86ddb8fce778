#include "cards/ledger/open_ledger.h"

#include <cstdlib>
#include <string>

#include "cards/ledger/audit_ledger.h"
#include "cards/ledger/bounded_ledger.h"
#include "cards/ledger/sqlite/sqlite_store.h"

namespace auc::cards::ledger {

Expected<std::unique_ptr<Ledger>, std::string> open_ledger(const LedgerOptions& options,
                                                           std::vector<std::string>* warnings) {
  auto warn = [&](std::string text) {
    if (warnings != nullptr) warnings->push_back(std::move(text));
  };
  sqlite::SqliteStoreOptions sqlite_options;
  constexpr std::string_view kScheme = "sqlite:";
  std::size_t memory_bound = 0;  // 0: not in memory
  if (options.url == "memory" || options.url.starts_with("memory:")) {
    memory_bound = kDefaultMemoryEntries;
    if (options.url != "memory") {
      const std::string n = options.url.substr(7);
      char* end = nullptr;
      const unsigned long long v = std::strtoull(n.c_str(), &end, 10);
      if (n.empty() || *end != '\0' || n[0] == '-' || v < 10 || v > 10'000'000) {
        return Unexpected("expected memory or memory:N with N from 10 to 10000000, '" +
                          options.url + "'");
      }
      memory_bound = static_cast<std::size_t>(v);
    }
    sqlite_options.path = ":memory:";
    warn("ledger is in memory (--ledger memory, for tests and demos): at most " +
         std::to_string(memory_bound) +
         " calls and feedback reports are kept, the oldest are dropped, and all are gone at "
         "exit; a 200 does not mean the call is kept (use --ledger sqlite:PATH)");
  } else if (options.url.starts_with(kScheme) && options.url.size() > kScheme.size()) {
    sqlite_options.path = options.url.substr(kScheme.size());
  } else {
    return Unexpected("unsupported --ledger '" + options.url +
                      "' (expected sqlite:PATH or memory)");
  }
  sqlite_options.durable_through_power_loss = options.durable_through_power_loss;
  sqlite_options.writer.queue_capacity = options.write_queue_capacity;
  sqlite_options.writer.wait_timeout = options.write_timeout;
  if (options.store_raw_ids) {
    warn("--ledger-raw-ids: raw patient and user ids are stored in the ledger");
  }

  auto pseudonymiser = options.pseudonym_key_file.empty()
                           ? Pseudonymiser::ephemeral()
                           : Pseudonymiser::from_key_file(options.pseudonym_key_file);
  if (!pseudonymiser) return Unexpected(pseudonymiser.error());
  if (options.pseudonym_key_file.empty()) {
    warn(
        "no --pseudonym-key-file: using a random key, so patient and user pseudonyms change "
        "at every restart");
  }

  auto store = sqlite::SqliteStore::open(std::move(sqlite_options));
  if (!store) return Unexpected(store.error());
  auto ledger = std::make_unique<AuditLedger>(
      std::move(store).value(), std::move(pseudonymiser).value(), options.store_raw_ids);
  if (options.retention_days > 0) {
    ledger->start_retention(std::chrono::hours(24) * options.retention_days,
                            options.purge_interval);
  }
  if (memory_bound > 0) {
    return std::unique_ptr<Ledger>(
        std::make_unique<BoundedLedger>(std::move(ledger), memory_bound));
  }
  return std::unique_ptr<Ledger>(std::move(ledger));
}

}  // namespace auc::cards::ledger
