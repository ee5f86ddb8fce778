// RAII over the SQLite C API: a connection and its prepared statements. Values only ever reach
// SQL through bind(); statement text is always a constant written in this module.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "fhir/expected.h"

namespace auc::cards::ledger::sqlite {

class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::string_view bytes);

  // SQLITE_ROW, SQLITE_DONE, or an error code (including a failed bind).
  int step();
  // Makes the statement reusable with new bindings.
  void reset();

  std::int64_t int64(int column) const;
  std::string text(int column) const;
  // A BLOB (or any) column's bytes, valid until the next step() or reset().
  std::string_view bytes(int column) const;
  bool is_null(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  int bind_error_ = SQLITE_OK;
};

class Database {
 public:
  enum class Mode : std::uint8_t { kReadWrite, kReadOnly };
  // `path` ":memory:" opens a private in-memory database.
  static Expected<Database, std::string> open(const std::string& path, Mode mode);

  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;

  // Runs constant SQL (pragmas, schema, transaction control). Never use it with values.
  Expected<Ok, std::string> exec(const char* sql);
  // exec for one constant statement run on every write (BEGIN, SAVEPOINT, RELEASE, COMMIT):
  // prepared once and reused, since parsing them again cost more than the insert itself.
  Expected<Ok, std::string> exec_cached(const char* sql);
  Expected<Statement, std::string> prepare(std::string_view sql);
  // A statement prepared once per connection and reused; reset before it is returned.
  Expected<Statement*, std::string> cached(const char* sql);
  // The first column of the first row of constant SQL, as text ("" when no row).
  Expected<std::string, std::string> query_text(const char* sql);

  std::string error_message() const;
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }
  int changes() const { return sqlite3_changes(db_.get()); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  explicit Database(sqlite3* db) : db_(db) {}
  // Statements are declared after the connection so they are finalized first.
  std::unique_ptr<sqlite3, Closer> db_;
  std::map<const char*, Statement> cache_;
};

// Transaction guard: rolls back unless commit() succeeded.
class Transaction {
 public:
  static Expected<Transaction, std::string> begin(Database& db, const char* begin_sql = "BEGIN");
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Expected<Ok, std::string> commit();

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_;
};

}  // namespace auc::cards::ledger::sqlite
