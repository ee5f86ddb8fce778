#include "hooks/fhir_client/fhir_client.h"

#include <httplib.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <charconv>
#include <future>

#include "fhir/checked_json.h"
#include "hooks/cds/hook_request.h"

namespace auc::hooks {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<httplib::ClientImpl> make_client(const FhirServerUrl& server) {
  if (server.https) {
    auto c = std::make_unique<httplib::SSLClient>(server.host, server.port);
    c->enable_server_certificate_verification(true);
    return c;
  }
  return std::make_unique<httplib::ClientImpl>(server.host, server.port);
}

// Leaves the token's bytes nowhere once the header is no longer needed.
struct ScrubbedString {
  std::string value;
  ~ScrubbedString() {
    if (!value.empty()) OPENSSL_cleanse(value.data(), value.size());
  }
};

// A Content-Length above `limit` (one that does not parse is left to the receiver's count).
bool declared_length_over(const httplib::Response& head, std::size_t limit) {
  const std::string& length = head.get_header_value("Content-Length");
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
  if (ec == std::errc::result_out_of_range) return true;
  return ec == std::errc() && end == length.data() + length.size() && n > limit;
}

}  // namespace

FhirFetchResult FhirClient::fetch_one(const FhirServerUrl& server, const std::string& authorization,
                                      const FhirQuery& query, Clock::time_point deadline) const {
  FhirFetchResult out;
  out.key = query.key;
  auto client = make_client(server);
  client->set_keep_alive(true);
  httplib::Headers headers = {{"Accept", "application/fhir+json"}};
  if (!authorization.empty()) headers.emplace("Authorization", authorization);

  std::string target = query.target;
  const std::size_t limit = config_.max_response_bytes;
  for (int page = 0;; ++page) {
    if (page >= config_.max_pages) {
      out.truncated = true;
      break;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      out.failure = "time budget exhausted";
      return out;
    }
    const auto connect = std::min<std::int64_t>(config_.connect_timeout_ms, left.count());
    const auto read = std::min<std::int64_t>(config_.read_timeout_ms, left.count());
    client->set_connection_timeout(std::chrono::milliseconds(connect));
    client->set_read_timeout(std::chrono::milliseconds(read));
    client->set_write_timeout(std::chrono::milliseconds(read));

    // The body is bounded while it arrives: a broken or hostile server must not make the service
    // buffer without limit. A declared length over the limit stops before the first byte.
    std::string body;
    bool too_large = false;
    auto res = client->Get(
        target, headers,
        [&](const httplib::Response& head) {
          too_large = declared_length_over(head, limit);
          return !too_large;
        },
        [&](const char* data, std::size_t n) {
          if (n > limit - body.size()) {
            too_large = true;
            return false;
          }
          body.append(data, n);
          return true;
        });
    if (too_large) {
      out.failure =
          "the response exceeded --fhir-max-response-bytes (" + std::to_string(limit) + " bytes)";
      return out;
    }
    if (!res) {
      out.failure = "request failed: " + httplib::to_string(res.error());
      return out;
    }
    if (res->status == 404 && query.is_read) break;  // no such resource: no data
    if (res->status != 200) {
      out.failure = "HTTP status " + std::to_string(res->status);
      return out;
    }
    auto doc = std::make_unique<rapidjson::Document>();
    if (auto problem = fhir::parse_checked(*doc, body)) {
      out.failure = "the response is refused: " +
                    (problem->path.empty() ? "" : "at " + problem->path + ", ") + problem->message;
      return out;
    }
    if (!doc->IsObject()) {
      out.failure = "the response is not a JSON object";
      return out;
    }
    auto type = doc->FindMember("resourceType");
    if (type == doc->MemberEnd() || !type->value.IsString()) {
      out.failure = "the response is not a FHIR resource";
      return out;
    }
    if (std::string_view(type->value.GetString()) == "OperationOutcome") {
      out.failure = "the server answered with an OperationOutcome";
      return out;
    }
    // The next link, if any, before the document moves into the result.
    std::string next;
    if (auto links = doc->FindMember("link"); links != doc->MemberEnd() && links->value.IsArray()) {
      for (const auto& link : links->value.GetArray()) {
        if (!link.IsObject()) continue;
        auto rel = link.FindMember("relation");
        auto url = link.FindMember("url");
        if (rel != link.MemberEnd() && url != link.MemberEnd() && rel->value.IsString() &&
            url->value.IsString() && std::string_view(rel->value.GetString()) == "next") {
          next.assign(url->value.GetString(), url->value.GetStringLength());
        }
      }
    }
    out.pages.push_back(std::move(doc));
    if (next.empty()) break;
    auto next_target = same_origin_target(server, next);
    if (!next_target) {
      // Following it would send the token to a server the EHR did not name.
      out.failure = "a next link points to another server";
      return out;
    }
    target = std::move(*next_target);
  }
  out.ok = true;
  return out;
}

std::vector<FhirFetchResult> FhirClient::fetch(const FhirServerUrl& server, std::string_view token,
                                               const std::vector<FhirQuery>& queries) const {
  std::vector<FhirFetchResult> results;
  results.reserve(queries.size());
  if (queries.empty()) return results;
  const Clock::time_point deadline =
      Clock::now() + std::chrono::milliseconds(config_.total_budget_ms);
  ScrubbedString authorization;
  if (!token.empty() && !is_bearer_token(token)) {
    // Requests are checked on arrival; this guards any other caller: no unchecked header bytes.
    results.resize(queries.size());
    for (std::size_t i = 0; i < queries.size(); ++i) {
      results[i].key = queries[i].key;
      results[i].failure = "the access token is not an RFC 6750 bearer token; not sent";
    }
    return results;
  }
  if (!token.empty()) {
    authorization.value.reserve(7 + token.size());
    authorization.value.append("Bearer ").append(token);
  }
  if (queries.size() == 1) {
    results.push_back(fetch_one(server, authorization.value, queries.front(), deadline));
    return results;
  }
  // One thread per query: a handful of keys, each mostly waiting on the network. Every request's
  // timeouts are capped by the deadline, so the threads end within the budget.
  std::vector<std::future<FhirFetchResult>> pending;
  pending.reserve(queries.size());
  for (const FhirQuery& q : queries) {
    pending.push_back(std::async(std::launch::async, [&, q_ptr = &q] {
      return fetch_one(server, authorization.value, *q_ptr, deadline);
    }));
  }
  for (auto& f : pending) results.push_back(f.get());
  return results;
}

}  // namespace auc::hooks
