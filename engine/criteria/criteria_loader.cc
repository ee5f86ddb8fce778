#include "engine/criteria/criteria_loader.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "engine/json_fragments.h"
#include "fhir/checked_json.h"

namespace auc::engine {
namespace {

using Json = rapidjson::Value;

// Walks the document keeping the JSON path of the current object, so every refusal can say
// exactly where it happened.
class CriteriaReader {
 public:
  explicit CriteriaReader(std::string file) : file_(std::move(file)) {}

  Expected<Topic, LoadError> read(const Json& root) {
    Topic topic;
    if (!root.IsObject()) return fail("", "", "the document must be a JSON object");
    if (!text(root, "", "id", topic.id) || !text(root, "", "title", topic.title) ||
        !text(root, "", "edition", topic.edition) || !text(root, "", "citation", topic.citation) ||
        !text(root, "", "source_url", topic.source_url) || !categories(root, topic) ||
        !variants(root, topic) || !procedure_attributes(root, topic)) {
      return Unexpected{*error_};
    }
    return topic;
  }

 private:
  Unexpected<LoadError> fail(std::string path, std::string field, std::string message) {
    error_ = LoadError{file_, path.empty() ? "/" : std::move(path), std::move(field),
                       std::move(message)};
    return Unexpected{*error_};
  }
  bool refuse(const std::string& path, const std::string& field, std::string message) {
    fail(path, field, std::move(message));
    return false;
  }

  const Json* member(const Json& obj, const std::string& path, const char* field) {
    auto it = obj.FindMember(field);
    if (it == obj.MemberEnd()) {
      refuse(path, field, "missing");
      return nullptr;
    }
    return &it->value;
  }
  bool text(const Json& obj, const std::string& path, const char* field, std::string& out) {
    const Json* v = member(obj, path, field);
    if (!v) return false;
    if (!v->IsString() || v->GetStringLength() == 0) {
      return refuse(path + "/" + field, field, "must be a non-empty string");
    }
    out.assign(v->GetString(), v->GetStringLength());
    return true;
  }
  bool optional_text(const Json& obj, const std::string& path, const char* field,
                     std::string& out) {
    if (!obj.HasMember(field)) return true;
    return text(obj, path, field, out);
  }
  bool integer(const Json& obj, const std::string& path, const char* field, int& out) {
    const Json* v = member(obj, path, field);
    if (!v) return false;
    if (!v->IsInt()) return refuse(path + "/" + field, field, "must be an integer");
    out = v->GetInt();
    return true;
  }
  const Json* array(const Json& obj, const std::string& path, const char* field) {
    const Json* v = member(obj, path, field);
    if (!v) return nullptr;
    if (!v->IsArray()) {
      refuse(path + "/" + field, field, "must be an array");
      return nullptr;
    }
    return v;
  }
  bool object(const Json& v, const std::string& path, const char* field) {
    return v.IsObject() || refuse(path, field, "must be an object");
  }

  bool categories(const Json& root, Topic& topic) {
    const Json* list = array(root, "", "categories");
    if (!list) return false;
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const std::string path = "/categories/" + std::to_string(i);
      const Json& c = (*list)[i];
      if (!object(c, path, "categories")) return false;
      std::string label;
      CategoryDefinition def;
      if (!text(c, path, "category", label)) return false;
      auto category = parse_category(label);
      if (!category) {
        return refuse(path + "/category", "category", "unknown category \"" + label + "\"");
      }
      def.category = *category;
      if (!integer(c, path, "min_rating", def.min_rating) ||
          !integer(c, path, "max_rating", def.max_rating) ||
          !text(c, path, "definition", def.definition)) {
        return false;
      }
      if (def.min_rating < 1 || def.max_rating > 9 || def.min_rating > def.max_rating) {
        return refuse(path, "min_rating", "rating range must lie within 1..9, min <= max");
      }
      for (const CategoryDefinition& seen : topic.categories) {
        if (seen.category == def.category) {
          return refuse(path + "/category", "category", "category \"" + label + "\" defined twice");
        }
      }
      topic.categories.push_back(std::move(def));
    }
    if (topic.categories.empty()) return refuse("/categories", "categories", "must not be empty");
    return true;
  }

  bool variants(const Json& root, Topic& topic) {
    const Json* list = array(root, "", "variants");
    if (!list) return false;
    if (list->Empty()) return refuse("/variants", "variants", "must not be empty");
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const std::string path = "/variants/" + std::to_string(i);
      const Json& v = (*list)[i];
      if (!object(v, path, "variants")) return false;
      Variant variant;
      std::string kind;
      if (!integer(v, path, "number", variant.number) || !text(v, path, "title", variant.title) ||
          !text(v, path, "kind", kind) || !optional_text(v, path, "narrative", variant.narrative)) {
        return false;
      }
      auto parsed_kind = parse_variant_kind(kind);
      if (!parsed_kind) {
        return refuse(path + "/kind", "kind",
                      "unknown variant kind \"" + kind + "\" (imaging | treatment)");
      }
      variant.kind = *parsed_kind;
      if (topic.variant(variant.number)) {
        return refuse(path + "/number", "number",
                      "variant " + std::to_string(variant.number) + " appears twice");
      }
      if (!procedures(v, path, topic, variant)) return false;
      topic.variants.push_back(std::move(variant));
    }
    return true;
  }

