#include "engine/safety/safety_rules.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <utility>

#include "fhir/checked_json.h"

namespace auc::engine {
namespace {

using Json = rapidjson::Value;

constexpr std::array<std::pair<PatientState, std::string_view>, kPatientStateCount> kStateLabels{{
    {PatientState::kAllergyIodinatedContrast, "allergy-iodinated-contrast"},
    {PatientState::kAllergyGadoliniumContrast, "allergy-gadolinium-contrast"},
    {PatientState::kEgfrBelowThreshold, "egfr-below-threshold"},
    {PatientState::kOnDialysis, "on-dialysis"},
    {PatientState::kImplantMrUnsafe, "implant-mr-unsafe"},
    {PatientState::kImplantMrConditional, "implant-mr-conditional"},
    {PatientState::kPregnant, "pregnant"},
    {PatientState::kPossiblyPregnant, "possibly-pregnant"},
}};

constexpr std::array<std::string_view, kPatientStateCount> kStateWords{
    "iodinated contrast allergy", "gadolinium contrast allergy", "low eGFR",  "dialysis",
    "MR-unsafe implant",          "MR Conditional implant",      "pregnancy", "possible pregnancy",
};

constexpr std::array<std::pair<SafetyAction, std::string_view>, 3> kActionLabels{{
    {SafetyAction::kAnnotate, "annotate"},
    {SafetyAction::kDemote, "demote"},
    {SafetyAction::kRemove, "remove"},
}};

template <typename T>
bool listed(const std::vector<T>& allowed, T value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

class RulesReader {
 public:
  explicit RulesReader(std::string file) : file_(std::move(file)) {}

  Expected<SafetyRules, LoadError> read(const Json& root) {
    SafetyRules out;
    out.file = file_;
    if (!root.IsObject()) return fail("/", "", "the document must be a JSON object");
    if (!text(root, "", "source", out.source) || !settings(root, out.settings) ||
        !rules(root, out)) {
      return Unexpected{*error_};
    }
    return out;
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
      refuse(path + "/" + field, field, "missing");
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
  bool whole_days(const Json& obj, const std::string& path, const char* field, int& out) {
    const Json* v = member(obj, path, field);
    if (!v) return false;
    if (!v->IsInt() || v->GetInt() < 1) {
      return refuse(path + "/" + field, field, "must be a whole number of at least 1");
    }
    out = v->GetInt();
    return true;
  }

  bool settings(const Json& root, SafetySettings& s) {
    const Json* v = member(root, "", "settings");
    if (!v) return false;
    const std::string path = "/settings";
    if (!v->IsObject()) return refuse(path, "settings", "must be an object");
    const Json* egfr = member(*v, path, "egfr_below");
    if (!egfr) return false;
    if (!egfr->IsNumber() || egfr->GetDouble() <= 0 || egfr->GetDouble() > 200) {
      return refuse(path + "/egfr_below", "egfr_below",
                    "must be a number of mL/min/1.73 m2 between 0 and 200");
    }
    s.egfr_below = egfr->GetDouble();
    if (!whole_days(*v, path, "egfr_lookback_days", s.egfr_lookback_days) ||
        !whole_days(*v, path, "pregnancy_lookback_days", s.pregnancy_lookback_days) ||
        !whole_days(*v, path, "pregnancy_age_min", s.pregnancy_age_min) ||
        !whole_days(*v, path, "pregnancy_age_max", s.pregnancy_age_max)) {
      return false;
    }
    if (s.pregnancy_age_min > s.pregnancy_age_max) {
      return refuse(path + "/pregnancy_age_min", "pregnancy_age_min",
                    "must not exceed pregnancy_age_max");
    }
    for (auto it = v->MemberBegin(); it != v->MemberEnd(); ++it) {
      const std::string_view name(it->name.GetString(), it->name.GetStringLength());
      if (name != "egfr_below" && name != "egfr_lookback_days" &&
          name != "pregnancy_lookback_days" && name != "pregnancy_age_min" &&
          name != "pregnancy_age_max") {
        return refuse(path + "/" + std::string(name), std::string(name),
                      "unknown setting (a misspelt setting would silently keep its default)");
      }
    }
    return true;
  }

  template <typename T, typename Parse>
  bool label_list(const Json& obj, const std::string& path, const char* field, Parse parse,
                  std::vector<T>& out, std::string_view allowed) {
    auto it = obj.FindMember(field);
    if (it == obj.MemberEnd()) return true;
    const std::string here = path + "/" + field;
    if (!it->value.IsArray() || it->value.Empty()) {
      return refuse(here, field, "must be a non-empty array");
    }
    for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
      const Json& item = it->value[i];
      const std::string at = here + "/" + std::to_string(i);
      if (!item.IsString()) return refuse(at, field, "must be a string");
      const std::string_view label(item.GetString(), item.GetStringLength());
      auto parsed = parse(label);
      if (!parsed) {
        return refuse(
            at, field,
            "unknown value \"" + std::string(label) + "\" (" + std::string(allowed) + ")");
      }
      out.push_back(*parsed);
    }
    return true;
  }

  bool applies_to(const Json& rule, const std::string& path, ProcedureMatch& m) {
    const Json* v = member(rule, path, "applies_to");
    if (!v) return false;
    const std::string here = path + "/applies_to";
    if (!v->IsObject() || v->MemberCount() == 0) {
      return refuse(here, "applies_to", "must be an object naming at least one attribute");
    }
    for (auto it = v->MemberBegin(); it != v->MemberEnd(); ++it) {
      const std::string_view name(it->name.GetString(), it->name.GetStringLength());
      if (name != "modality" && name != "contrast" && name != "contrast_route" &&
          name != "ionising_radiation") {
        return refuse(here + "/" + std::string(name), std::string(name),
                      "unknown attribute (modality | contrast | contrast_route | "
                      "ionising_radiation)");
      }
    }
    if (!label_list(*v, here, "modality", parse_modality, m.modality,
                    "mri | ct | nuclear-medicine | pet | radiography | fluoroscopy | "
                    "intervention | consultation | medical-management") ||
        !label_list(*v, here, "contrast", parse_contrast_agent, m.contrast,
                    "none | iodinated | gadolinium") ||
        !label_list(*v, here, "contrast_route", parse_contrast_route, m.contrast_route,
                    "none | iv | intrathecal")) {
      return false;
    }
    if (auto it = v->FindMember("ionising_radiation"); it != v->MemberEnd()) {
      if (!it->value.IsBool()) {
        return refuse(here + "/ionising_radiation", "ionising_radiation", "must be a boolean");
      }
      m.ionising_radiation = it->value.GetBool();
    }
    return true;
  }

  bool rules(const Json& root, SafetyRules& out) {
    const Json* list = member(root, "", "rules");
    if (!list) return false;
    if (!list->IsArray() || list->Empty()) {
      return refuse("/rules", "rules", "must be a non-empty array");
    }
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const std::string path = "/rules/" + std::to_string(i);
      const Json& r = (*list)[i];
      if (!r.IsObject()) return refuse(path, "rules", "must be an object");
      SafetyRule rule;
      std::string when, action;
      if (!text(r, path, "id", rule.id) || !text(r, path, "when", when) ||
          !applies_to(r, path, rule.applies_to) || !text(r, path, "action", action) ||
          !text(r, path, "message", rule.message)) {
        return false;
      }
      auto state = parse_patient_state(when);
      if (!state) {
        std::string known;
        for (const auto& [s, label] : kStateLabels) {
          if (!known.empty()) known += " | ";
          known += label;
        }
        return refuse(path + "/when", "when",
                      "unknown patient state \"" + when + "\" (" + known + ")");
      }
      rule.when = *state;
      auto act = parse_safety_action(action);
      if (!act) {
        return refuse(path + "/action", "action",
                      "unknown action \"" + action + "\" (remove | demote | annotate)");
      }
      rule.action = *act;
      for (const SafetyRule& seen : out.rules) {
        if (seen.id == rule.id) {
          return refuse(path + "/id", "id", "rule \"" + rule.id + "\" appears twice");
        }
      }
      out.rules.push_back(std::move(rule));
    }
    return true;
  }

  std::string file_;
  std::optional<LoadError> error_;
};

}  // namespace

std::string_view patient_state_label(PatientState s) {
  for (const auto& [state, label] : kStateLabels) {
    if (state == s) return label;
  }
  return "unknown";
}

std::optional<PatientState> parse_patient_state(std::string_view label) {
  for (const auto& [state, text] : kStateLabels) {
    if (text == label) return state;
  }
  return std::nullopt;
}

std::string_view patient_state_words(PatientState s) {
  const auto i = static_cast<std::size_t>(s);
  return i < kStateWords.size() ? kStateWords[i] : std::string_view("safety finding");
}

std::string_view safety_action_label(SafetyAction a) {
  for (const auto& [action, label] : kActionLabels) {
    if (action == a) return label;
  }
  return "annotate";
}

std::optional<SafetyAction> parse_safety_action(std::string_view label) {
  for (const auto& [action, text] : kActionLabels) {
    if (text == label) return action;
  }
  return std::nullopt;
}

bool ProcedureMatch::matches(const ProcedureAttributes& a) const {
  return listed(modality, a.modality) && listed(contrast, a.contrast) &&
         listed(contrast_route, a.contrast_route) &&
         (!ionising_radiation || *ionising_radiation == a.ionising_radiation);
}

Expected<SafetyRules, LoadError> parse_safety_rules_json(std::string_view json,
                                                         const std::string& file) {
  rapidjson::Document doc;
  if (auto problem = fhir::parse_checked(doc, json)) {
    return Unexpected{LoadError{file, problem->path, "", problem->message}};
  }
  return RulesReader(file).read(doc);
}

Expected<SafetyRules, LoadError> load_safety_rules_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{LoadError{path, "", "", "cannot open file"}};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_safety_rules_json(text.str(), path);
}

}  // namespace auc::engine
