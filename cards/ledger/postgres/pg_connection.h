// RAII over libpq: a connection and its results. Values only ever reach SQL as parameters of
// PQexecParams; statement text is always built in this module from constants and the field
// description.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/expected.h"

// libpq's handles, declared as libpq-fe.h does, so that this header does not need libpq's.
struct pg_conn;
struct pg_result;

namespace auc::cards::ledger::postgres {

// A statement's parameters, as text (libpq's text format): nullopt is NULL.
class Params {
 public:
  Params& text(std::string_view value) {
    values_.emplace_back(value);
    return *this;
  }
  Params& integer(std::int64_t value) {
    values_.emplace_back(std::to_string(value));
    return *this;
  }
  Params& null() {
    values_.emplace_back(std::nullopt);
    return *this;
  }
  int size() const { return static_cast<int>(values_.size()); }
  std::vector<const char*> pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

class Result {
 public:
  explicit Result(pg_result* result) : result_(result) {}
  bool ok() const;  // the command or query succeeded
  int rows() const;
  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  // The server's message, without the statement or its values.
  std::string error() const;

 private:
  friend class Connection;
  struct Clear {
    void operator()(pg_result* r) const;
  };
  std::unique_ptr<pg_result, Clear> result_;
};

// One statement of a pipeline: SQL text, or the name of a statement the connection prepared.
struct Statement {
  const char* sql_or_name;
  bool prepared = false;
  Params params;
};

class Connection {
 public:
  // `conninfo` is a postgresql:// URL or key=value string; libpq adds the PG* environment
  // variables and the password file (PGPASSFILE, ~/.pgpass) to it.
  static Expected<Connection, std::string> open(const std::string& conninfo);

  Result exec(const char* sql);
  Result exec(const std::string& sql, const Params& params);
  // Parses `sql` once for the connection's life; Statement{name, true, ...} runs it.
  Result prepare(const char* name, const std::string& sql);
  // Sends every statement and one sync, then reads one result per statement in order: one
  // round trip for all of them. After a failed statement the server skips the rest up to the
  // sync (their results are not ok()). When the connection breaks, the missing results are not
  // ok() either and usable() turns false.
  std::vector<Result> exec_pipeline(const std::vector<Statement>& statements);
  // Round trips to the server so far: one per exec, prepare or exec_pipeline.
  std::uint64_t round_trips() const { return round_trips_; }
  // False once the server went away (restart, network): the connection must be reopened.
  bool usable() const;
  std::string error_message() const;

 private:
  struct Finish {
    void operator()(pg_conn* c) const;
  };
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  std::unique_ptr<pg_conn, Finish> conn_;
  std::uint64_t round_trips_ = 0;
};

// The connection in `db` when it is open and its server has not gone away, else a new one made
// by `open` in its place (nothing when that fails too). Every holder of a long-lived connection
// goes through this before using it, so a database restart costs each one failed statement at
// most, and the next use reconnects.
using ConnectionOpener = std::function<Expected<Connection, std::string>(const std::string&)>;
Expected<Connection*, std::string> reconnect_if_gone(
    std::optional<Connection>& db, const std::string& conninfo,
    const ConnectionOpener& open = &Connection::open);

// Whether a failure's message (Result::error()) names a data or integrity error, SQLSTATE
// class 22 or 23: a statement's values were refused, not the connection, a timeout or the server.
bool is_data_error(std::string_view message);

// Where a connection string points, for logs: host, port and database, never the user's secret.
// Refuses a string that carries a password: passwords come from the password file or PGPASSWORD
// in the environment, so they never appear on a command line or in a process list.
Expected<std::string, std::string> describe_conninfo(const std::string& conninfo);

}  // namespace auc::cards::ledger::postgres
