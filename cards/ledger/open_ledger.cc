#include "cards/ledger/open_ledger.h"

#include <cstdlib>
#include <functional>
#include <string>

#include "cards/ledger/audit_ledger.h"
#include "cards/ledger/bounded_ledger.h"
#include "cards/ledger/postgres/pg_store.h"
#include "cards/ledger/sqlite/sqlite_store.h"

namespace auc::cards::ledger {
namespace {

// The bound of an in-memory ledger ("memory" or "memory:N"); 0 when the ledger is not in memory.
Expected<std::size_t, std::string> memory_entries(const std::string& url) {
  if (url == "memory") return kDefaultMemoryEntries;
  if (!url.starts_with("memory:")) return std::size_t{0};
  const std::string n = url.substr(7);
  char* end = nullptr;
  const unsigned long long v = std::strtoull(n.c_str(), &end, 10);
  if (n.empty() || *end != '\0' || n[0] == '-' || v < 10 || v > 10'000'000) {
    return Unexpected("expected memory or memory:N with N from 10 to 10000000, '" + url + "'");
  }
  return static_cast<std::size_t>(v);
}

Expected<std::unique_ptr<CallStore>, std::string> open_store(
    const LedgerOptions& options, const std::function<void(std::string)>& warn) {
  if (is_postgresql_url(options.url)) {
    postgres::PgStoreOptions pg;
    pg.conninfo = options.url;
    pg.queue_capacity = options.write_queue_capacity;
    pg.wait_timeout = options.write_timeout;
    auto store = postgres::PgStore::open(std::move(pg));
    if (!store) return Unexpected(store.error());
    return std::unique_ptr<CallStore>(std::move(store).value());
  }
  sqlite::SqliteStoreOptions sqlite_options;
  constexpr std::string_view kScheme = "sqlite:";
  auto memory_bound = memory_entries(options.url);
  if (!memory_bound) return Unexpected(memory_bound.error());
  if (*memory_bound > 0) {
    sqlite_options.path = ":memory:";
    warn("ledger is in memory (--ledger memory, for tests and demos): at most " +
         std::to_string(*memory_bound) +
         " calls and feedback reports are kept, the oldest are dropped, and all are gone at "
         "exit; a 200 does not mean the call is kept (use --ledger sqlite:PATH)");
  } else if (options.url.starts_with(kScheme) && options.url.size() > kScheme.size()) {
    sqlite_options.path = options.url.substr(kScheme.size());
  } else {
    return Unexpected("unsupported --ledger '" + options.url +
                      "' (expected sqlite:PATH, postgresql://HOST:PORT/DATABASE or memory)");
  }
  sqlite_options.durable_through_power_loss = options.durable_through_power_loss;
  sqlite_options.writer.queue_capacity = options.write_queue_capacity;
  sqlite_options.writer.wait_timeout = options.write_timeout;
  auto store = sqlite::SqliteStore::open(std::move(sqlite_options));
  if (!store) return Unexpected(store.error());
  return std::unique_ptr<CallStore>(std::move(store).value());
}

}  // namespace

bool is_postgresql_url(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Expected<std::unique_ptr<Ledger>, std::string> open_ledger(const LedgerOptions& options,
                                                           std::vector<std::string>* warnings) {
  auto warn = [&](std::string text) {
    if (warnings != nullptr) warnings->push_back(std::move(text));
  };
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
  auto memory_bound = memory_entries(options.url);
  if (!memory_bound) return Unexpected(memory_bound.error());
  auto store = open_store(options, warn);
  if (!store) return Unexpected(store.error());
  auto ledger = std::make_unique<AuditLedger>(
      std::move(store).value(), std::move(pseudonymiser).value(), options.store_raw_ids);
  if (options.retention_days > 0) {
    ledger->start_retention(std::chrono::hours(24) * options.retention_days, options.purge_interval,
                            options.purge_report);
  }
  if (*memory_bound > 0) {
    return std::unique_ptr<Ledger>(
        std::make_unique<BoundedLedger>(std::move(ledger), *memory_bound));
  }
  return std::unique_ptr<Ledger>(std::move(ledger));
}

}  // namespace auc::cards::ledger
