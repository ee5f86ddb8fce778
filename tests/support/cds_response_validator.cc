#include "cds_response_validator.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

namespace auc::test {
namespace {

using rapidjson::Value;

// Argonaut "CDS Hooks for PAMA" (restated here on purpose, not taken from cards/).
constexpr std::string_view kPamaRating = "http://fhir.org/argonaut/Extension/pama-rating";
constexpr std::string_view kPamaConsultId =
    "http://fhir.org/argonaut/Extension/pama-rating-consult-id";
constexpr std::string_view kPamaAucApplied =
    "http://fhir.org/argonaut/Extension/pama-rating-auc-applied";
constexpr std::string_view kPamaSystem = "http://fhir.org/argonaut/CodeSystem/pama-rating";
constexpr std::array<std::string_view, 3> kPamaCodes{"appropriate", "not-appropriate",
                                                     "no-criteria-apply"};

constexpr std::array<std::string_view, 3> kIndicators{"info", "warning", "critical"};
constexpr std::array<std::string_view, 2> kSelectionBehaviors{"at-most-one", "any"};
constexpr std::array<std::string_view, 3> kActionTypes{"create", "update", "delete"};
constexpr std::array<std::string_view, 2> kLinkTypes{"absolute", "smart"};
constexpr std::array<std::string_view, 10> kCardMembers{
    "uuid",        "summary",           "detail",          "indicator", "source",
    "suggestions", "selectionBehavior", "overrideReasons", "links",     "extension"};

template <std::size_t N>
bool one_of(std::string_view s, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

std::string_view str(const Value& v) {
  return v.IsString() ? std::string_view(v.GetString(), v.GetStringLength()) : std::string_view();
}

const Value* member(const Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  for (const auto& m : object.GetObject()) {
    if (str(m.name) == name) return &m.value;
  }
  return nullptr;
}

std::string_view string_member(const Value& object, std::string_view name) {
  const Value* v = member(object, name);
  return v ? str(*v) : std::string_view();
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

bool is_http_url(std::string_view s) {
  return s.starts_with("https://") || s.starts_with("http://");
}

bool is_relative_reference(std::string_view s) {
  const auto slash = s.find('/');
  return slash != std::string_view::npos && slash > 0 && slash + 1 < s.size() &&
         s.find('/', slash + 1) == std::string_view::npos;
}

std::string index_path(const std::string& path, std::size_t i) {
  return path + "/" + std::to_string(i);
}

class Validator {
 public:
  explicit Validator(std::vector<std::string>& out) : out_(out) {}

  void response(const Value& root) {
    if (!root.IsObject()) return fail("", "the response is not a JSON object");
    for (const auto& m : root.GetObject()) {
      const std::string_view name = str(m.name);
      if (name != "cards" && name != "systemActions" && name != "extension") {
        fail("/" + std::string(name), "not a CDS Hooks response member");
      }
    }
    walk(root, "", {});

    const Value* cards = member(root, "cards");
    if (cards == nullptr) {
      fail("/cards", "required");
    } else if (!cards->IsArray()) {
      fail("/cards", "must be an array");
    } else {
      for (std::size_t i = 0; i < cards->Size(); ++i) card((*cards)[i], index_path("/cards", i));
    }

    const Value* actions = member(root, "systemActions");
    if (actions != nullptr) {
      if (!actions->IsArray()) {
        fail("/systemActions", "must be an array");
      } else {
        for (std::size_t i = 0; i < actions->Size(); ++i) {
          system_action((*actions)[i], index_path("/systemActions", i));
        }
      }
    }

    const Value* extension = member(root, "extension");
    if (extension != nullptr && !extension->IsObject()) fail("/extension", "must be an object");
    const Value* legacy = extension ? member(*extension, "systemActions") : nullptr;
    if ((actions == nullptr) != (legacy == nullptr)) {
      fail("/extension/systemActions",
           "systemActions and extension.systemActions must both be sent (the sandbox reads only "
           "the latter)");
    } else if (actions != nullptr && !(*actions == *legacy)) {
      fail("/extension/systemActions", "differs from /systemActions");
    }
    suggestions_keep_the_draft();
    creations_are_new();
  }

 private:
  void fail(const std::string& path, std::string_view message) {
    out_.push_back((path.empty() ? std::string("/") : path) + ": " + std::string(message));
  }

  // Everywhere: no null, "", [] or {} (except the top-level cards array), complete Codings and
  // well-formed rating extensions.
  void walk(const Value& v, const std::string& path, std::string_view name) {
    switch (v.GetType()) {
      case rapidjson::kNullType:
        return fail(path, "null is not allowed: leave the field out");
      case rapidjson::kStringType:
        if (v.GetStringLength() == 0) fail(path, "empty string is not allowed: leave it out");
        return;
      case rapidjson::kArrayType:
        if (v.Empty() && path != "/cards") fail(path, "empty array is not allowed: leave it out");
        for (std::size_t i = 0; i < v.Size(); ++i) {
          const std::string p = index_path(path, i);
          if (name == "coding") coding(v[i], p, false);
          walk(v[i], p, {});
        }
        return;
      case rapidjson::kObjectType:
        if (v.MemberCount() == 0) fail(path, "empty object is not allowed: leave it out");
        if (name == "valueCoding") coding(v, path, false);
        rating_extension(v, path);
        for (const auto& m : v.GetObject()) {
          walk(m.value, path + "/" + std::string(str(m.name)), str(m.name));
        }
        return;
      default:
        return;
    }
  }

  void coding(const Value& c, const std::string& path, bool display_required) {
    if (!c.IsObject()) return fail(path, "a Coding must be an object");
    if (string_member(c, "system").empty()) fail(path + "/system", "a Coding needs its system");
    if (string_member(c, "code").empty()) fail(path + "/code", "a Coding needs its code");
    if (display_required && string_member(c, "display").empty()) {
      fail(path + "/display", "required here");
    }
  }

  void rating_extension(const Value& e, const std::string& path) {
    const std::string_view url = string_member(e, "url");
    if (url == kPamaRating) {
      const Value* codeable = member(e, "valueCodeableConcept");
      const Value* codings = codeable ? member(*codeable, "coding") : nullptr;
      bool ok = false;
      if (codings != nullptr && codings->IsArray()) {
        for (const auto& c : codings->GetArray()) {
          ok = ok || (string_member(c, "system") == kPamaSystem &&
                      one_of(string_member(c, "code"), kPamaCodes));
        }
      }
      if (!ok) {
        fail(path,
             "pama-rating needs valueCodeableConcept.coding with the Argonaut pama-rating system "
             "and appropriate | not-appropriate | no-criteria-apply");
      }
    } else if (url == kPamaConsultId) {
      const std::string_view uri = string_member(e, "valueUri");
      if (!uri.starts_with("urn:uuid:") || !is_uuid(uri.substr(9))) {
        fail(path + "/valueUri", "pama-rating-consult-id must be a urn:uuid valueUri");
      }
    } else if (url == kPamaAucApplied) {
      if (!is_http_url(string_member(e, "valueUri"))) {
        fail(path + "/valueUri", "pama-rating-auc-applied must be the criteria's URL (valueUri)");
      }
    }
  }

  void uuid(const Value& holder, const std::string& path, bool required) {
    const Value* id = member(holder, "uuid");
    if (id == nullptr) {
      if (required) fail(path + "/uuid", "required");
      return;
    }
    if (!is_uuid(str(*id))) return fail(path + "/uuid", "not a UUID");
    if (!uuids_.insert(std::string(str(*id))).second) fail(path + "/uuid", "UUID used twice");
  }

  void card(const Value& c, const std::string& path) {
    if (!c.IsObject()) return fail(path, "a card must be an object");
    for (const auto& m : c.GetObject()) {
      if (!one_of(str(m.name), kCardMembers)) {
        fail(path + "/" + std::string(str(m.name)), "not a card member");
      }
    }
    const Value* summary = member(c, "summary");
    if (summary == nullptr || !summary->IsString()) {
      fail(path + "/summary", "required string");
    } else if (utf8_length(str(*summary)) >= 140) {
      fail(path + "/summary", "must be under 140 characters");
    }
    if (!one_of(string_member(c, "indicator"), kIndicators)) {
      fail(path + "/indicator", "required: info | warning | critical");
    }
    if (const Value* d = member(c, "detail"); d != nullptr && !d->IsString()) {
      fail(path + "/detail", "must be a markdown string");
    }
    uuid(c, path, false);
    source(member(c, "source"), path + "/source");

    const Value* suggestions = member(c, "suggestions");
    std::size_t count = 0, recommended = 0;
    if (suggestions != nullptr) {
      if (!suggestions->IsArray()) {
        fail(path + "/suggestions", "must be an array");
      } else {
        count = suggestions->Size();
        for (std::size_t i = 0; i < count; ++i) {
          const Value& s = (*suggestions)[i];
          suggestion(s, index_path(path + "/suggestions", i));
          const Value* r = member(s, "isRecommended");
          if (r != nullptr && r->IsBool() && r->GetBool()) ++recommended;
        }
      }
    }
    const Value* behavior = member(c, "selectionBehavior");
    if (count > 0) {
      if (behavior == nullptr) {
        fail(path + "/selectionBehavior", "required when the card has suggestions");
      } else if (!one_of(str(*behavior), kSelectionBehaviors)) {
        fail(path + "/selectionBehavior", "must be at-most-one | any");
      } else if (str(*behavior) == "at-most-one" && recommended > 1) {
        fail(path + "/suggestions", "at most one suggestion isRecommended with at-most-one");
      }
    } else if (behavior != nullptr) {
      fail(path + "/selectionBehavior", "sent without suggestions");
    }

    if (const Value* reasons = member(c, "overrideReasons")) {
      if (!reasons->IsArray()) {
        fail(path + "/overrideReasons", "must be an array of Codings");
      } else {
        for (std::size_t i = 0; i < reasons->Size(); ++i) {
          coding((*reasons)[i], index_path(path + "/overrideReasons", i), true);
        }
      }
    }
    if (const Value* links = member(c, "links")) {
      if (!links->IsArray()) {
        fail(path + "/links", "must be an array");
      } else {
        for (std::size_t i = 0; i < links->Size(); ++i) {
          link((*links)[i], index_path(path + "/links", i));
        }
      }
    }
  }

  void source(const Value* s, const std::string& path) {
    if (s == nullptr || !s->IsObject()) return fail(path, "required object");
    if (string_member(*s, "label").empty()) fail(path + "/label", "required");
    if (const Value* url = member(*s, "url"); url && !is_http_url(str(*url))) {
      fail(path + "/url", "must be an absolute URL");
    }
    if (const Value* icon = member(*s, "icon"); icon && !is_http_url(str(*icon))) {
      fail(path + "/icon", "must be an absolute URL");
    }
    if (const Value* topic = member(*s, "topic")) coding(*topic, path + "/topic", false);
  }

  void link(const Value& l, const std::string& path) {
    if (!l.IsObject()) return fail(path, "a link must be an object");
    if (string_member(l, "label").empty()) fail(path + "/label", "required");
    if (!is_http_url(string_member(l, "url"))) fail(path + "/url", "required absolute URL");
    const std::string_view type = string_member(l, "type");
    if (!one_of(type, kLinkTypes)) fail(path + "/type", "required: absolute | smart");
    if (member(l, "appContext") != nullptr && type != "smart") {
      fail(path + "/appContext", "only for smart links");
    }
  }

  void suggestion(const Value& s, const std::string& path) {
    if (!s.IsObject()) return fail(path, "a suggestion must be an object");
    if (string_member(s, "label").empty()) fail(path + "/label", "required");
    uuid(s, path, false);
    if (const Value* r = member(s, "isRecommended"); r && !r->IsBool()) {
      fail(path + "/isRecommended", "must be a boolean");
    }
    const Value* actions = member(s, "actions");
    if (actions == nullptr) return;
    if (!actions->IsArray()) return fail(path + "/actions", "must be an array");
    for (std::size_t i = 0; i < actions->Size(); ++i) {
      const Value& a = (*actions)[i];
      const std::string p = index_path(path + "/actions", i);
      action(a, p);
      const Value* resource = member(a, "resource");
      if (resource == nullptr || string_member(*resource, "resourceType") != "ServiceRequest") {
        continue;
      }
      if (string_member(a, "type") == "update") suggested_order(*resource, p + "/resource");
      if (string_member(a, "type") == "create") created_order(*resource, p + "/resource");
    }
  }

  // A create adds a whole new order next to the drafts: it stands on its own (FHIR R4
  // ServiceRequest requires status, intent and subject; an order needs a code) and must not
  // reuse a draft's id, or the EHR would take it for that draft. It mirrors no draft.
  void created_order(const Value& r, const std::string& path) {
    for (const char* required : {"status", "intent"}) {
      if (string_member(r, required).empty()) {
        fail(path + "/" + required, "a new ServiceRequest needs it");
      }
    }
    const Value* subject = member(r, "subject");
    if (subject == nullptr || string_member(*subject, "reference").empty()) {
      fail(path + "/subject", "a new ServiceRequest needs subject.reference");
    }
    const Value* code = member(r, "code");
    const Value* codings = code ? member(*code, "coding") : nullptr;
    if (codings == nullptr || !codings->IsArray() || codings->Empty()) {
      fail(path + "/code/coding", "a new ServiceRequest needs code.coding[0]");
    }
    created_.push_back({&r, path});
  }

  // What the sandbox reads when a suggestion is accepted.
  void suggested_order(const Value& r, const std::string& path) {
    if (count_extensions(r, kPamaRating) != 1) {
      fail(path + "/extension", "a suggested ServiceRequest needs exactly one pama-rating");
    }
    const Value* code = member(r, "code");
    const Value* codings = code ? member(*code, "coding") : nullptr;
    if (codings == nullptr || !codings->IsArray() || codings->Empty()) {
      fail(path + "/code/coding", "a suggested ServiceRequest needs code.coding[0]");
    }
    suggested_.push_back({&r, path});
  }

  void action(const Value& a, const std::string& path) {
    if (!a.IsObject()) return fail(path, "an action must be an object");
    const std::string_view type = string_member(a, "type");
    if (!one_of(type, kActionTypes))
      return fail(path + "/type", "required: create | update | delete");
    if (const Value* d = member(a, "description"); d && !d->IsString()) {
      fail(path + "/description", "must be a string");
    }
    const Value* resource = member(a, "resource");
    if (type == "delete") {
      const Value* id = member(a, "resourceId");
      bool ok = id != nullptr && (id->IsString() || id->IsArray());
      if (ok && id->IsString()) ok = is_relative_reference(str(*id));
      if (ok && id->IsArray()) {
        for (const auto& e : id->GetArray()) ok = ok && is_relative_reference(str(e));
      }
      if (!ok) fail(path + "/resourceId", "a delete needs relative references (Type/id)");
      return;
    }
    if (resource == nullptr || !resource->IsObject()) {
      return fail(path + "/resource", "create and update need the resource");
    }
    if (string_member(*resource, "resourceType").empty()) {
      fail(path + "/resource/resourceType", "required");
    }
    if (type == "update" && string_member(*resource, "id").empty()) {
      fail(path + "/resource/id", "an update must name the resource it replaces");
    }
  }

  void system_action(const Value& a, const std::string& path) {
    action(a, path);
    const Value* resource = member(a, "resource");
    if (resource == nullptr || string_member(*resource, "resourceType") != "ServiceRequest") {
      return;
    }
    if (count_extensions(*resource, kPamaRating) != 1) {
      fail(path + "/resource/extension", "a rated ServiceRequest needs exactly one pama-rating");
    }
    if (count_extensions(*resource, kPamaConsultId) != 1) {
      fail(path + "/resource/extension",
           "a rated ServiceRequest needs exactly one pama-rating-consult-id");
    }
    const std::string_view id = string_member(*resource, "id");
    if (!id.empty()) drafts_.push_back({resource, path + "/resource"});
  }

  static std::size_t count_extensions(const Value& resource, std::string_view url) {
    const Value* extensions = member(resource, "extension");
    if (extensions == nullptr || !extensions->IsArray()) return 0;
    return static_cast<std::size_t>(
        std::count_if(extensions->Begin(), extensions->End(),
                      [&](const Value& e) { return string_member(e, "url") == url; }));
  }

  static bool is_rating_extension(const Value& e) {
    return string_member(e, "url").starts_with(kPamaRating) ||
           string_member(e, "url").find("/acr-rating") != std::string_view::npos;
  }

  // A suggestion replaces the draft's code only: every other member, and every extension that
  // is not a rating, must be the draft's (as the systemAction for the same order carries it).
  void suggestions_keep_the_draft() {
    for (const auto& [suggested, spath] : suggested_) {
      const std::string_view id = string_member(*suggested, "id");
      const auto draft = std::find_if(drafts_.begin(), drafts_.end(), [&](const auto& d) {
        return string_member(*d.first, "id") == id;
      });
      if (draft == drafts_.end()) continue;
      const Value& d = *draft->first;
      for (const Value* from : {&d, suggested}) {
        const Value* other = from == &d ? suggested : &d;
        for (const auto& m : from->GetObject()) {
          const std::string_view name = str(m.name);
          if (name == "code" || name == "extension") continue;
          const Value* o = member(*other, name);
          if (o == nullptr || !(*o == m.value)) {
            fail(spath + "/" + std::string(name),
                 "differs from the draft order (only code and rating extensions may change)");
          }
        }
      }
      std::vector<const Value*> kept_d, kept_s;
      using Side = std::pair<const Value*, std::vector<const Value*>*>;
      for (const auto& [r, kept] : {Side{&d, &kept_d}, Side{suggested, &kept_s}}) {
        const Value* ext = member(*r, "extension");
        if (ext == nullptr || !ext->IsArray()) continue;
        for (const auto& e : ext->GetArray()) {
          if (!is_rating_extension(e)) kept->push_back(&e);
        }
      }
      bool same = kept_d.size() == kept_s.size();
      for (std::size_t i = 0; same && i < kept_d.size(); ++i) same = *kept_d[i] == *kept_s[i];
      if (!same) fail(spath + "/extension", "the draft's own extensions were not kept");
    }
  }

  void creations_are_new() {
    for (const auto& [created, cpath] : created_) {
      const std::string_view id = string_member(*created, "id");
      if (id.empty()) continue;
      for (const auto& draft : drafts_) {
        if (string_member(*draft.first, "id") == id) {
          fail(cpath + "/id", "a created resource must not reuse the id of a draft order");
          break;
        }
      }
    }
  }

  std::vector<std::string>& out_;
  std::set<std::string> uuids_;
  std::vector<std::pair<const Value*, std::string>> suggested_;
  std::vector<std::pair<const Value*, std::string>> drafts_;
  std::vector<std::pair<const Value*, std::string>> created_;
};

}  // namespace

std::vector<std::string> validate_cds_response(const rapidjson::Value& response) {
  std::vector<std::string> out;
  Validator(out).response(response);
  return out;
}

std::vector<std::string> validate_cds_response(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError()) return {"/: the response is not valid JSON"};
  return validate_cds_response(static_cast<const rapidjson::Value&>(doc));
}

std::string describe_violations(const std::vector<std::string>& violations) {
  std::string out;
  for (const std::string& v : violations) {
    out += v;
    out += '\n';
  }
  return out;
}

}  // namespace auc::test
