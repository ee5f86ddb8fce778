// bench_bare_server: the HTTP ceiling auc-hooks is measured against: cpp-httplib with 64 workers
// and TCP_NODELAY and its own keep-alive defaults, a RapidJSON parse of the body (as any real
// service must do), and {"cards":[]} as the answer. The fastest an HTTP + JSON service can be on
// the machine, built with the project's compiler flags.
//   bench_bare_server [--port N] [--threads N]     (listens on 127.0.0.1; port 0 = any)
// Prints {"event":"listening","port":N} on stdout once bound.
#include <httplib.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
  int port = 0;
  int threads = 64;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view a = argv[i];
    if (a == "--port") port = std::atoi(argv[i + 1]);
    if (a == "--threads") threads = std::max(1, std::atoi(argv[i + 1]));
  }

  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  server.Post(R"(/cds-services/([^/]+))", [](const httplib::Request& req, httplib::Response& res) {
    rapidjson::Document doc;
    doc.Parse(req.body.data(), req.body.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      res.status = 400;
      res.set_content(R"({"resourceType":"OperationOutcome"})", "application/fhir+json");
      return;
    }
    res.set_content(R"({"cards":[]})", "application/json");
  });

  const int bound = port == 0 ? server.bind_to_any_port("127.0.0.1")
                              : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound <= 0) {
    std::fprintf(stderr, "bench_bare_server: cannot bind 127.0.0.1:%d\n", port);
    return 1;
  }
  std::printf("{\"event\":\"listening\",\"port\":%d,\"threads\":%d}\n", bound, threads);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}
