#include "hooks/audit/console_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "cards/ledger/hex_digest.h"

namespace auc::hooks::audit {
namespace {

namespace fs = std::filesystem;

// Strict: only this origin's files, no inline script or style, no framing, no plugins.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

std::optional<std::string> read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The first 12 hex digits of the content's SHA-256: enough to tell versions apart.
std::string short_digest(const std::string& content) {
  return cards::ledger::sha256_hex(content).substr(0, 12);
}

std::string content_type_for(const fs::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  return "application/octet-stream";
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

void security_headers(httplib::Response& res) {
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
}

}  // namespace

Expected<std::unique_ptr<ConsoleFiles>, std::string> ConsoleFiles::load(const std::string& dir,
                                                                        bool client_certificates) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::unique_ptr<ConsoleFiles>();
  auto files = std::make_unique<ConsoleFiles>();
  auto index = read_all(fs::path(dir) / "index.html");
  if (!index) return Unexpected("auditor console: cannot read " + dir + "/index.html");
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().filename() == "index.html") continue;
    const std::string type = content_type_for(entry.path());
    if (type == "application/octet-stream") continue;  // only what the page uses
    auto body = read_all(entry.path());
    if (!body) return Unexpected("auditor console: cannot read " + entry.path().string());
    const std::string name = entry.path().filename().string();
    const std::string versioned = entry.path().stem().string() + "." + short_digest(*body) +
                                  entry.path().extension().string();
    replace_all(*index, "\"static/" + name + "\"", "\"static/" + versioned + "\"");
    files->assets_.emplace(versioned, Asset{std::move(*body), type});
  }
  if (client_certificates) replace_all(*index, "data-auth=\"token\"", "data-auth=\"certificate\"");
  files->index_ = std::move(*index);
  return files;
}

void ConsoleFiles::register_routes(HttpServer& server) const {
  server.get("/audit/ui", [](const httplib::Request&, httplib::Response& res, RequestContext&) {
    security_headers(res);
    res.set_redirect("/audit/ui/", 308);
  });
  server.get("/audit/ui/",
             [this](const httplib::Request&, httplib::Response& res, RequestContext&) {
               security_headers(res);
               res.set_header("Cache-Control", "no-cache");
               res.set_content(index_, "text/html; charset=utf-8");
             });
  server.get(R"(/audit/ui/static/([A-Za-z0-9._-]+))",
             [this](const httplib::Request& req, httplib::Response& res, RequestContext&) {
               security_headers(res);
               const auto found = assets_.find(req.matches[1].str());
               if (found == assets_.end()) {
                 res.status = 404;
                 res.set_header("Cache-Control", "no-store");
                 res.set_content("not found", "text/plain; charset=utf-8");
                 return;
               }
               res.set_header("Cache-Control", "public, max-age=31536000, immutable");
               res.set_content(found->second.body, found->second.content_type);
             });
}

}  // namespace auc::hooks::audit