  bool procedures(const Json& v, const std::string& vpath, const Topic& topic, Variant& variant) {
    const Json* list = array(v, vpath, "procedures");
    if (!list) return false;
    if (list->Empty()) return refuse(vpath + "/procedures", "procedures", "must not be empty");
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const std::string path = vpath + "/procedures/" + std::to_string(i);
      RatedProcedure p;
      if (!procedure((*list)[i], path, topic, p)) return false;
      p.rating_json = render_rating(p);
      for (const RatedProcedure& seen : variant.procedures) {
        if (seen.id == p.id || seen.name == p.name) {
          return refuse(path + (seen.id == p.id ? "/id" : "/name"), seen.id == p.id ? "id" : "name",
                        "duplicate procedure \"" + p.name + "\" in variant " +
                            std::to_string(variant.number));
        }
      }
      variant.procedures.push_back(std::move(p));
    }
    return true;
  }

  bool procedure(const Json& j, const std::string& path, const Topic& topic, RatedProcedure& p) {
    if (!object(j, path, "procedures")) return false;
    std::string category;
    if (!text(j, path, "id", p.id) || !text(j, path, "name", p.name) ||
        !text(j, path, "category", category) || !integer(j, path, "rating", p.rating) ||
        !integer(j, path, "median", p.median) || !text(j, path, "soe", p.soe)) {
      return false;
    }
    for (char c : p.id) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return refuse(path + "/id", "id", "procedure id \"" + p.id + "\" must be [a-z0-9-]");
      }
    }
    const std::string who = " (" + p.name + ")";
    auto parsed = parse_category(category);
    const CategoryDefinition* def = nullptr;
    if (parsed) {
      for (const CategoryDefinition& d : topic.categories) {
        if (d.category == *parsed) def = &d;
      }
    }
    if (!def) {
      return refuse(path + "/category", "category", "unknown category \"" + category + "\"" + who);
    }
    p.category = def->category;
    if (p.rating < def->min_rating || p.rating > def->max_rating) {
      return refuse(path + "/rating", "rating",
                    "rating " + std::to_string(p.rating) + " is outside \"" + category + "\" (" +
                        std::to_string(def->min_rating) + ".." + std::to_string(def->max_rating) +
                        ")" + who);
    }
    if (p.median < 1 || p.median > 9) {
      return refuse(path + "/median", "median", "median must be 1..9" + who);
    }
    auto rank = soe_rank(p.soe);
    if (!rank) {
      return refuse(path + "/soe", "soe", "unknown strength of evidence \"" + p.soe + "\"" + who);
    }
    p.soe_rank = *rank;
    if (!radiation(j, path, "rrl_adult", p.rrl_adult) ||
        !radiation(j, path, "rrl_peds", p.rrl_peds) || !votes(j, path, p) ||
        !references(j, path, p) || !supplementary(j, path, p)) {
      return false;
    }
    if (auto it = j.FindMember("orderable"); it != j.MemberEnd()) {
      if (!it->value.IsBool()) return refuse(path + "/orderable", "orderable", "must be a boolean");
      p.orderable = it->value.GetBool();
    }
    return true;
  }

  bool radiation(const Json& j, const std::string& path, const char* field, RadiationLevel& out) {
    const Json* v = member(j, path, field);
    if (!v) return false;
    const std::string here = path + "/" + field;
    if (!object(*v, here, field) || !text(*v, here, "text", out.text) ||
        !integer(*v, here, "level", out.level)) {
      return false;
    }
    if (out.level != radiation_level_of(out.text)) {
      return refuse(here + "/level", field,
                    "level " + std::to_string(out.level) + " contradicts \"" + out.text + "\"");
    }
    return true;
  }

  bool votes(const Json& j, const std::string& path, RatedProcedure& p) {
    const Json* list = array(j, path, "votes");
    if (!list) return false;
    if (list->Size() != 9) {
      return refuse(path + "/votes", "votes",
                    "histogram must have 9 counts (ratings 1..9), found " +
                        std::to_string(list->Size()) + " (" + p.name + ")");
    }
    for (rapidjson::SizeType i = 0; i < 9; ++i) {
      const Json& n = (*list)[i];
      if (!n.IsInt() || n.GetInt() < 0) {
        return refuse(path + "/votes/" + std::to_string(i), "votes",
                      "vote counts must be non-negative integers");
      }
      p.votes[i] = n.GetInt();
    }
    return true;
  }

  bool references(const Json& j, const std::string& path, RatedProcedure& p) {
    if (!j.HasMember("references")) return true;  // expert-consensus rows cite nothing
    const Json* list = array(j, path, "references");
    if (!list) return false;
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const std::string here = path + "/references/" + std::to_string(i);
      const Json& r = (*list)[i];
      Citation c;
      if (!object(r, here, "references") || !integer(r, here, "number", c.number) ||
          !text(r, here, "pmid", c.pmid) || !text(r, here, "quality", c.quality)) {
        return false;
      }
      p.references.push_back(std::move(c));
    }
    return true;
  }

  bool supplementary(const Json& j, const std::string& path, RatedProcedure& p) {
    if (!j.HasMember("supplementary")) return true;
    const Json* list = array(j, path, "supplementary");
    if (!list) return false;
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const std::string here = path + "/supplementary/" + std::to_string(i);
      const Json& s = (*list)[i];
      SupplementaryEvidence e;
      if (!object(s, here, "supplementary") || !text(s, here, "source", e.source) ||
          !text(s, here, "grade", e.grade) || !text(s, here, "statement", e.statement)) {
        return false;
      }
      p.supplementary.push_back(std::move(e));
    }
    return true;
  }

  // Attributes are stated once per procedure id; every rated procedure must have them, and
  // every entry must belong to a rated procedure, so a typo cannot leave a study unchecked.
  bool procedure_attributes(const Json& root, Topic& topic) {
    const Json* map = member(root, "", "procedure_attributes");
    if (!map) return false;
    const std::string base = "/procedure_attributes";
    if (!object(*map, base, "procedure_attributes")) return false;
    std::set<std::string> used;
    for (Variant& variant : topic.variants) {
      for (RatedProcedure& p : variant.procedures) {
        auto it = map->FindMember(p.id.c_str());
        if (it == map->MemberEnd()) {
          return refuse(base + "/" + p.id, "procedure_attributes",
                        "missing: every rated procedure states its modality, contrast and "
                        "ionising radiation (" +
                            p.name + ")");
        }
        if (!attributes(it->value, base + "/" + p.id, p)) return false;
        used.insert(p.id);
      }
    }
    for (auto it = map->MemberBegin(); it != map->MemberEnd(); ++it) {
      const std::string id(it->name.GetString(), it->name.GetStringLength());
      if (!used.contains(id)) {
        return refuse(base + "/" + id, "procedure_attributes",
                      "no variant rates a procedure \"" + id + "\"");
      }
    }
    return true;
  }

  bool attributes(const Json& j, const std::string& path, RatedProcedure& p) {
    if (!object(j, path, "procedure_attributes")) return false;
    const std::string who = " (" + p.name + ")";
    std::string modality, contrast, route;
    if (!text(j, path, "modality", modality) || !text(j, path, "contrast", contrast) ||
        !optional_text(j, path, "contrast_route", route)) {
      return false;
    }
    ProcedureAttributes& a = p.attributes;
    if (auto m = parse_modality(modality)) {
      a.modality = *m;
    } else {
      return refuse(path + "/modality", "modality",
                    "unknown modality \"" + modality +
                        "\" (mri | ct | nuclear-medicine | pet | radiography | fluoroscopy | "
                        "intervention | consultation | medical-management)" +
                        who);
    }
    if (auto c = parse_contrast_agent(contrast)) {
      a.contrast = *c;
    } else {
      return refuse(path + "/contrast", "contrast",
                    "unknown contrast \"" + contrast + "\" (none | iodinated | gadolinium)" + who);
    }
    if (route.empty()) route = "none";
    if (auto r = parse_contrast_route(route)) {
      a.contrast_route = *r;
    } else {
      return refuse(path + "/contrast_route", "contrast_route",
                    "unknown contrast route \"" + route + "\" (iv | intrathecal)" + who);
    }
    if ((a.contrast == ContrastAgent::kNone) != (a.contrast_route == ContrastRoute::kNone)) {
      return refuse(path + "/contrast_route", "contrast_route",
                    a.contrast == ContrastAgent::kNone
                        ? "a procedure without contrast has no contrast route" + who
                        : "a procedure with contrast states its route (iv | intrathecal)" + who);
    }
    const Json* ionising = member(j, path, "ionising_radiation");
    if (!ionising) return false;
    if (!ionising->IsBool()) {
      return refuse(path + "/ionising_radiation", "ionising_radiation", "must be a boolean");
    }
    a.ionising_radiation = ionising->GetBool();
    // The rating table's radiation level and this flag must tell the same story.
    for (const RadiationLevel* level : {&p.rrl_adult, &p.rrl_peds}) {
      if ((level->level > 0 && !a.ionising_radiation) ||
          (level->level == 0 && a.ionising_radiation)) {
        return refuse(path + "/ionising_radiation", "ionising_radiation",
                      std::string(a.ionising_radiation ? "true" : "false") + " contradicts \"" +
                          level->text + "\"" + who);
      }
    }
    return true;
  }

  std::string file_;
  std::optional<LoadError> error_;
};

}  // namespace

Expected<Topic, LoadError> parse_criteria_json(std::string_view json, const std::string& file) {
  rapidjson::Document doc;
  if (auto problem = fhir::parse_checked(doc, json)) {
    return Unexpected{LoadError{file, problem->path, "", problem->message}};
  }
  return CriteriaReader(file).read(doc);
}

Expected<Topic, LoadError> load_criteria_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{LoadError{path, "", "", "cannot open file"}};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_criteria_json(text.str(), path);
}

}  // namespace auc::engine
