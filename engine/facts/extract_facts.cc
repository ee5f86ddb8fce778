// How each fact is read. The concept strings come from engine/data/terminology (see
// CONCEPTS.md); which resource types may state a fact, and with which status, is decided here.
#include "engine/facts/extract_facts.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "engine/facts/pain_score.h"
#include "engine/facts/status_rules.h"
#include "engine/facts/text_findings.h"

namespace auc::engine {
namespace {

using fhir::CodeableConcept;
using fhir::Coding;
using fhir::DateTime;

constexpr std::int64_t kDaySeconds = 86400;
// Two dated records of fractures at the same (or an unknown) level are taken as distinct
// fractures when their dates are further apart than this.
constexpr std::int64_t kDistinctFractureSeconds = 30 * kDaySeconds;
// A Condition date later than the order's clock by more than this is a typo and is ignored. The
// grace covers an order dated by day (its clock is midnight) and time-zone offsets.
constexpr std::int64_t kFutureDateGraceSeconds = kDaySeconds;
// A rise of this many points on the 0-10 scale within the symptom window is worsening pain.
constexpr int kWorseningPainPoints = 2;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

std::uint8_t region_bit(Region r) {
  if (r == Region::kUnspecified) return 0;
  return static_cast<std::uint8_t>(1u << static_cast<unsigned>(r));
}

char upper(char ch) {
  return static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
}

// ICD-10-CM fracture codes carry the encounter in the 7th character: A/B initial (a new
// fracture), D/G/K/P subsequent care, S sequela (an old fracture). The same under every system
// URI and OID the terminology accepts for ICD-10-CM.
char icd_seventh_character(const Coding& c) {
  if (canonical_system(c.system) != kIcd10Cm) return 0;
  int n = 0;
  for (char ch : c.code) {
    if (ch == '.') continue;
    if (++n == 7) return upper(ch);
  }
  return 0;
}

// The ICD-10-CM code without its 7th (episode) character, upper case and without the dot: one
// fracture coded at its initial and at a later encounter has one stem. Empty for codes that have
// no 7th character.
std::string icd_fracture_stem(const Coding& c) {
  if (icd_seventh_character(c) == 0) return {};
  std::string stem;
  for (char ch : c.code) {
    if (ch == '.') continue;
    if (stem.size() == 6) break;
    stem += upper(ch);
  }
  return stem;
}

bool is_fracture_concept(std::string_view cid) {
  return cid == "condition/vcf-osteoporotic" || cid == "condition/vcf-neoplastic" ||
         cid == "condition/vcf-pathological" || cid == "condition/vcf-traumatic" ||
         cid == "condition/vcf" || cid == "condition/vertebral-fatigue-fracture" ||
         cid == "condition/spine-fracture";
}

bool is_malignancy_concept(std::string_view cid) {
  return cid == "condition/myeloma" || cid == "condition/bone-metastasis" ||
         cid == "condition/malignancy" || cid == "condition/malignancy-history" ||
         cid == "condition/cancer-treatment-history";
}

enum class Newness : std::uint8_t { kUnknown, kNew, kOld };

struct Fracture {
  bool current = false;
  Etiology etiology = Etiology::kUnspecified;
  std::uint8_t regions = 0;
  std::optional<std::int64_t> date;  // onset, else recorded, else effective (start)
  Newness newness = Newness::kUnknown;
  Confidence confidence = Confidence::kDocumented;
  // A personal-history code (Z87.31x) that names no site: it says a fracture healed, and cannot
  // show that a fracture beside it is a second one.
  bool history_code = false;
  std::string stem;  // icd_fracture_stem of the first coding that has one
  std::vector<Evidence> evidence;
  bool from_text = false;
  SpinalLevels levels;    // the vertebra the code or the sentence names, if any
  bool multiple = false;  // the code or the sentence says several fractures
};

// One pain-severity score (0-10) from an Observation.
struct PainScore {
  int score = 0;
  std::optional<std::int64_t> when;  // effective (start), else issued
  Evidence evidence;
};

// Everything found for one yes/no fact.
struct Sighting {
  bool found = false;
  Confidence confidence = Confidence::kAssumed;  // the best (lowest) among the evidence
  std::vector<Evidence> evidence;
  std::string reason;

  void add(const Evidence& e, Confidence c) {
    found = true;
    confidence = std::min(confidence, c);
    evidence.push_back(e);
  }
};

struct Accumulator {
  std::vector<Fracture> fractures;
  Sighting symptomatic, malignancy, neoplastic_bone, osteoporosis, worsening, edema, augmentation,
      surgery, radiograph, reason_fracture, retropulsion;
  // Conditions recorded only as provisional, differential or unconfirmed diagnoses.
  Sighting suspected_fracture, suspected_malignancy;
  std::vector<PainScore> pain_scores;
  std::vector<std::string> notes;  // ClinicalFacts::notes
  bool mri_report_seen = false;
  // Findings the text only suspects ("cannot exclude", "possible"): not counted, but like a
  // provisional diagnosis they make the fact assumed, so the decision shows what confirming
  // them would change.
  struct Suspicion {
    FactId fact;
    std::string note;
    Evidence evidence;
    SpinalLevels levels;  // a suspected fracture's vertebra
  };
  std::vector<Suspicion> suspicions;
};

Evidence evidence_of(std::string_view type, std::string_view id, const Coding& c) {
  return Evidence{type, id, c.system, c.code, c.display};
}

// Where a condition-like statement comes from and what its dates say.
struct Statement {
  std::string_view type;
  std::string_view id;
  bool current = true;
  bool suspected = false;  // verificationStatus provisional, differential or unconfirmed
  std::optional<std::int64_t> latest;  // the latest moment the statement's dates allow
  std::optional<std::int64_t> date;    // the statement's (onset) date, for fracture age
  const std::vector<CodeableConcept>* body_site = nullptr;
};

class Extractor {
 public:
  Extractor(const Terminology& t, const TextLexicon& lexicon, std::chrono::sys_seconds now,
            const FactOptions& o)
      : terms_(t),
        now_(now.time_since_epoch().count()),
        symptom_since_(now_ - std::int64_t{o.symptom_window_days} * kDaySeconds),
        fracture_since_(now_ - std::int64_t{o.new_fracture_window_days} * kDaySeconds),
        symptom_days_(o.symptom_window_days),
        text_(lexicon) {}

