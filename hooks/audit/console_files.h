// The auditor console's static files (HTML, CSS, JavaScript), read once at start from the data
// directory's ui/ folder. Each asset is served under a name that carries a digest of its content
// (console.3f2a9c01d4e5.js), so browsers may cache it for a year and still never run a stale
// copy; index.html is rewritten to point at those names and is itself never cached.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "fhir/expected.h"
#include "hooks/http/http_server.h"

namespace auc::hooks::audit {

class ConsoleFiles {
 public:
  struct Asset {
    std::string body;
    std::string content_type;
  };

  // nullptr when `dir` does not exist (the console is then not served); an error when it exists
  // but index.html is missing or a file cannot be read. `client_certificates`: the page offers
  // certificate sign-in (--audit-client-ca) as well as the token.
  static Expected<std::unique_ptr<ConsoleFiles>, std::string> load(const std::string& dir,
                                                                   bool client_certificates);

  // GET /audit/ui, /audit/ui/ and /audit/ui/static/<versioned name>. The files are not behind
  // the auditor credential (they hold no data and the sign-in page must load); every request
  // they make to the API is.
  void register_routes(HttpServer& server) const;

  const std::string& index_html() const { return index_; }
  const std::map<std::string, Asset, std::less<>>& assets() const { return assets_; }

 private:
  std::string index_;
  std::map<std::string, Asset, std::less<>> assets_;  // by versioned name
};

}  // namespace auc::hooks::audit
