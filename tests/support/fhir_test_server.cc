#include "tests/support/fhir_test_server.h"

#include <httplib.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <thread>

namespace auc::test {
namespace {

std::string serialize(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string outcome_json(const std::string& text) {
  return R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":")" +
         text + R"("}]})";
}

std::string string_member(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) return {};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

FhirTestServer::FhirTestServer() : server_(std::make_unique<httplib::Server>()) {
  server_->Get(R"(/fhir/([A-Za-z]+)(?:/([A-Za-z0-9\-.]+))?)", [this](const httplib::Request& req,
                                                                     httplib::Response& res) {
    const std::string type = req.matches[1];
    const std::string id = req.matches.size() > 2 ? std::string(req.matches[2]) : "";
    const int page = req.has_param("_page") ? std::stoi(req.get_param_value("_page")) : 0;
    const std::string patient = req.get_param_value("patient");
    {
      std::lock_guard lock(mutex_);
      seen_.push_back({req.path, patient, req.get_header_value("Authorization")});
    }
    std::string body;
    int status = 200;
    handle(type, id, page, patient, body, status);
    res.status = status;
    std::size_t pad = 0;
    {
      std::lock_guard lock(mutex_);
      if (auto o = oversize_.find(type); o != oversize_.end()) pad = o->second;
    }
    if (pad == 0 || body.empty() || body[0] != '{') {
      res.set_content(body, "application/fhir+json");
      return;
    }
    // {"_padding":"xxx...", <the real members>: still a valid resource, just far too big.
    auto padded = std::make_shared<std::string>(R"({"_padding":")");
    padded->append(pad, 'x');
    padded->append("\",");
    padded->append(body, 1);
    res.set_chunked_content_provider(
        "application/fhir+json",
        [padded, sent = std::size_t{0}](std::size_t, httplib::DataSink& sink) mutable {
          constexpr std::size_t kChunk = 64 * 1024;
          if (sent >= padded->size()) {
            sink.done();
            return true;
          }
          const std::size_t n = std::min(kChunk, padded->size() - sent);
          if (!sink.write(padded->data() + sent, n)) return false;
          sent += n;
          return true;
        });
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("FhirTestServer: cannot bind");
  // Bound already: connections queue in the backlog until the thread accepts them.
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listen_returned_ = true;
  });
}

FhirTestServer::~FhirTestServer() {
  // cpp-httplib 0.11's stop() does nothing until listen_after_bind() has marked the server
  // running; a test that ends before the thread got there would otherwise join forever.
  while (!server_->is_running() && !listen_returned_) std::this_thread::yield();
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string FhirTestServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/fhir";
}

void FhirTestServer::add(const rapidjson::Value& resource) {
  const std::string type = string_member(resource, "resourceType");
  std::lock_guard lock(mutex_);
  resources_[type].push_back(serialize(resource));
}

void FhirTestServer::add_prefetch(const rapidjson::Value& prefetch) {
  for (const auto& m : prefetch.GetObject()) {
    const rapidjson::Value& v = m.value;
    if (!v.IsObject()) continue;
    if (string_member(v, "resourceType") != "Bundle") {
      add(v);
      continue;
    }
    auto entries = v.FindMember("entry");
    if (entries == v.MemberEnd()) continue;
    for (const auto& e : entries->value.GetArray()) {
      auto r = e.FindMember("resource");
      if (r != e.MemberEnd()) add(r->value);
    }
  }
}

void FhirTestServer::fail(const std::string& type, int status) {
  std::lock_guard lock(mutex_);
  failures_[type] = status;
}

void FhirTestServer::answer_outcome(const std::string& type) {
  std::lock_guard lock(mutex_);
  outcomes_[type] = true;
}

void FhirTestServer::delay(const std::string& type, std::chrono::milliseconds d) {
  std::lock_guard lock(mutex_);
  delays_[type] = d;
}

void FhirTestServer::set_page_size(std::size_t n) {
  std::lock_guard lock(mutex_);
  page_size_ = n;
}

void FhirTestServer::oversize(const std::string& type, std::size_t bytes) {
  std::lock_guard lock(mutex_);
  oversize_[type] = bytes;
}

std::vector<FhirTestServer::Seen> FhirTestServer::requests() const {
  std::lock_guard lock(mutex_);
  return seen_;
}

std::size_t FhirTestServer::answered(const std::string& type) const {
  std::lock_guard lock(mutex_);
  auto it = delays_over_.find(type);
  return it == delays_over_.end() ? 0 : it->second;
}

std::size_t FhirTestServer::count(const std::string& type) const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const Seen& s : seen_) {
    if (s.path.rfind("/fhir/" + type, 0) == 0) ++n;
  }
  return n;
}

void FhirTestServer::answer_raw(const std::string& type, std::string body) {
  std::lock_guard lock(mutex_);
  raw_answers_[type] = std::move(body);
}

void FhirTestServer::handle(const std::string& type, const std::string& id, int page,
                            const std::string& patient, std::string& body, int& status) {
  std::chrono::milliseconds delay{0};
  std::vector<std::string> resources;
  std::size_t page_size = 0;
  {
    std::lock_guard lock(mutex_);
    if (auto d = delays_.find(type); d != delays_.end()) delay = d->second;
    if (auto f = failures_.find(type); f != failures_.end()) {
      status = f->second;
      body = outcome_json("configured failure");
    } else if (outcomes_.count(type) != 0) {
      body = outcome_json("configured OperationOutcome");
    } else if (auto raw = raw_answers_.find(type); raw != raw_answers_.end()) {
      body = raw->second;
    } else {
      resources = resources_[type];
      page_size = page_size_;
    }
  }
  if (delay.count() > 0) std::this_thread::sleep_for(delay);
  {
    std::lock_guard lock(mutex_);
    ++delays_over_[type];
  }
  if (!body.empty()) return;

  if (!id.empty()) {  // a read
    for (const std::string& r : resources) {
      rapidjson::Document d;
      d.Parse(r.c_str());
      if (string_member(d, "id") == id) {
        body = r;
        return;
      }
    }
    status = 404;
    body = outcome_json("not found");
    return;
  }
  if (patient.empty()) {  // the services always search by patient
    status = 400;
    body = outcome_json("patient parameter required");
    return;
  }
  const std::size_t size = page_size == 0 ? resources.size() + 1 : page_size;
  const std::size_t first = static_cast<std::size_t>(page) * size;
  std::string out =
      R"({"resourceType":"Bundle","type":"searchset","total":)" + std::to_string(resources.size());
  if (first + size < resources.size()) {
    out += R"(,"link":[{"relation":"next","url":")" + base_url() + "/" + type +
           "?patient=" + patient + "&_page=" + std::to_string(page + 1) + R"("}])";
  }
  out += R"(,"entry":[)";
  for (std::size_t i = first; i < resources.size() && i < first + size; ++i) {
    if (i > first) out += ',';
    out += R"({"resource":)" + resources[i] + "}";
  }
  out += "]}";
  body = std::move(out);
}

}  // namespace auc::test
