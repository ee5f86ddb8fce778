// Hook calls on their way into the database: two files beside it, so that a call is as
// durable as the ledger promises once its bytes are written (and, for power-loss durability,
// synced), and the SQLite inserts, most of what the ledger costs a lone call, run on the writer
// thread instead of on the caller's time. This is the ledger issue's "bounded queue whose
// contents survive a crash".
//
// Calls that arrive together share one write (and one sync): group commit. Each durable batch is
// handed to the writer in order; once the writer has committed a call, the journal no longer
// needs it. There are two files, each made `file_bytes` long (zeros) when opened, and written in
// place from the start again once everything in them is in the database: a sync then writes the
// data only, never the file's size (half the cost of syncing an append on this project's disks).
// Writing moves to the other file when the current one is full; if both are, the file grows.
// Calls are copied into a shared mapping of each file rather than written with a system call:
// the bytes are in the page cache, the operating system's hands, as soon as they are copied, so
// a crash of the process loses nothing, and no write goes through the file system's write path
// (with its timestamp update, which may wait for the file system's own journal to commit).
// At open, calls a crashed process journaled but never committed are read back (see read_rows)
// and inserted before anything else; entries older than the database's last id are skipped.
//
// An entry is "AUCX", the payload's length, its XXH3-64 checksum and the identity of the database
// it is for, then the payload (call_row.h); entries an earlier version wrote ("AUCJ", with a
// SHA-256 prefix for the checksum) are still read. Reading a file stops at the first entry that
// is cut short, fails its checksum or is for another database: a write that a crash
// interrupted (never acknowledged), where the zeros begin, or what is left of a journal whose
// database was replaced.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cards/ledger/ledger.h"
#include "cards/ledger/sqlite/call_row.h"
#include "fhir/expected.h"

namespace auc::cards::ledger::sqlite {

struct JournalOptions {
  bool sync = true;                         // fdatasync each write: durable through power loss
  std::size_t file_bytes = 4 << 20;         // each file's size, prepared when it is opened
  std::size_t max_uncommitted_calls = 256;  // journaled, not yet in the database: callers wait
  std::chrono::milliseconds wait_timeout{10000};
};

class CallJournal {
 public:
  // Hands a durable batch to the writer, in journal order. `hurry`: the journal is filling up
  // (uncommitted calls or file space), so the batch should be committed without lingering.
  using Sink = std::function<Expected<Ok, LedgerError>(std::vector<CallRow> rows, bool hurry)>;

  static constexpr std::size_t kLedgerIdBytes = 32;

  // Opens (creating, mode 0600, and filling with zeros up to file_bytes) DB_PATH-calls-0 and -1,
  // for the database whose identity (32 characters, stored in the database) is `ledger_id`.
  static Expected<std::unique_ptr<CallJournal>, std::string> open(const std::string& db_path,
                                                                  std::string ledger_id,
                                                                  JournalOptions options);
  ~CallJournal();
  CallJournal(const CallJournal&) = delete;
  CallJournal& operator=(const CallJournal&) = delete;

  // The calls both files hold, in id order, up to the first entry in each that is incomplete,
  // corrupt or for another database.
  Expected<std::vector<CallRow>, std::string> read_rows() const;
  // Starts taking calls; ids continue after `last_id`. Writing starts at the beginning of the
  // first file, so whatever read_rows returned must be in the database by then.
  void start(std::int64_t last_id, Sink sink);

  // Assigns the call its id, writes it (with whatever else is waiting) and hands it to the sink.
  // Returns the id once the call is durable.
  Expected<std::int64_t, LedgerError> add(CallRow row);
  // Every call with an id up to `id` is in the database (called by the writer after a commit).
  void committed(std::int64_t id);

  static std::string file_path(const std::string& db_path, int index);

 private:
  struct File {
    std::string path;
    int fd = -1;
    char* map = nullptr;       // the first file_bytes, shared with the page cache (see write())
    std::size_t used = 0;      // bytes of calls not yet known to be in the database
    std::int64_t last_id = 0;  // of the last call written to it
  };
  struct Batch;

  CallJournal(std::string ledger_id, JournalOptions options)
      : ledger_id_(std::move(ledger_id)), options_(options) {}
  // Returns whether the file is filling up while the other one is not yet free to take over.
  Expected<bool, std::string> write(const std::string& bytes, std::int64_t last_id);

  const std::string ledger_id_;
  const JournalOptions options_;
  Sink sink_;

  std::mutex mutex_;  // the filling batch, ids, who is writing, how many are uncommitted
  std::condition_variable written_;
  std::condition_variable room_;
  std::shared_ptr<Batch> filling_;
  std::string spare_bytes_;  // the last written batch's buffer, empty, for the next batch
  bool writing_ = false;
  std::int64_t next_id_ = 1;
  std::int64_t committed_id_ = 0;

  mutable std::mutex
      files_mutex_;  // where to write next: reserved by the batch leader, reused by the writer
  File files_[2];
  int current_ = 0;
  std::optional<std::string> broken_;  // a failed write could not be undone: refuse further calls
};

}  // namespace auc::cards::ledger::sqlite