  // Condition-like codes: Condition.code, the order's reasonCode, report conclusion codes,
  // observation codes and values.
  void statement(const Statement& s, const CodeableConcept& code) {
    Fracture f;
    bool fracture = false;
    for (const Coding& coding : code.coding) {
      const CodeMapping* m = terms_.lookup(coding.system, coding.code);
      if (m == nullptr) continue;
      const std::string_view cid = m->concept_id;
      const Evidence ev = evidence_of(s.type, s.id, coding);
      if (s.suspected) {
        // Chosen as if absent; the decision shows what confirming it would change.
        if (is_fracture_concept(cid)) acc_.suspected_fracture.add(ev, Confidence::kAssumed);
        if (is_malignancy_concept(cid)) acc_.suspected_malignancy.add(ev, Confidence::kAssumed);
        continue;
      }
      auto add_fracture = [&](Etiology e, Confidence conf) {
        fracture = true;
        f.etiology = std::max(f.etiology, e);  // neoplastic > osteoporotic > traumatic
        f.regions |= region_bit(m->region);
        f.confidence = std::min(f.confidence, conf);
        f.evidence.push_back(ev);
        const char seventh = icd_seventh_character(coding);
        if (seventh == 'A' || seventh == 'B') f.newness = Newness::kNew;
        if (seventh == 'S') f.newness = Newness::kOld;
        if (f.stem.empty()) f.stem = icd_fracture_stem(coding);
        if (!f.levels.named()) f.levels = m->levels;
        f.multiple = f.multiple || m->multiple;
      };
      if (cid == "condition/vcf-osteoporotic") {
        add_fracture(Etiology::kOsteoporotic, Confidence::kDocumented);
      } else if (cid == "condition/vcf-neoplastic" || cid == "condition/vcf-pathological") {
        add_fracture(Etiology::kNeoplasticOrPathological, Confidence::kDocumented);
      } else if (cid == "condition/vcf-traumatic") {
        add_fracture(Etiology::kTraumatic, Confidence::kDocumented);
      } else if (cid == "condition/vcf" || cid == "condition/vertebral-fatigue-fracture") {
        add_fracture(Etiology::kUnspecified, Confidence::kDocumented);
      } else if (cid == "condition/spine-fracture") {
        // A vertebral fracture not said to be a compression fracture.
        add_fracture(Etiology::kUnspecified, Confidence::kInferred);
      } else if (cid == "condition/osteoporotic-fracture-history" ||
                 cid == "condition/healed-fracture-history") {
        // Z87.31x does not name the site: a healed fracture, possibly vertebral. Only Z87.310
        // says osteoporotic.
        Fracture h;
        h.current = false;
        h.history_code = true;
        if (cid == "condition/osteoporotic-fracture-history") h.etiology = Etiology::kOsteoporotic;
        h.newness = Newness::kOld;
        h.confidence = Confidence::kInferred;
        h.evidence.push_back(ev);
        acc_.fractures.push_back(std::move(h));
      } else if (cid == "condition/osteoporosis") {
        acc_.osteoporosis.add(ev, Confidence::kDocumented);
      } else if (cid == "condition/myeloma" || cid == "condition/bone-metastasis") {
        acc_.malignancy.add(ev, Confidence::kDocumented);
        acc_.neoplastic_bone.add(ev, Confidence::kDocumented);
      } else if (cid == "condition/malignancy" || cid == "condition/malignancy-history" ||
                 cid == "condition/cancer-treatment-history") {
        acc_.malignancy.add(ev, Confidence::kDocumented);
      } else if (cid == "condition/back-pain") {
        if (!s.current) continue;
        if (!s.latest) {
          acc_.symptomatic.add(ev, Confidence::kInferred);
          note_once(acc_.symptomatic.reason,
                    "back pain without a date is taken as current (clinical status active)");
        } else if (*s.latest >= symptom_since_) {
          acc_.symptomatic.add(ev, Confidence::kDocumented);
        }
      } else if (cid == "condition/kyphosis" || cid == "condition/pulmonary-dysfunction") {
        if (s.current) acc_.worsening.add(ev, Confidence::kDocumented);
      } else if (cid == "condition/arthrodesis-status") {
        acc_.surgery.add(ev, Confidence::kDocumented);
      } else if (cid == "finding/bone-marrow-edema" || cid == "finding/intravertebral-cleft") {
        if (s.current) acc_.edema.add(ev, Confidence::kDocumented);
      }
    }
    if (!fracture) return;
    f.current = s.current && f.newness != Newness::kOld;
    if (s.body_site != nullptr && f.regions == 0) f.regions = site_regions(*s.body_site);
    f.date = s.date;
    if (f.newness == Newness::kUnknown && f.date) {
      f.newness = *f.date >= fracture_since_ ? Newness::kNew : Newness::kOld;
    }
    if (s.type == fhir::ServiceRequest::kType) {
      for (const Evidence& e : f.evidence) acc_.reason_fracture.add(e, Confidence::kDocumented);
    }
    acc_.fractures.push_back(std::move(f));
  }

