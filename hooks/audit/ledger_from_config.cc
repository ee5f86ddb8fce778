#include "hooks/audit/ledger_from_config.h"

#include "cards/ledger/open_ledger.h"
#include "hooks/log/log.h"

namespace auc::hooks::audit {

Expected<std::unique_ptr<cards::ledger::Ledger>, std::string> open_configured_ledger(
    const LedgerConfig& config, std::vector<std::string>& warnings) {
  if (config.retention_days < 0) return Unexpected(std::string("--retention-days must be >= 0"));
  cards::ledger::LedgerOptions options;
  options.url = config.url;
  options.pseudonym_key_file = config.pseudonym_key_file;
  options.store_raw_ids = config.store_raw_ids;
  options.durable_through_power_loss = config.durable_through_power_loss;
  options.retention_days = config.retention_days;
  // Retention is a promise to the patients: a purge that keeps failing must show in the log.
  options.purge_report = [](const Expected<std::int64_t, cards::ledger::LedgerError>& purged) {
    if (!purged) {
      log::warn("retention_purge_failed").str("reason", purged.error().message);
    } else if (*purged > 0) {
      log::info("retention_purged").num("rows", *purged);
    }
  };
  auto ledger = cards::ledger::open_ledger(options, &warnings);
  if (!ledger) return Unexpected("--ledger: " + ledger.error());
  return ledger;
}

bool is_shared_ledger(const LedgerConfig& config) {
  return cards::ledger::is_postgresql_url(config.url);
}

}  // namespace auc::hooks::audit
