#include "engine/safety/patient_safety.h"

#include <algorithm>
#include <cstdio>

#include "engine/facts/status_rules.h"
#include "engine/knowledge_base.h"

namespace auc::engine {
namespace {

using fhir::CodeableConcept;
using fhir::DateTime;

constexpr std::int64_t kDaySeconds = 86400;
constexpr std::string_view kSafetyNs = "safety/";

std::string date_text(const std::optional<DateTime>& d) {
  if (!d) return {};
  // Digits written directly: a parsed FHIR year has four digits and months and days two.
  const auto digits = [](std::string& out, int value, int width) {
    char buf[8];
    int n = 0;
    do {
      buf[n++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value > 0 && n < 8);
    for (int pad = n; pad < width; ++pad) out += '0';
    while (n > 0) out += buf[--n];
  };
  std::string out;
  digits(out, d->year, 4);
  if (d->precision == fhir::DatePrecision::kYear) return out;
  out += '-';
  digits(out, d->month, 2);
  if (d->precision == fhir::DatePrecision::kMonth) return out;
  out += '-';
  digits(out, d->day, 2);
  return out;
}

std::string reference(std::string_view type, std::string_view id) {
  std::string r(type);
  r += '/';
  r += id;
  return r;
}

// The first human text of a concept: its text, else the first coding display, else a code.
std::string_view words_of(const CodeableConcept& c) {
  if (!c.text.empty()) return c.text;
  for (const fhir::Coding& coding : c.coding) {
    if (!coding.display.empty()) return coding.display;
  }
  for (const fhir::Coding& coding : c.coding) {
    if (!coding.code.empty()) return coding.code;
  }
  return {};
}

// Case-insensitive: "Gadolinium - anaphylaxis" already says "Anaphylaxis".
bool contains_words(std::string_view text, std::string_view words) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  return std::search(text.begin(), text.end(), words.begin(), words.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != text.end();
}

bool has_status(const CodeableConcept& c, std::string_view code) {
  for (const fhir::Coding& coding : c.coding) {
    if (coding.code == code) return true;
  }
  return false;
}

// Concepts of the safety vocabulary a concept's codes or words name.
class Recogniser {
 public:
  Recogniser(const Terminology& terms, const PhraseList& phrases)
      : terms_(terms), phrases_(phrases) {}

  void codes(const CodeableConcept& c, std::vector<std::string_view>& out) const {
    for (const fhir::Coding& coding : c.coding) {
      const CodeMapping* m = terms_.lookup(coding.system, coding.code);
      if (m != nullptr && std::string_view(m->concept_id).starts_with(kSafetyNs)) {
        out.push_back(m->concept_id);
      }
    }
  }
  void words(const CodeableConcept& c, std::vector<std::string_view>& out) const {
    phrases_.match(c.text, out);
    for (const fhir::Coding& coding : c.coding) phrases_.match(coding.display, out);
  }
  void both(const CodeableConcept& c, std::vector<std::string_view>& out) const {
    codes(c, out);
    words(c, out);
  }
  const PhraseList& phrases() const { return phrases_; }

 private:
  const Terminology& terms_;
  const PhraseList& phrases_;
};

bool has(const std::vector<std::string_view>& v, std::string_view c) {
  return std::find(v.begin(), v.end(), c) != v.end();
}

// Implant kinds that need MR safety information before a scan.
constexpr std::array<std::string_view, 4> kImplantKinds{
    "safety/implant-pacemaker", "safety/implant-icd", "safety/implant-neurostimulator",
    "safety/implant-cochlear"};

enum class MrLabel : std::uint8_t { kNone, kSafe, kConditional, kUnlabelled, kUnsafe };

MrLabel label_of(const std::vector<std::string_view>& concepts) {
  MrLabel l = MrLabel::kNone;  // the most restrictive wins
  for (std::string_view c : concepts) {
    if (c == "safety/mr-unsafe") l = std::max(l, MrLabel::kUnsafe);
    if (c == "safety/mr-unlabelled") l = std::max(l, MrLabel::kUnlabelled);
    if (c == "safety/mr-conditional") l = std::max(l, MrLabel::kConditional);
    if (c == "safety/mr-safe") l = std::max(l, MrLabel::kSafe);
  }
  return l;
}

class Reader {
 public:
  Reader(const KnowledgeBase& kb, const fhir::PatientRecord& record, std::chrono::sys_seconds now)
      : rules_(kb.safety_rules()),
        see_(kb.terminology(), kb.phrases()),
        record_(record),
        now_(now.time_since_epoch().count()) {}

  PatientSafety read(std::optional<int> age) {
    allergies();
    implants();
    renal();
    pregnancy(age);
    return std::move(out_);
  }

 private:
  void add(PatientState s, SafetySource source) {
    StateFinding& f = out_[s];
    f.present = true;
    f.sources.push_back(std::move(source));
  }
  void unchecked(SafetyCheck check, std::string sentence) {
    out_.unchecked.push_back({check, std::move(sentence)});
  }
  bool searched(fhir::Searched what) const { return record_.was_searched(what); }

  // AllergyIntolerance (active, not refuted or entered in error) and Condition codes such as
  // Z91.041 "radiographic dye allergy status".
  void allergies() {
    for (const fhir::AllergyIntolerance& a : record_.allergies) {
      if (has_status(a.verification_status, "refuted") ||
          has_status(a.verification_status, "entered-in-error") ||
          has_status(a.clinical_status, "inactive") || has_status(a.clinical_status, "resolved")) {
        continue;
      }
      std::vector<std::string_view> concepts;
      see_.both(a.code, concepts);
      for (const fhir::AllergyReaction& r : a.reaction) see_.both(r.substance, concepts);
      const bool iodinated = has(concepts, "safety/contrast-iodinated");
      const bool gadolinium = has(concepts, "safety/contrast-gadolinium");
      if (!iodinated && !gadolinium) continue;  // nothing to say, so nothing to describe
      std::string description(words_of(a.code));
      if (description.empty()) {
        for (const fhir::AllergyReaction& r : a.reaction) {
          if (description.empty()) description = std::string(words_of(r.substance));
        }
      }
      for (const fhir::AllergyReaction& r : a.reaction) {
        for (const CodeableConcept& m : r.manifestation) {
          const std::string_view w = words_of(m);
          if (w.empty() || contains_words(description, w)) continue;
          description += description.empty() ? std::string(w) : " (" + std::string(w) + ")";
        }
      }
      const std::string date = date_text(a.recorded_date ? a.recorded_date : a.onset);
      const std::string ref = reference(fhir::AllergyIntolerance::kType, a.id);
      if (iodinated) add(PatientState::kAllergyIodinatedContrast, {description, ref, date});
      if (gadolinium) {
        add(PatientState::kAllergyGadoliniumContrast, {description, ref, date});
      }
    }
    for (const fhir::Condition& c : record_.conditions) {
      if (condition_refuted(c) || !condition_current(c)) continue;
      std::vector<std::string_view> concepts;
      see_.codes(c.code, concepts);
      const bool iodinated = has(concepts, "safety/contrast-iodinated");
      const bool gadolinium = has(concepts, "safety/contrast-gadolinium");
      if (!iodinated && !gadolinium) continue;
      const std::string ref = reference(fhir::Condition::kType, c.id);
      const std::string date = date_text(c.recorded_date ? c.recorded_date : c.onset);
      if (iodinated) {
        add(PatientState::kAllergyIodinatedContrast, {std::string(words_of(c.code)), ref, date});
      }
      if (gadolinium) {
        add(PatientState::kAllergyGadoliniumContrast, {std::string(words_of(c.code)), ref, date});
      }
    }
    if (!searched(fhir::Searched::kAllergies)) {
      unchecked(SafetyCheck::kContrastAllergy,
                "Contrast allergies were not checked: no AllergyIntolerance data was supplied.");
    }
  }

  // Device resources (with Device.safety where sent) and problem-list codes such as Z95.0.
  void implants() {
    std::vector<std::string_view> labelled_kinds;  // kinds a Device states MR safety for
    for (const fhir::Device& d : record_.devices) {
      if (d.status == "entered-in-error" || d.status == "inactive") continue;
      std::vector<std::string_view> kinds;
      see_.both(d.type, kinds);
      for (const fhir::DeviceName& n : d.device_name) see_.phrases().match(n.name, kinds);
      std::vector<std::string_view> labels;
      for (const CodeableConcept& s : d.safety) see_.both(s, labels);
      const MrLabel label = label_of(labels);
      const bool known_kind = std::any_of(kImplantKinds.begin(), kImplantKinds.end(),
                                          [&](std::string_view k) { return has(kinds, k); });
      std::string description(words_of(d.type));
      if (description.empty() && !d.device_name.empty()) description = d.device_name.front().name;
      if (description.empty()) description = "implanted device";
      const std::string ref = reference(fhir::Device::kType, d.id);
      if (label == MrLabel::kUnsafe) {
        add(PatientState::kImplantMrUnsafe, {description + ", MR Unsafe", ref, {}});
      } else if (label == MrLabel::kConditional) {
        add(PatientState::kImplantMrConditional, {description + ", MR Conditional", ref, {}});
      } else if (known_kind && label != MrLabel::kSafe) {
        add(PatientState::kImplantMrUnsafe, {description + ", no MR safety information", ref, {}});
      }
      if (label != MrLabel::kNone && label != MrLabel::kUnlabelled) {
        for (std::string_view k : kinds) labelled_kinds.push_back(k);
      }
    }
    for (const fhir::Condition& c : record_.conditions) {
      if (condition_refuted(c) || !condition_current(c)) continue;
      std::vector<std::string_view> kinds;
      see_.codes(c.code, kinds);
      for (std::string_view k : kImplantKinds) {
        // A Device that states the implant's MR safety says more than the problem list.
        if (!has(kinds, k) || has(labelled_kinds, k)) continue;
        add(PatientState::kImplantMrUnsafe,
            {std::string(words_of(c.code)) + ", no MR safety information",
             reference(fhir::Condition::kType, c.id),
             date_text(c.recorded_date ? c.recorded_date : c.onset)});
        break;
      }
    }
    if (!searched(fhir::Searched::kDevices)) {
      unchecked(SafetyCheck::kImplants,
                "Implants were checked in the problem list only: no Device data was supplied.");
    }
  }

  static std::optional<std::int64_t> when(const fhir::Observation& o) {
    if (o.effective) return o.effective->start;
    if (o.issued) return o.issued->start;
    return std::nullopt;
  }

  // The value of an eGFR result: valueQuantity (with its comparator) or a valueString such as
  // ">60" or "<15"; nullopt when there is no number.
  static std::optional<double> egfr_value(const fhir::Observation& o, std::string& shown) {
    if (o.value_quantity && o.value_quantity->value) {
      shown = std::string(o.value_quantity->comparator);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", *o.value_quantity->value);
      shown += buf;
      if (!o.value_quantity->unit.empty()) shown += " " + std::string(o.value_quantity->unit);
      double v = *o.value_quantity->value;
      if (o.value_quantity->comparator == ">" || o.value_quantity->comparator == ">=") v += 0.5;
      return v;
    }
    std::string_view s = o.value_string;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    shown = std::string(s);
    bool greater = false;
    if (s.front() == '>' || s.front() == '<') {
      greater = s.front() == '>';
      s.remove_prefix(1);
      if (!s.empty() && s.front() == '=') s.remove_prefix(1);
    }
    char* end = nullptr;
    const std::string digits(s);
    const double v = std::strtod(digits.c_str(), &end);
    if (end == digits.c_str()) return std::nullopt;
    return greater ? v + 0.5 : v;
  }

  void renal() {
    bool dialysis = false;
    SafetySource dialysis_source;
    for (const fhir::Condition& c : record_.conditions) {
      if (condition_refuted(c) || !condition_current(c)) continue;
      std::vector<std::string_view> concepts;
      see_.codes(c.code, concepts);
      if (!has(concepts, "safety/dialysis")) continue;
      dialysis = true;
      add(PatientState::kOnDialysis,
          {std::string(words_of(c.code)), reference(fhir::Condition::kType, c.id),
           date_text(c.recorded_date ? c.recorded_date : c.onset)});
    }
    const fhir::Observation* newest = nullptr;
    std::int64_t newest_at = 0;
    for (const fhir::Observation& o : record_.observations) {
      if (!result_counts(o.status)) continue;
      std::vector<std::string_view> concepts;
      see_.codes(o.code, concepts);
      if (!has(concepts, "safety/egfr")) continue;
      const auto at = when(o);
      std::string shown;
      if (!at || !egfr_value(o, shown)) continue;
      if (newest == nullptr || *at > newest_at) {
        newest = &o;
        newest_at = *at;
      }
    }
    const SafetySettings& s = rules_.settings;
    const std::string window = std::to_string(s.egfr_lookback_days) + " days";
    if (newest == nullptr) {
      if (dialysis) return;  // on dialysis the eGFR does not change what is done
      unchecked(SafetyCheck::kRenalFunction,
                searched(fhir::Searched::kLabs)
                    ? "Renal function was not checked: no eGFR result was found."
                    : "Renal function was not checked: no laboratory Observations were supplied.");
      return;
    }
    std::string shown;
    const double value = *egfr_value(*newest, shown);
    const std::string date = date_text(newest->effective ? newest->effective : newest->issued);
    if (newest_at < now_ - std::int64_t{s.egfr_lookback_days} * kDaySeconds) {
      if (dialysis) return;
      unchecked(SafetyCheck::kRenalFunction, "Renal function was not checked: the newest eGFR (" +
                                                 shown + ", " + date + ", " +
                                                 reference(fhir::Observation::kType, newest->id) +
                                                 ") is older than " + window + ".");
      return;
    }
    if (value < s.egfr_below && !dialysis) {
      char limit[32];
      std::snprintf(limit, sizeof limit, "%g", s.egfr_below);
      add(PatientState::kEgfrBelowThreshold,
          {"eGFR " + shown + ", below " + limit, reference(fhir::Observation::kType, newest->id),
           date});
    }
  }

  enum class Pregnancy : std::uint8_t { kNo, kPossible, kYes };
  struct PregnancyEvent {
    Pregnancy state = Pregnancy::kNo;
    std::int64_t at = 0;
    SafetySource source;
  };

  static std::optional<Pregnancy> pregnancy_meaning(const std::vector<std::string_view>& c) {
    if (has(c, "safety/pregnant")) return Pregnancy::kYes;
    if (has(c, "safety/possibly-pregnant")) return Pregnancy::kPossible;
    if (has(c, "safety/not-pregnant")) return Pregnancy::kNo;
    return std::nullopt;
  }

  void pregnancy(std::optional<int> age) {
    const SafetySettings& s = rules_.settings;
    if (record_.patient && record_.patient->gender == "male") return;
    if (age && (*age < s.pregnancy_age_min || *age > s.pregnancy_age_max)) return;
    const std::int64_t since = now_ - std::int64_t{s.pregnancy_lookback_days} * kDaySeconds;
    std::vector<PregnancyEvent> events;
    for (const fhir::Condition& c : record_.conditions) {
      if (condition_refuted(c)) continue;
      std::vector<std::string_view> concepts;
      see_.codes(c.code, concepts);
      auto meaning = pregnancy_meaning(concepts);
      if (!meaning) continue;
      const auto& date = c.onset ? c.onset : c.recorded_date;
      // An ongoing pregnancy needs a current condition; an ended one (delivery, termination)
      // ends a pregnancy whatever its clinical status.
      if (*meaning != Pregnancy::kNo && (!condition_current(c) || c.abatement)) continue;
      // An undated current pregnancy counts, as the oldest event.
      const std::int64_t at = date ? date->start : since;
      if (date && date->end - 1 < since) continue;
      events.push_back({*meaning,
                        at,
                        {std::string(words_of(c.code)), reference(fhir::Condition::kType, c.id),
                         date_text(c.recorded_date ? c.recorded_date : c.onset)}});
    }
    for (const fhir::Observation& o : record_.observations) {
      if (!result_counts(o.status) || !o.value_codeable_concept) continue;
      std::vector<std::string_view> concepts;
      see_.codes(o.code, concepts);
      if (!has(concepts, "safety/pregnancy-status")) continue;
      std::vector<std::string_view> answer;
      see_.codes(*o.value_codeable_concept, answer);
      auto meaning = pregnancy_meaning(answer);
      const auto at = when(o);
      if (!meaning || !at || *at < since) continue;
      events.push_back(
          {*meaning,
           *at,
           {std::string(words_of(o.code)) + ": " + std::string(words_of(*o.value_codeable_concept)),
            reference(fhir::Observation::kType, o.id),
            date_text(o.effective ? o.effective : o.issued)}});
    }
    // The newest statement wins; on the same moment, the one that is more careful.
    const PregnancyEvent* newest = nullptr;
    for (const PregnancyEvent& e : events) {
      if (newest == nullptr || e.at > newest->at ||
          (e.at == newest->at && e.state > newest->state)) {
        newest = &e;
      }
    }
    if (newest == nullptr) {
      unchecked(SafetyCheck::kPregnancy,
                searched(fhir::Searched::kPregnancyStatus)
                    ? "Pregnancy was not checked: no pregnancy status was recorded in the last " +
                          std::to_string(s.pregnancy_lookback_days) + " days."
                    : "Pregnancy was not checked: no pregnancy-status Observation was supplied and "
                      "the problem list records no current pregnancy.");
      return;
    }
    if (newest->state == Pregnancy::kYes) add(PatientState::kPregnant, newest->source);
    if (newest->state == Pregnancy::kPossible) add(PatientState::kPossiblyPregnant, newest->source);
  }

  const SafetyRules& rules_;
  Recogniser see_;
  const fhir::PatientRecord& record_;
  std::int64_t now_;
  PatientSafety out_;
};

}  // namespace

std::string SafetySource::text() const {
  std::string out = description;
  if (!reference.empty()) out += (out.empty() ? "" : ", ") + reference;
  if (!date.empty()) out += ", recorded " + date;
  return out;
}

std::string_view safety_check_label(SafetyCheck c) {
  switch (c) {
    case SafetyCheck::kContrastAllergy:
      return "contrast-allergy";
    case SafetyCheck::kRenalFunction:
      return "renal-function";
    case SafetyCheck::kImplants:
      return "implants";
    case SafetyCheck::kPregnancy:
      return "pregnancy";
  }
  return "unknown";
}

PatientSafety read_patient_safety(const KnowledgeBase& kb, const fhir::PatientRecord& record,
                                  std::optional<int> age, std::chrono::sys_seconds now) {
  return Reader(kb, record, now).read(age);
}

}  // namespace auc::engine