  void condition(const fhir::Condition& c) {
    if (condition_refuted(c)) return;
    Statement s{fhir::Condition::kType,
                c.id,
                condition_current(c),
                condition_suspected(c),
                {},
                {},
                &c.body_site};
    for (const auto& [d, element] :
         {std::pair{&c.onset, "onset"}, {&c.recorded_date, "recordedDate"}}) {
      if (!*d) continue;
      if ((*d)->start > now_ + kFutureDateGraceSeconds) {
        future_date(fhir::Condition::kType, c.id, element);
        continue;
      }
      const std::optional<DateTime>& date = *d;
      const std::int64_t latest = date->end - 1;
      s.latest = s.latest ? std::max(*s.latest, latest) : latest;
      if (!s.date) s.date = date->start;
    }
    statement(s, c.code);
    if (!any_mapped(c.code)) read_text(s, "code.text", c.code.text, false);
    for (std::string_view note : c.note) read_text(s, "note", note, false);
  }

  void order_reasons(const fhir::ServiceRequest& order) {
    // The order is written now: its reasons are current and recent.
    const Statement s{
        fhir::ServiceRequest::kType, order.id, true, false, now_, {}, &order.body_site};
    for (const CodeableConcept& reason : order.reason_code) statement(s, reason);
  }

  void procedure(const fhir::Procedure& p) {
    if (!procedure_completed(p)) return;
    if (p.performed && p.performed->start > now_) return;
    for (const Coding& coding : p.code.coding) {
      const CodeMapping* m = terms_.lookup(coding.system, coding.code);
      if (m == nullptr) continue;
      const Evidence ev = evidence_of(fhir::Procedure::kType, p.id, coding);
      if (m->concept_id == "procedure/percutaneous-vertebral-augmentation") {
        acc_.augmentation.add(ev, Confidence::kDocumented);
      } else if (m->concept_id == "history/spinal-fusion") {
        acc_.surgery.add(ev, Confidence::kDocumented);
      } else if (m->concept_id == "imaging/spine-radiograph") {
        acc_.radiograph.add(ev, Confidence::kDocumented);
      }
    }
  }

  void imaging_study(const fhir::ImagingStudy& st) {
    if (!fhir_result_counts(st.status)) return;
    if (st.started && st.started->start > now_) return;
    for (const CodeableConcept& cc : st.procedure_code) {
      for (const Coding& coding : cc.coding) {
        const CodeMapping* m = terms_.lookup(coding.system, coding.code);
        if (m != nullptr && m->concept_id == "imaging/spine-radiograph") {
          acc_.radiograph.add(evidence_of(fhir::ImagingStudy::kType, st.id, coding),
                              Confidence::kDocumented);
        }
      }
    }
    // Projection radiography (DX, CR) of a spine body site counts as a spine radiograph.
    for (const fhir::ImagingSeries& series : st.series) {
      const bool radiography = series.modality.code == "DX" || series.modality.code == "CR";
      if (!radiography) continue;
      const CodeMapping* m = terms_.lookup(series.body_site.system, series.body_site.code);
      if (m != nullptr && m->concept_id == "site/spine") {
        acc_.radiograph.add(evidence_of(fhir::ImagingStudy::kType, st.id, series.body_site),
                            Confidence::kInferred);
      }
    }
  }

  void report(const fhir::DiagnosticReport& r) {
    if (!fhir_result_counts(r.status)) return;
    const std::optional<DateTime>& when = r.effective ? r.effective : r.issued;
    if (when && when->start > now_) return;
    bool mri = false;
    for (const Coding& coding : r.code.coding) {
      const CodeMapping* m = terms_.lookup(coding.system, coding.code);
      if (m == nullptr) {
        mri = mri || text_.names_mri(coding.display);
        continue;
      }
      if (m->concept_id == "imaging/spine-radiograph") {
        acc_.radiograph.add(evidence_of(fhir::DiagnosticReport::kType, r.id, coding),
                            Confidence::kDocumented);
      } else if (starts_with(m->concept_id, "procedure/mri-spine")) {
        mri = true;
      }
    }
    mri = mri || text_.names_mri(r.code.text);
    acc_.mri_report_seen = acc_.mri_report_seen || mri;
    Statement s{fhir::DiagnosticReport::kType, r.id, true, false, {}, {}, nullptr};
    if (when) {
      s.latest = when->end - 1;
      s.date = when->start;
    }
    for (const CodeableConcept& cc : r.conclusion_code) {
      statement(s, cc);
      if (!any_mapped(cc)) read_text(s, "conclusionCode.text", cc.text, mri);
    }
    read_text(s, "conclusion", r.conclusion, mri);
    for (const fhir::Attachment& form : r.presented_form) {
      if (const auto plain = plain_text_of(form.content_type, form.data)) {
        read_text(s, "presentedForm", *plain, mri);
      }
    }
  }

