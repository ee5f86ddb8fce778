#include "hooks/auth/issuer_trust.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "hooks/auth/strict_json.h"

namespace auc::hooks {
namespace {

constexpr std::size_t kMaxTrustFileBytes = 1 << 20;

bool is_https_url(std::string_view url) {
  return url.starts_with("https://") && url.size() > 8 &&
         url.find_first_of(" \t\r\n") == std::string_view::npos;
}

Expected<std::vector<std::string>, std::string> string_list(const rapidjson::Value& doc,
                                                            const char* name) {
  std::vector<std::string> out;
  const auto it = doc.FindMember(name);
  if (it == doc.MemberEnd()) return out;
  if (!it->value.IsArray()) return Unexpected(std::string(name) + " must be an array of strings");
  for (const auto& v : it->value.GetArray()) {
    if (!v.IsString() || v.GetStringLength() == 0) {
      return Unexpected(std::string(name) + " must be an array of non-empty strings");
    }
    out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

Expected<int, std::string> seconds_member(const rapidjson::Value& doc, const char* name,
                                          int fallback, int min, int max) {
  const auto it = doc.FindMember(name);
  if (it == doc.MemberEnd()) return fallback;
  if (!it->value.IsInt() || it->value.GetInt() < min || it->value.GetInt() > max) {
    return Unexpected(std::string(name) + " must be an integer from " + std::to_string(min) +
                      " to " + std::to_string(max));
  }
  return it->value.GetInt();
}

std::filesystem::path resolve(const std::filesystem::path& base, std::string_view p) {
  std::filesystem::path path(p);
  return path.is_absolute() ? path : base / path;
}

}  // namespace

Expected<std::string, std::string> read_small_file(const std::filesystem::path& path,
                                                   std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Unexpected("cannot read " + path.string() + ": " + std::strerror(errno));
  }
  std::string data;
  data.resize(max_bytes + 1);
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<std::size_t>(in.gcount()));
  if (data.size() > max_bytes) {
    return Unexpected(path.string() + " is larger than " + std::to_string(max_bytes) + " bytes");
  }
  return data;
}

Expected<IssuerTrust, std::string> parse_issuer_trust(std::string_view json,
                                                      const std::filesystem::path& base_dir,
                                                      std::string_view source_file) {
  const std::string where = "trust file " + std::string(source_file) + ": ";
  auto fail = [&](const std::string& why) { return Unexpected(where + why); };
  rapidjson::Document doc;
  if (!parse_strict_json_object(json, doc)) return fail("not a JSON object (or duplicate names)");

  // Unknown fields are errors: a misspelt "tenants" must not silently allow every tenant.
  static const std::set<std::string_view> kKnown = {"issuer",
                                                    "description",
                                                    "jwks",
                                                    "jwks_file",
                                                    "jwks_url",
                                                    "allowed_jku",
                                                    "tenants",
                                                    "jwks_cache_seconds",
                                                    "jwks_min_refresh_seconds",
                                                    "jwks_ca_file",
                                                    "load_only_when_named",
                                                    "warning"};
  for (const auto& m : doc.GetObject()) {
    const std::string_view name(m.name.GetString(), m.name.GetStringLength());
    if (!kKnown.contains(name)) return fail("unknown field \"" + std::string(name) + "\"");
  }

  IssuerTrust t;
  t.source_file = std::string(source_file);
  const auto issuer = string_member(doc, "issuer");
  if (!issuer || issuer->empty()) return fail("\"issuer\" (string) is required");
  t.issuer = std::string(*issuer);

  const bool has_inline = has_member(doc, "jwks");
  const bool has_file = has_member(doc, "jwks_file");
  if (has_inline && has_file) return fail("give \"jwks\" or \"jwks_file\", not both");
  if (has_inline) {
    auto keys = parse_jwks_value(doc["jwks"]);
    if (!keys) return fail("jwks: " + keys.error());
    t.local_keys = std::move(*keys);
  } else if (has_file) {
    const auto file = string_member(doc, "jwks_file");
    if (!file || file->empty()) return fail("\"jwks_file\" must be a path");
    const auto path = resolve(base_dir, *file);
    auto text = read_small_file(path, kMaxTrustFileBytes);
    if (!text) return fail(text.error());
    auto keys = parse_jwks(*text);
    if (!keys) return fail(path.string() + ": " + keys.error());
    t.local_keys = std::move(*keys);
  }

  if (has_member(doc, "jwks_url")) {
    const auto url = string_member(doc, "jwks_url");
    if (!url || !is_https_url(*url)) return fail("\"jwks_url\" must be an https:// URL");
    t.jwks_url = std::string(*url);
  }
  auto jku = string_list(doc, "allowed_jku");
  if (!jku) return fail(jku.error());
  t.allowed_jku = std::move(*jku);
  auto tenants = string_list(doc, "tenants");
  if (!tenants) return fail(tenants.error());
  t.tenants = std::move(*tenants);

  if (t.local_keys && !t.jwks_url.empty()) {
    return fail("pinned keys and \"jwks_url\" exclude each other");
  }
  if (!t.local_keys) {
    if (t.jwks_url.empty() && t.allowed_jku.empty()) {
      return fail("needs keys: \"jwks\", \"jwks_file\", \"jwks_url\" or \"allowed_jku\"");
    }
    for (const auto& u : t.allowed_jku) {
      if (!is_https_url(u)) return fail("fetched \"allowed_jku\" entries must be https:// URLs");
    }
  }

  auto ttl = seconds_member(doc, "jwks_cache_seconds", 3600, 60, 7 * 24 * 3600);
  if (!ttl) return fail(ttl.error());
  t.jwks_cache_seconds = *ttl;
  auto min_refresh = seconds_member(doc, "jwks_min_refresh_seconds", 60, 1, 24 * 3600);
  if (!min_refresh) return fail(min_refresh.error());
  t.jwks_min_refresh_seconds = *min_refresh;
  if (has_member(doc, "jwks_ca_file")) {
    const auto ca = string_member(doc, "jwks_ca_file");
    if (!ca || ca->empty()) return fail("\"jwks_ca_file\" must be a path");
    t.jwks_ca_file = resolve(base_dir, *ca).string();
  }
  for (const char* flag : {"load_only_when_named"}) {
    const auto it = doc.FindMember(flag);
    if (it != doc.MemberEnd() && !it->value.IsBool())
      return fail(std::string(flag) + " must be a boolean");
  }
  return t;
}

Expected<std::vector<IssuerTrust>, std::string> load_issuer_trust(
    const std::vector<std::string>& paths) {
  std::vector<IssuerTrust> out;
  auto load_one = [&](const std::filesystem::path& file, bool named) -> Expected<Ok, std::string> {
    auto text = read_small_file(file, kMaxTrustFileBytes);
    if (!text) return Unexpected(text.error());
    if (!named) {
      rapidjson::Document peek;
      if (parse_strict_json_object(*text, peek)) {
        const auto it = peek.FindMember("load_only_when_named");
        if (it != peek.MemberEnd() && it->value.IsBool() && it->value.GetBool()) return Ok{};
      }
    }
    auto trust = parse_issuer_trust(*text, file.parent_path(), file.string());
    if (!trust) return Unexpected(trust.error());
    for (const auto& existing : out) {
      if (existing.issuer == trust->issuer) {
        return Unexpected("issuer " + trust->issuer + " is configured twice (" +
                          existing.source_file + ", " + trust->source_file + ")");
      }
    }
    out.push_back(std::move(*trust));
    return Ok{};
  };

  for (const auto& p : paths) {
    std::error_code ec;
    const std::filesystem::path path(p);
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        if (entry.is_regular_file(ec) && entry.path().extension() == ".json") {
          files.push_back(entry.path());
        }
      }
      if (ec) return Unexpected("cannot list trust directory " + p + ": " + ec.message());
      std::sort(files.begin(), files.end());
      const std::size_t before = out.size();
      for (const auto& f : files) {
        auto r = load_one(f, false);
        if (!r) return Unexpected(r.error());
      }
      if (out.size() == before) {
        return Unexpected("trust directory " + p +
                          " enables no issuer (files marked load_only_when_named must be named)");
      }
    } else {
      auto r = load_one(path, true);
      if (!r) return Unexpected(r.error());
    }
  }
  return out;
}

}  // namespace auc::hooks
