#include "cards/ledger/sqlite/database.h"

namespace auc::cards::ledger::sqlite {

Statement& Statement::bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  const int rc =
      sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_.get(), index, value);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_.get(), index);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

int Statement::step() {
  if (bind_error_ != SQLITE_OK) return bind_error_;
  return sqlite3_step(stmt_.get());
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_error_ = SQLITE_OK;
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_.get(), column);
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  if (data == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::string_view Statement::bytes(int column) const {
  const void* data = sqlite3_column_blob(stmt_.get(), column);
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  if (data == nullptr) return {};
  return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

Expected<Database, std::string> Database::open(const std::string& path, Mode mode) {
  sqlite3* raw = nullptr;
  const int flags = (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);  // owns the handle even when opening failed
  if (rc != SQLITE_OK) {
    return Unexpected(std::string("cannot open ledger database: ") +
                      (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  // Readers wait for the writer's checkpoint instead of failing with SQLITE_BUSY.
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Expected<Ok, std::string> Database::exec(const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return Unexpected(std::move(text));
  }
  return Ok{};
}

Expected<Ok, std::string> Database::exec_cached(const char* sql) {
  auto stmt = cached(sql);
  if (!stmt) return Unexpected(stmt.error());
  const int rc = (*stmt)->step();
  std::string failure = rc == SQLITE_DONE || rc == SQLITE_ROW ? std::string() : error_message();
  // Reset now, not at the next use: a finished COMMIT or RELEASE must not stay active.
  (*stmt)->reset();
  if (!failure.empty()) return Unexpected(std::move(failure));
  return Ok{};
}

Expected<Statement, std::string> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Unexpected(error_message());
  }
  return Statement(stmt);
}

Expected<Statement*, std::string> Database::cached(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto prepared = prepare(sql);
    if (!prepared) return Unexpected(prepared.error());
    it = cache_.emplace(sql, std::move(prepared).value()).first;
  } else {
    it->second.reset();
  }
  return &it->second;
}

Expected<std::string, std::string> Database::query_text(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) return Unexpected(stmt.error());
  const int rc = stmt->step();
  if (rc == SQLITE_ROW) return stmt->text(0);
  if (rc == SQLITE_DONE) return std::string();
  return Unexpected(error_message());
}

std::string Database::error_message() const {
  return sqlite3_errmsg(db_.get());
}

Expected<Transaction, std::string> Transaction::begin(Database& db, const char* begin_sql) {
  auto started = db.exec_cached(begin_sql);
  if (!started) return Unexpected(started.error());
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) db_->exec("ROLLBACK");
}

Expected<Ok, std::string> Transaction::commit() {
  auto done = db_->exec_cached("COMMIT");
  if (done) db_ = nullptr;
  return done;
}

}  // namespace auc::cards::ledger::sqlite