  void observation(const fhir::Observation& o) {
    if (!fhir_result_counts(o.status)) return;
    const std::optional<DateTime>& when = o.effective ? o.effective : o.issued;
    if (when && when->start > now_) return;
    if (pain_score(o, when)) return;
    Statement s{fhir::Observation::kType, o.id, true, false, {}, {}, nullptr};
    if (when) {
      s.latest = when->end - 1;
      s.date = when->start;
    }
    statement(s, o.code);
    if (o.value_codeable_concept) statement(s, *o.value_codeable_concept);
    read_text(s, "valueString", o.value_string, false);
    for (std::string_view note : o.note) read_text(s, "note", note, false);
  }

  ClinicalFacts finish(const fhir::ServiceRequest& order, const fhir::PatientRecord& record);

 private:
  static bool fhir_result_counts(std::string_view status) { return result_counts(status); }

  static void note_once(std::string& reason, std::string_view text) {
    if (reason.empty()) reason = text;
  }

  void future_date(std::string_view type, std::string_view id, std::string_view element) {
    std::string note = "Data quality: ";
    note += type;
    note += '/';
    note += id;
    note += ' ';
    note += element;
    note += " is after the order date and was ignored";
    acc_.notes.push_back(std::move(note));
  }

  // A pain-severity Observation (terminology concept finding/pain-severity-score). Returns whether
  // the observation is one; its 0-10 score, when readable and in the symptom window, is kept.
  bool pain_score(const fhir::Observation& o, const std::optional<DateTime>& when) {
    const Coding* code = nullptr;
    for (const Coding& coding : o.code.coding) {
      const CodeMapping* m = terms_.lookup(coding.system, coding.code);
      if (m != nullptr && m->concept_id == "finding/pain-severity-score") {
        code = &coding;
        break;
      }
    }
    if (code == nullptr) return false;
    const std::optional<int> score = pain_score_of(o);
    if (!score) return true;
    if (when && when->end - 1 < symptom_since_) return true;
    PainScore p;
    p.score = *score;
    if (when) p.when = when->start;
    p.evidence = evidence_of(fhir::Observation::kType, o.id, *code);
    acc_.pain_scores.push_back(p);
    return true;
  }

  void finish_pain(ClinicalFacts& out);

  std::uint8_t site_regions(const std::vector<CodeableConcept>& sites) const {
    std::uint8_t bits = 0;
    for (const CodeableConcept& cc : sites) {
      for (const Coding& coding : cc.coding) {
        const CodeMapping* m = terms_.lookup(coding.system, coding.code);
        if (m != nullptr && m->concept_id == "site/spine") bits |= region_bit(m->region);
      }
    }
    return bits;
  }

  bool any_mapped(const CodeableConcept& cc) const {
    for (const Coding& coding : cc.coding) {
      if (terms_.lookup(coding.system, coding.code) != nullptr) return true;
    }
    return false;
  }

  // Findings from free text. Bone marrow edema and clefts count only from MRI reports (`mri`);
  // everything else from any element read.
  void read_text(const Statement& s, std::string_view element, std::string_view text, bool mri);
  void text_finding(const Statement& s, TextFinding& f, bool mri);

  void finish_fractures(ClinicalFacts& out) const;
  void finish_etiology(ClinicalFacts& out) const;
  void suspected(ClinicalFacts& out, const Accumulator::Suspicion& s) const;

