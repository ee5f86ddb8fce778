// Builds the configured ledger. cards/ cannot see the server's Config, so the server maps its
// LedgerConfig onto LedgerOptions (hooks/audit/ledger_from_config.h does that).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "cards/ledger/ledger.h"
#include "cards/ledger/retention_purger.h"
#include "fhir/expected.h"

namespace auc::cards::ledger {

// The bound of `--ledger memory`: about 20-30 MB of calls with their cards and facts.
constexpr std::size_t kDefaultMemoryEntries = 1000;

struct LedgerOptions {
  // "sqlite:PATH" for a durable file; "postgresql://HOST:PORT/DATABASE" (or postgres://) for a
  // database several instances share (libpq also reads the PG* environment variables and the
  // password file; a password in the URL is refused); "memory" or "memory:N" for an in-memory
  // ledger (tests and demos) that keeps at most N (default kDefaultMemoryEntries) calls and
  // feedback reports, dropping the oldest, and is gone when the process ends.
  std::string url;
  std::string pseudonym_key_file;  // "" = an ephemeral key (pseudonyms change on restart)
  bool store_raw_ids = false;
  // true: a recorded call is on stable storage before record_call returns (fsync per commit
  // batch). false: it is in the OS's hands, so it survives the process crashing but not a power
  // loss or kernel crash; on a disk whose fsync takes milliseconds this is most of a call's cost.
  bool durable_through_power_loss = true;
  int retention_days = 0;  // 0 = keep everything
  std::chrono::milliseconds purge_interval{std::chrono::hours(1)};
  PurgeReport purge_report;  // each purge's outcome, for the log
  std::size_t write_queue_capacity = 4096;
  std::chrono::milliseconds write_timeout{10000};
};

bool is_postgresql_url(const std::string& url);

// `warnings` receives operator-facing notes (ephemeral key, in-memory storage, raw ids stored).
Expected<std::unique_ptr<Ledger>, std::string> open_ledger(const LedgerOptions& options,
                                                           std::vector<std::string>* warnings);

}  // namespace auc::cards::ledger
