#include "cards/ledger/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>

namespace auc::cards::ledger::postgres {

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

void Result::Clear::operator()(pg_result* r) const {
  PQclear(r);
}

void Connection::Finish::operator()(pg_conn* c) const {
  PQfinish(c);
}

int Result::rows() const {
  return PQntuples(result_.get());
}

bool Result::is_null(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

bool Connection::usable() const {
  return PQstatus(conn_.get()) == CONNECTION_OK;
}

bool Result::ok() const {
  const ExecStatusType status = PQresultStatus(result_.get());
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

std::string Result::text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t Result::int64(int row, int column) const {
  const char* v = PQgetvalue(result_.get(), row, column);
  std::int64_t out = 0;
  std::from_chars(v, v + PQgetlength(result_.get(), row, column), out);
  return out;
}

std::string Result::error() const {
  if (result_ == nullptr) return "no result from the server";
  const char* primary = PQresultErrorField(result_.get(), PG_DIAG_MESSAGE_PRIMARY);
  const char* state = PQresultErrorField(result_.get(), PG_DIAG_SQLSTATE);
  // Without a primary message the failure is the connection's ("server closed the connection
  // unexpectedly"); a statement's DETAIL, which may quote values, is never included.
  std::string out = primary != nullptr ? primary : PQresultErrorMessage(result_.get());
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (out.empty()) out = PQresStatus(PQresultStatus(result_.get()));
  if (state != nullptr) out += std::string(" (SQLSTATE ") + state + ")";
  return out;
}

bool is_data_error(std::string_view message) {
  return message.find("(SQLSTATE 22") != std::string_view::npos ||
         message.find("(SQLSTATE 23") != std::string_view::npos;
}

Expected<Connection*, std::string> reconnect_if_gone(std::optional<Connection>& db,
                                                     const std::string& conninfo,
                                                     const ConnectionOpener& open) {
  if (db && db->usable()) return &*db;
  db.reset();
  auto opened = open(conninfo);
  if (!opened) return Unexpected(opened.error());
  db.emplace(std::move(opened).value());
  return &*db;
}

Expected<Connection, std::string> Connection::open(const std::string& conninfo) {
  // Defaults first: a setting in `conninfo` (expanded from "dbname") overrides them. A server
  // that vanished without closing the connection (host lost, network cut) is noticed within
  // about 10 s, by unanswered keepalives while waiting for an answer or by unacknowledged data
  // while sending, rather than after the kernel's two hours.
  const char* keys[] = {"connect_timeout",
                        "keepalives_idle",
                        "keepalives_interval",
                        "keepalives_count",
                        "tcp_user_timeout",
                        "application_name",
                        "dbname",
                        nullptr};
  const char* values[] = {"5", "4", "2", "3", "10000", "auc-hooks", conninfo.c_str(), nullptr};
  Connection c(PQconnectdbParams(keys, values, 1));
  if (c.conn_ == nullptr) return Unexpected(std::string("out of memory"));
  if (PQstatus(c.conn_.get()) != CONNECTION_OK) {
    return Unexpected("cannot connect to PostgreSQL: " + c.error_message());
  }
  // Notices ("relation already exists, skipping") are not errors; libpq would print them.
  PQsetNoticeProcessor(
      c.conn_.get(), [](void*, const char*) {}, nullptr);
  return c;
}

Result Connection::exec(const char* sql) {
  ++round_trips_;
  return Result(PQexec(conn_.get(), sql));
}

Result Connection::exec(const std::string& sql, const Params& params) {
  ++round_trips_;
  const std::vector<const char*> values = params.pointers();
  return Result(PQexecParams(conn_.get(), sql.c_str(), params.size(), nullptr, values.data(),
                             nullptr, nullptr, 0));
}

Result Connection::prepare(const char* name, const std::string& sql) {
  ++round_trips_;
  return Result(PQprepare(conn_.get(), name, sql.c_str(), 0, nullptr));
}

std::vector<Result> Connection::exec_pipeline(const std::vector<Statement>& statements) {
  std::vector<Result> results;
  results.reserve(statements.size());
  pg_conn* c = conn_.get();
  auto broken = [&] {
    // The connection's state is unknown: drop it, so that usable() is false and the next use
    // reconnects; every statement without a result failed.
    conn_.reset();
    while (results.size() < statements.size()) results.emplace_back(nullptr);
    return std::move(results);
  };
  ++round_trips_;
  if (PQenterPipelineMode(c) != 1) return broken();
  for (const Statement& s : statements) {
    const std::vector<const char*> values = s.params.pointers();
    const int sent = s.prepared ? PQsendQueryPrepared(c, s.sql_or_name, s.params.size(),
                                                      values.data(), nullptr, nullptr, 0)
                                : PQsendQueryParams(c, s.sql_or_name, s.params.size(), nullptr,
                                                    values.data(), nullptr, nullptr, 0);
    if (sent != 1) return broken();
  }
  if (PQpipelineSync(c) != 1) return broken();
  for (std::size_t i = 0; i < statements.size(); ++i) {
    pg_result* r = PQgetResult(c);
    if (r == nullptr) return broken();
    results.emplace_back(r);
    // Each statement's results end with a null.
    while ((r = PQgetResult(c)) != nullptr) {
      PQclear(r);
      if (PQstatus(c) != CONNECTION_OK) return broken();
    }
  }
  Result sync(PQgetResult(c));
  if (PQresultStatus(sync.result_.get()) != PGRES_PIPELINE_SYNC || PQexitPipelineMode(c) != 1) {
    return broken();
  }
  return results;
}

std::string Connection::error_message() const {
  std::string m = PQerrorMessage(conn_.get());
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

Expected<std::string, std::string> describe_conninfo(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    std::string why = error != nullptr ? error : "cannot parse";
    PQfreemem(error);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return Unexpected("invalid PostgreSQL connection string: " + why);
  }
  std::string host;
  std::string port;
  std::string dbname;
  bool has_password = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    const std::string_view key = o->keyword;
    if (key == "password") has_password = true;
    if (key == "host" || key == "hostaddr") host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") dbname = o->val;
  }
  PQconninfoFree(options);
  if (has_password) {
    return Unexpected(std::string(
        "the PostgreSQL connection string must not contain a password: use a password file "
        "(PGPASSFILE) or PGPASSWORD in the environment"));
  }
  return "postgresql://" + (host.empty() ? std::string("(PGHOST)") : host) +
         (port.empty() ? std::string() : ":" + port) + "/" +
         (dbname.empty() ? std::string("(PGDATABASE)") : dbname);
}

}  // namespace auc::cards::ledger::postgres