  const Terminology& terms_;
  std::int64_t now_;
  std::int64_t symptom_since_;
  std::int64_t fracture_since_;
  int symptom_days_;
  Accumulator acc_;
  TextFindingReader text_;
};

void Extractor::read_text(const Statement& s, std::string_view element, std::string_view text,
                          bool mri) {
  if (text.empty()) return;
  // read() reuses its buffer: take the findings before the next call.
  std::vector<TextFinding> found = text_.read(s.type, s.id, element, text);
  for (TextFinding& f : found) text_finding(s, f, mri);
}

void Extractor::text_finding(const Statement& s, TextFinding& f, bool mri) {
  const std::string_view cid = f.concept_id;
  auto suspect = [&](FactId fact) {
    std::string note = "suspected, not counted: the ";
    note += f.evidence.element;
    note += " of ";
    note += f.evidence.reference();
    note += " says \"";
    note += f.evidence.quote;
    note += '"';
    acc_.suspicions.push_back(Accumulator::Suspicion{
        fact, std::move(note), f.evidence, parse_spinal_levels(f.level).value_or(SpinalLevels{})});
  };
  const bool fracture = cid == "condition/vcf" || cid == "condition/vcf-multiple" ||
                        cid == "condition/vcf-osteoporotic" ||
                        cid == "condition/vcf-pathological" || cid == "condition/vcf-neoplastic" ||
                        cid == "condition/spine-fracture";
  if (fracture) {
    if (f.uncertain) return suspect(FactId::kVcfPresent);
    Fracture fr;
    fr.from_text = true;
    fr.levels = parse_spinal_levels(f.level).value_or(SpinalLevels{});
    fr.multiple = cid == "condition/vcf-multiple";
    fr.regions = f.regions;
    fr.etiology = cid == "condition/vcf-osteoporotic" ? Etiology::kOsteoporotic
                  : cid == "condition/vcf-pathological" || cid == "condition/vcf-neoplastic"
                      ? Etiology::kNeoplasticOrPathological
                      : Etiology::kUnspecified;
    fr.confidence =
        cid == "condition/spine-fracture" ? Confidence::kInferred : Confidence::kDocumented;
    fr.newness = f.historical ? Newness::kOld : f.acute ? Newness::kNew : Newness::kUnknown;
    fr.current = s.current && !f.historical;
    fr.date = s.date;
    if (fr.newness == Newness::kUnknown && fr.date) {
      fr.newness = *fr.date >= fracture_since_ ? Newness::kNew : Newness::kOld;
    }
    fr.evidence.push_back(std::move(f.evidence));
    acc_.fractures.push_back(std::move(fr));
  } else if (cid == "condition/malignancy" || cid == "condition/myeloma" ||
             cid == "condition/bone-metastasis") {
    // A history of cancer is a malignancy history: historical mentions count.
    if (f.uncertain) return suspect(FactId::kMalignancyHistory);
    if (cid != "condition/malignancy")
      acc_.neoplastic_bone.add(f.evidence, Confidence::kDocumented);
    acc_.malignancy.add(f.evidence, Confidence::kDocumented);
  } else if (cid == "condition/osteoporosis") {
    if (!f.uncertain) acc_.osteoporosis.add(f.evidence, Confidence::kDocumented);
  } else if (cid == "finding/bone-marrow-edema" || cid == "finding/intravertebral-cleft") {
    if (!mri || f.historical || !s.current) return;
    if (f.uncertain) return suspect(FactId::kMarrowEdemaOrCleft);
    acc_.edema.add(f.evidence, Confidence::kDocumented);
  } else if (cid == "finding/prior-augmentation") {
    // "s/p L1 kyphoplasty": done. Without a history trigger the word may be a plan or a
    // recommendation, which is not a prior treatment.
    if (f.historical && !f.uncertain) acc_.augmentation.add(f.evidence, Confidence::kDocumented);
  } else if (cid == "finding/retropulsion") {
    if (f.historical || !s.current) return;
    if (f.uncertain) return suspect(FactId::kRetropulsion);
    acc_.retropulsion.add(f.evidence, Confidence::kDocumented);
  } else if (cid == "condition/kyphosis") {
    // Kyphosis is common and often stable: only a progressing one is a worsening deformity.
    if (f.progression && !f.uncertain && !f.historical && s.current) {
      acc_.worsening.add(f.evidence, Confidence::kDocumented);
    }
  }
}

void set_from(Fact& f, const Sighting& s, Confidence absent_confidence, std::string absent_reason) {
  f.present = s.found;
  f.evidence = s.evidence;
  if (s.found) {
    f.confidence = s.confidence;
    f.reason = s.reason;
  } else {
    f.confidence = absent_confidence;
    f.reason = std::move(absent_reason);
  }
}

// How a fracture record names itself in a reason: its code, or the element its sentence came from.
std::string fracture_label(const Fracture& f) {
  if (f.evidence.empty()) return "a record";
  const Evidence& e = f.evidence.front();
  if (e.from_text()) return "the " + std::string(e.element) + " of " + e.reference();
  return std::string(e.code);
}

bool same_source(const Evidence& a, const Evidence& b) {
  return a.resource_type == b.resource_type && a.id == b.id && a.system == b.system &&
         a.code == b.code && a.element == b.element && a.quote == b.quote;
}

// Why two fracture records are taken as one fracture; empty when they are two. The rule:
// - a healed-fracture history code (Z87.31x) names no site and is never a second fracture;
// - one ICD-10-CM fracture code at two encounters (7th character aside) is one fracture;
// - two records that both name a vertebra are one fracture exactly when the vertebrae overlap
//   (S22.08 "T11-T12" and "T12" in a report are one), whatever their dates;
// - records in different regions are two;
// - otherwise one of them names no vertebra, in the same or an unspecified region: it is the
//   fracture the other names. Two coded records must also be of the same episode (both current
//   or both healed, dated within 30 days of each other or undated); a sentence of a report or
//   note is the coded fracture described again, whatever its date.
std::string one_fracture_reason(const Fracture& a, const Fracture& b) {
  if (a.history_code || b.history_code) {
    return "a healed-fracture history code names no site: not a second fracture";
  }
  if (!a.stem.empty() && a.stem == b.stem) {
    return "the same ICD-10-CM fracture code, whatever the episode (7th) character";
  }
  if (a.levels.named() && b.levels.named()) {
    if (!a.levels.overlaps(b.levels)) return {};
    const std::string la = spinal_levels_label(a.levels), lb = spinal_levels_label(b.levels);
    return la == lb
               ? "both name " + la
               : fracture_label(a) + " names " + la + ", " + fracture_label(b) + " names " + lb;
  }
  if (a.regions != 0 && b.regions != 0 && (a.regions & b.regions) == 0) return {};
  const bool coded = !a.from_text && !b.from_text;
  if (coded) {
    if (a.current != b.current) return {};  // a healed fracture and a current one
    if (a.date && b.date && std::llabs(*a.date - *b.date) > kDistinctFractureSeconds) return {};
  }
  const Fracture& named = b.levels.named() ? b : a;
  const Fracture& unnamed = b.levels.named() ? a : b;
  std::string why = named.levels.named()
                        ? fracture_label(unnamed) + " names no vertebra; " + fracture_label(named) +
                              " names " + spinal_levels_label(named.levels)
                        : "neither names a vertebra";
  why += ", in the same or an unspecified region";
  if (coded) why += ", within 30 days";
  return why;
}

void Extractor::finish_fractures(ClinicalFacts& out) const {
  Fact& present = out[FactId::kVcfPresent];
  Fact& prior = out[FactId::kPriorFracture];
  Fact& regions = out[FactId::kFractureRegions];
  Fact& fresh = out[FactId::kNewFracture];
  Fact& multiple = out[FactId::kMultipleFractures];

  present.confidence = Confidence::kInferred;
  present.reason = "no current vertebral fracture in the record or the order";
  prior.confidence = Confidence::kInferred;
  std::uint8_t current_regions = 0, prior_regions = 0;
  bool any_new = false, any_unknown_age = false;
  for (const Fracture& f : acc_.fractures) {
    Fact& target = f.current ? present : prior;
    if (!target.present) target.confidence = f.confidence;
    target.present = true;
    target.confidence = std::min(target.confidence, f.confidence);
    // Two findings in one sentence ("compression fracture ... height loss") are one fracture
    // with the same quote: the card lists each source once.
    for (const Evidence& e : f.evidence) {
      if (std::none_of(target.evidence.begin(), target.evidence.end(),
                       [&](const Evidence& seen) { return same_source(seen, e); })) {
        target.evidence.push_back(e);
      }
    }
    (f.current ? current_regions : prior_regions) |= f.regions;
    if (f.current) {
      any_new = any_new || f.newness == Newness::kNew;
      any_unknown_age = any_unknown_age || f.newness == Newness::kUnknown;
    }
  }
  if (present.present) present.reason.clear();

  regions.regions = current_regions != 0 ? current_regions : prior_regions;
  regions.confidence = regions.regions != 0 ? Confidence::kDocumented : Confidence::kAssumed;
  if (regions.regions == 0) regions.reason = "no region coded for the fracture";

  fresh.evidence = present.evidence;
  if (any_new) {
    fresh.present = true;
    fresh.confidence = Confidence::kDocumented;
  } else if (any_unknown_age) {
    fresh.present = true;
    fresh.confidence = Confidence::kAssumed;
    fresh.reason = "a current fracture without onset date or encounter character is taken as new";
  } else {
    fresh.present = false;
    fresh.confidence = present.present ? Confidence::kDocumented : Confidence::kInferred;
    fresh.evidence.clear();
  }

  std::size_t count = 0;
  std::string same;                 // the records taken as one fracture, and why
  std::vector<std::string> paired;  // "rb|ra": each pair of resources is named once
  for (std::size_t i = 0; i < acc_.fractures.size(); ++i) {
    const Fracture& a = acc_.fractures[i];
    bool is_new_one = true;
    for (std::size_t j = 0; j < i; ++j) {
      const Fracture& b = acc_.fractures[j];
      const std::string why = one_fracture_reason(b, a);
      if (why.empty()) continue;
      is_new_one = false;
      if (a.evidence.empty() || b.evidence.empty()) continue;
      const std::string ra = a.evidence.front().reference(), rb = b.evidence.front().reference();
      if (ra == rb) continue;
      std::string key = rb + '|' + ra;
      if (std::find(paired.begin(), paired.end(), key) != paired.end()) continue;
      paired.push_back(std::move(key));
      std::string pair = rb + " and " + ra + " (" + why + ")";
      // The order's reason restating the record is expected; two records of one fracture are
      // worth a note on the card.
      if (a.evidence.front().resource_type != fhir::ServiceRequest::kType &&
          b.evidence.front().resource_type != fhir::ServiceRequest::kType) {
        out.notes.push_back("Counted as one fracture: " + pair + ".");
      }
      same += same.empty() ? "counted as one fracture: " : "; ";
      same += pair;
      multiple.evidence.push_back(b.evidence.front());
      multiple.evidence.push_back(a.evidence.front());
    }
    if (is_new_one) ++count;
  }
  // Vertebrae named apart count apart even when a record of no vertebra matched each of them
  // (M80.08XA beside S32.010A and S32.020A is two fractures).
  std::vector<SpinalLevels> levels;
  bool said_multiple = false;
  for (const Fracture& f : acc_.fractures) {
    said_multiple = said_multiple || f.multiple;
    if (!f.levels.named()) continue;
    const bool known = std::any_of(levels.begin(), levels.end(),
                                   [&](const SpinalLevels& l) { return l.overlaps(f.levels); });
    if (!known) levels.push_back(f.levels);
  }
  count = std::max(count, levels.size());
  const bool only_said = said_multiple && count < 2;
  if (only_said) count = 2;
  multiple.present = count >= 2;
  multiple.confidence = Confidence::kInferred;
  if (!multiple.present) {
    multiple.reason = std::move(same);
  } else {
    multiple.evidence.clear();
    for (const Fracture& f : acc_.fractures) {
      multiple.evidence.insert(multiple.evidence.end(), f.evidence.begin(), f.evidence.end());
    }
    multiple.reason = only_said ? std::string("a record says multiple fractures")
                                : std::to_string(count) +
                                      " distinct fractures (by vertebra, region, date or status)";
    if (!same.empty()) multiple.reason += "; " + same;
  }
  if (!present.present && acc_.suspected_fracture.found) {
    present.evidence = acc_.suspected_fracture.evidence;
    present.reason =
        "a vertebral fracture is recorded only as a provisional, differential or unconfirmed "
        "diagnosis: not taken as documented";
  }
}

// A finding the text only suspects leaves its fact absent but assumed, quoting the sentence, so the
// decision shows the variant that would apply were it confirmed. A suspected fracture beside a
// documented one at another vertebra is a suspected second fracture.
void Extractor::suspected(ClinicalFacts& out, const Accumulator::Suspicion& s) const {
  FactId target = s.fact;
  if (target == FactId::kVcfPresent && out[FactId::kVcfPresent].present && s.levels.named()) {
    bool other_level = false;
    for (const Fracture& f : acc_.fractures) {
      if (f.levels.overlaps(s.levels)) {  // the documented fracture, suspected again
        other_level = false;
        break;
      }
      // A documented fracture of no named vertebra may be the suspected one.
      other_level = other_level || f.levels.named();
    }
    if (other_level) target = FactId::kMultipleFractures;
  }
  Fact& fact = out[target];
  if (!fact.present) {
    // The suspicion replaces the reason of a plain absence ("no report describes ..."), and
    // joins one that already names a suspicion or a resource.
    if (fact.evidence.empty()) fact.reason.clear();
    fact.confidence = Confidence::kAssumed;
    fact.evidence.push_back(s.evidence);
  }
  if (!fact.reason.empty()) fact.reason += "; ";
  fact.reason += s.note;
}

void Extractor::finish_pain(ClinicalFacts& out) {
  if (acc_.pain_scores.empty()) return;
  const PainScore* zero = nullptr;
  for (const PainScore& p : acc_.pain_scores) {
    if (p.score >= 1) {
      acc_.symptomatic.add(p.evidence, p.when ? Confidence::kDocumented : Confidence::kInferred);
      note_once(acc_.symptomatic.reason,
                "pain score " + std::to_string(p.score) + " of 10 on " + p.evidence.reference());
    } else if (zero == nullptr) {
      zero = &p;
    }
  }
  // Earliest and latest dated score in the window: a rise of 2 or more points is worsening pain.
  const PainScore* first = nullptr;
  const PainScore* last = nullptr;
  for (const PainScore& p : acc_.pain_scores) {
    if (!p.when) continue;
    if (first == nullptr || *p.when < *first->when) first = &p;
    if (last == nullptr || *p.when >= *last->when) last = &p;
  }
  if (first != nullptr && last != first && last->score - first->score >= kWorseningPainPoints) {
    acc_.worsening.add(first->evidence, Confidence::kDocumented);
    acc_.worsening.add(last->evidence, Confidence::kDocumented);
    note_once(acc_.worsening.reason, "pain score rose from " + std::to_string(first->score) +
                                         " to " + std::to_string(last->score) + " of 10 (" +
                                         first->evidence.reference() + ", " +
                                         last->evidence.reference() + ")");
  }
  if (!acc_.symptomatic.found && zero != nullptr) {
    Fact& symptomatic = out[FactId::kSymptomatic];
    symptomatic.confidence = Confidence::kDocumented;
    symptomatic.evidence.push_back(zero->evidence);
    symptomatic.reason = "pain score 0 of 10 (no pain) on " + zero->evidence.reference();
  }
}

void Extractor::finish_etiology(ClinicalFacts& out) const {
  Fact& etiology = out[FactId::kEtiology];
  const bool any_current = out[FactId::kVcfPresent].present;
  bool osteoporotic = false, neoplastic = false;
  for (const Fracture& f : acc_.fractures) {
    if (f.current != any_current) continue;
    if (f.etiology > etiology.etiology) etiology.etiology = f.etiology;
    osteoporotic = osteoporotic || f.etiology == Etiology::kOsteoporotic;
    neoplastic = neoplastic || f.etiology == Etiology::kNeoplasticOrPathological;
    if (f.etiology != Etiology::kUnspecified) {
      for (const Evidence& e : f.evidence) etiology.evidence.push_back(e);
    }
  }
  if (etiology.etiology != Etiology::kUnspecified) {
    etiology.confidence = Confidence::kDocumented;
    if (osteoporotic && neoplastic) {
      etiology.reason =
          "osteoporotic and neoplastic/pathological fracture codes are both present; "
          "neoplastic/pathological wins because a pathological fracture must not be managed as "
          "a benign osteoporotic one (osteoporotic fractures also occur in patients with cancer, "
          "but not the reverse)";
    }
    return;
  }
  if (acc_.neoplastic_bone.found && !acc_.fractures.empty()) {
    etiology.etiology = Etiology::kNeoplasticOrPathological;
    etiology.confidence = Confidence::kInferred;
    etiology.evidence = acc_.neoplastic_bone.evidence;
    etiology.reason =
        "fracture of unstated cause in a patient with bone metastasis or myeloma: taken as "
        "pathological";
  } else if (acc_.osteoporosis.found && !acc_.fractures.empty()) {
    etiology.etiology = Etiology::kOsteoporotic;
    etiology.confidence = Confidence::kInferred;
    etiology.evidence = acc_.osteoporosis.evidence;
    etiology.reason =
        "fracture of unstated cause in a patient with osteoporosis: taken as "
        "osteoporotic";
  } else {
    etiology.confidence = Confidence::kAssumed;
    etiology.reason = "no code states the cause of the fracture";
  }
}

ClinicalFacts Extractor::finish(const fhir::ServiceRequest& order,
                                const fhir::PatientRecord& record) {
  ClinicalFacts out;
  out.notes = std::move(acc_.notes);
  finish_fractures(out);
  finish_etiology(out);
  finish_pain(out);

  Fact& radiograph = out[FactId::kIdentifiedOnRadiographs];
  if (acc_.radiograph.found) {
    set_from(radiograph, acc_.radiograph, Confidence::kDocumented, {});
  } else if (acc_.reason_fracture.found) {
    set_from(radiograph, acc_.reason_fracture, Confidence::kInferred, {});
    radiograph.confidence = Confidence::kInferred;
    radiograph.reason = "no spine radiograph in the record; the order's reason names the fracture";
  } else {
    radiograph.confidence = Confidence::kAssumed;
    radiograph.reason = "no spine radiograph before the order";
  }

  Fact& malignancy = out[FactId::kMalignancyHistory];
  set_from(malignancy, acc_.malignancy, Confidence::kInferred,
           "no cancer, myeloma, bone metastasis or cancer history in the record");
  if (acc_.malignancy.found) {
    malignancy.reason =
        "history counts whatever the clinical status (resolved, remission or active)";
  } else if (acc_.suspected_malignancy.found) {
    // Assumed absent, so the decision shows the variant that would apply were it confirmed.
    malignancy.confidence = Confidence::kAssumed;
    malignancy.evidence = acc_.suspected_malignancy.evidence;
    malignancy.reason =
        "a malignancy is recorded only as a provisional, differential or unconfirmed diagnosis: "
        "taken as absent until confirmed";
  }
  // A documented pain score of 0 (finish_pain) is kept: it is not an assumption.
  if (out[FactId::kSymptomatic].evidence.empty()) {
    set_from(out[FactId::kSymptomatic], acc_.symptomatic, Confidence::kAssumed,
             "no back pain documented in the last " + std::to_string(symptom_days_) +
                 " days: asymptomatic assumed");
  }
  set_from(out[FactId::kPriorAugmentation], acc_.augmentation, Confidence::kInferred,
           "no completed vertebroplasty or kyphoplasty in the record");
  set_from(out[FactId::kPriorSpineSurgery], acc_.surgery, Confidence::kInferred,
           "no completed spine fusion or arthrodesis status in the record");
  set_from(out[FactId::kOsteoporosis], acc_.osteoporosis, Confidence::kInferred,
           "no osteoporosis in the record");
  set_from(out[FactId::kMarrowEdemaOrCleft], acc_.edema,
           acc_.mri_report_seen ? Confidence::kInferred : Confidence::kAssumed,
           acc_.mri_report_seen ? "a spine MRI report codes neither bone marrow edema nor a cleft"
                                : "no spine MRI report in the record");
  set_from(out[FactId::kRetropulsion], acc_.retropulsion, Confidence::kInferred,
           "no report describes retropulsion");
  set_from(out[FactId::kWorseningPainDeformityOrPulmonary], acc_.worsening, Confidence::kAssumed,
           "no kyphosis, pulmonary dysfunction or rise in pain score documented");

  Fact& pathological = out[FactId::kPathologicalWithMechanicalPain];
  const Fact& etiology = out[FactId::kEtiology];
  const Fact& symptomatic = out[FactId::kSymptomatic];
  const bool is_pathological = etiology.etiology == Etiology::kNeoplasticOrPathological;
  pathological.present = is_pathological && symptomatic.present;
  if (is_pathological) {
    pathological.confidence = std::max(etiology.confidence, symptomatic.confidence);
    pathological.evidence = etiology.evidence;
    pathological.evidence.insert(pathological.evidence.end(), symptomatic.evidence.begin(),
                                 symptomatic.evidence.end());
    pathological.reason = symptomatic.present
                              ? "pathological fracture with current back pain (taken as mechanical)"
                              : "pathological fracture without documented pain";
  } else {
    pathological.confidence = etiology.confidence;
    pathological.reason = "the fracture is not known to be pathological";
  }

  for (const Accumulator::Suspicion& s : acc_.suspicions) suspected(out, s);

  Fact& age = out[FactId::kAge];
  const std::optional<DateTime>& at = order.authored_on;
  const std::chrono::sys_seconds when =
      at ? at->earliest() : std::chrono::sys_seconds{std::chrono::seconds{now_}};
  if (record.patient && record.patient->birth_date) {
    const DateTime& birth = *record.patient->birth_date;
    age.age = fhir::age_in_years(birth, when);
    age.confidence = birth.precision >= fhir::DatePrecision::kDay ? Confidence::kDocumented
                                                                  : Confidence::kInferred;
    age.evidence.push_back(Evidence{fhir::Patient::kType, record.patient->id, {}, "birthDate", {}});
    if (age.confidence == Confidence::kInferred) {
      age.reason = "partial birth date: the oldest possible age is used";
    }
  } else {
    age.confidence = Confidence::kAssumed;
    age.reason = "no birth date: an adult is assumed (adult radiation levels)";
  }
  return out;
}

}  // namespace

ClinicalFacts extract_facts(const Terminology& terminology, const fhir::ServiceRequest& order,
                            const fhir::PatientRecord& record, std::chrono::sys_seconds now,
                            const FactOptions& options) {
  static const TextLexicon kNoText;
  return extract_facts(terminology, kNoText, order, record, now, options);
}

ClinicalFacts extract_facts(const Terminology& terminology, const TextLexicon& lexicon,
                            const fhir::ServiceRequest& order, const fhir::PatientRecord& record,
                            std::chrono::sys_seconds now, const FactOptions& options) {
  Extractor x(terminology, lexicon, now, options);
  for (const fhir::Condition& c : record.conditions) x.condition(c);
  x.order_reasons(order);
  for (const fhir::Procedure& p : record.procedures) x.procedure(p);
  for (const fhir::ImagingStudy& s : record.imaging_studies) x.imaging_study(s);
  for (const fhir::DiagnosticReport& r : record.diagnostic_reports) x.report(r);
  for (const fhir::Observation& o : record.observations) x.observation(o);
  return x.finish(order, record);
}

}  // namespace auc::engine
