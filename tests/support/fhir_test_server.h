// A loopback FHIR server for integration tests: serves fixture resources for searches
// (`GET /fhir/{Type}?patient=...`) and reads (`GET /fhir/Patient/{id}`), and can be told to be
// slow, to fail, to paginate or to answer with an OperationOutcome. Records what it was asked and
// the Authorization header it got, so tests can check the bearer token travels (and only here).
#pragma once

#include <rapidjson/document.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace auc::test {

class FhirTestServer {
 public:
  FhirTestServer();  // listening on 127.0.0.1 at a free port when it returns
  ~FhirTestServer();
  FhirTestServer(const FhirTestServer&) = delete;
  FhirTestServer& operator=(const FhirTestServer&) = delete;

  int port() const { return port_; }
  std::string base_url() const;  // "http://127.0.0.1:<port>/fhir"

  // Serves `resource` (a JSON object) to searches for its type and reads by id.
  void add(const rapidjson::Value& resource);
  // Every resource of a request's prefetch values (single resources and Bundle entries).
  void add_prefetch(const rapidjson::Value& prefetch);

  // Behaviour per resource type ("Condition", "Patient", ...).
  void fail(const std::string& type, int status);              // that status, OperationOutcome body
  void answer_outcome(const std::string& type);                // 200 with an OperationOutcome
  void answer_raw(const std::string& type, std::string body);  // 200 with exactly these bytes
  void delay(const std::string& type, std::chrono::milliseconds d);
  void set_page_size(std::size_t n);  // 0 = everything on one page
  // Pads that type's answers to at least `bytes` of valid JSON, sent chunked (no Content-Length)
  // so only a limit enforced while receiving can stop it.
  void oversize(const std::string& type, std::size_t bytes);

  struct Seen {
    std::string path;           // e.g. "/fhir/Condition"
    std::string patient_param;  // the `patient` search parameter, "" for reads
    std::string authorization;  // the Authorization header as received
  };
  std::vector<Seen> requests() const;
  std::size_t count(const std::string& type) const;  // requests for that type
  // Requests for that type that are past their delay (being answered or answered).
  std::size_t answered(const std::string& type) const;

 private:
  void handle(const std::string& type, const std::string& id, int page, const std::string& patient,
              std::string& body, int& status);

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> listen_returned_{false};
  int port_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::string>> resources_;  // type -> serialized resources
  std::map<std::string, int> failures_;
  std::map<std::string, bool> outcomes_;
  std::map<std::string, std::string> raw_answers_;
  std::map<std::string, std::chrono::milliseconds> delays_;
  std::map<std::string, std::size_t> delays_over_;
  std::map<std::string, std::size_t> oversize_;
  std::size_t page_size_ = 0;
  std::vector<Seen> seen_;
};

}  // namespace auc::test
