#include "engine/prior/prior_studies.h"

#include <algorithm>
#include <charconv>

#include "engine/order/ordered_study.h"
#include "engine/terminology/csv_table.h"

namespace auc::engine {
namespace {

constexpr std::string_view kProcedurePrefix = "procedure/";
constexpr std::int64_t kDaySeconds = 86400;

struct Identified {
  std::string_view procedure_id;
  Region region = Region::kUnspecified;
  const fhir::Coding* coding = nullptr;
};

// The first coding that names a rated procedure; the region from it, else from another coding.
void identify(const Terminology& terms, const fhir::CodeableConcept& code, Identified& out) {
  for (const fhir::Coding& c : code.coding) {
    const CodeMapping* m = terms.lookup(c.system, c.code);
    if (m == nullptr || !m->concept_id.starts_with(kProcedurePrefix)) continue;
    if (out.procedure_id.empty()) {
      out.procedure_id = std::string_view(m->concept_id).substr(kProcedurePrefix.size());
      out.coding = &c;
    }
    if (out.region == Region::kUnspecified) out.region = m->region;
  }
}

const RatedProcedure* rated(const std::vector<Topic>& topics, std::string_view id) {
  for (const Topic& t : topics) {
    for (const Variant& v : t.variants) {
      if (const RatedProcedure* p = v.procedure(id)) return p;
    }
  }
  return nullptr;
}

class Collector {
 public:
  Collector(const PriorImagingWindows& w, const std::vector<Topic>& t, std::int64_t now)
      : windows_(w), topics_(t), now_(now) {}

  void add(const Identified& id, std::string_view type, std::string_view resource_id,
           const std::optional<fhir::DateTime>& when) {
    if (id.procedure_id.empty() || !when) return;
    const std::int64_t date = when->start;
    if (date > now_) return;
    const RatedProcedure* p = rated(topics_, id.procedure_id);
    if (p == nullptr) return;
    const int window = windows_.days(p->attributes.modality);
    const auto days_ago = static_cast<int>((now_ - date) / kDaySeconds);
    if (window == 0 || days_ago > window) return;
    const Evidence ev{type, resource_id, id.coding->system, id.coding->code, id.coding->display};
    for (PriorStudy& s : out_) {
      if (s.procedure_id == id.procedure_id && same_region(s.region, id.region) &&
          s.date / kDaySeconds == date / kDaySeconds) {
        if (s.region == Region::kUnspecified) s.region = id.region;
        s.sources.push_back(ev);
        return;
      }
    }
    out_.push_back(PriorStudy{id.procedure_id, id.region, date, days_ago, {ev}});
  }

  std::vector<PriorStudy> take() {
    std::stable_sort(out_.begin(), out_.end(),
                     [](const PriorStudy& a, const PriorStudy& b) { return a.date > b.date; });
    return std::move(out_);
  }

 private:
  const PriorImagingWindows& windows_;
  const std::vector<Topic>& topics_;
  std::int64_t now_;
  std::vector<PriorStudy> out_;
};

bool report_final(std::string_view status) {
  return status == "final" || status == "amended" || status == "corrected" || status == "appended";
}

}  // namespace

Expected<Ok, LoadError> PriorImagingWindows::add_file(const std::string& path) {
  const auto table = read_csv_table_file(path, {"modality", "days"});
  if (!table) return Unexpected{table.error()};
  auto refuse = [&](int line, const char* field, std::string message) {
    return Unexpected{LoadError{path, "row " + std::to_string(line), field, std::move(message)}};
  };
  const std::vector<CsvRow>& rows = table->csv.rows;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    auto field = [&](const char* name) { return table->field(row, name); };
    const std::string label = field("modality");
    const std::optional<Modality> modality = parse_modality(label);
    if (!modality) return refuse(row.line, "modality", "unknown modality \"" + label + "\"");
    if (days(*modality) != 0)
      return refuse(row.line, "modality", "\"" + label + "\" is listed twice");
    const std::string text_days = field("days");
    int n = 0;
    const auto [end, ec] =
        std::from_chars(text_days.data(), text_days.data() + text_days.size(), n);
    if (ec != std::errc{} || end != text_days.data() + text_days.size() || n < 1 || n > 3650) {
      return refuse(row.line, "days", "expected a whole number of days from 1 to 3650");
    }
    days_.emplace_back(*modality, n);
  }
  return Ok{};
}

int PriorImagingWindows::days(Modality m) const {
  for (const auto& [modality, n] : days_) {
    if (modality == m) return n;
  }
  return 0;
}

bool same_region(Region a, Region b) {
  return a == b || a == Region::kUnspecified || b == Region::kUnspecified;
}

std::vector<PriorStudy> recent_studies(const Terminology& terms, const PriorImagingWindows& windows,
                                       const std::vector<Topic>& topics,
                                       const fhir::PatientRecord& record,
                                       std::chrono::sys_seconds now) {
  Collector c(windows, topics, now.time_since_epoch().count());
  for (const fhir::ImagingStudy& s : record.imaging_studies) {
    if (s.status != "available") continue;
    Identified id;
    for (const fhir::CodeableConcept& code : s.procedure_code) identify(terms, code, id);
    c.add(id, fhir::ImagingStudy::kType, s.id, s.started);
  }
  for (const fhir::Procedure& p : record.procedures) {
    if (p.status != "completed") continue;
    Identified id;
    identify(terms, p.code, id);
    c.add(id, fhir::Procedure::kType, p.id, p.performed);
  }
  for (const fhir::DiagnosticReport& r : record.diagnostic_reports) {
    if (!report_final(r.status)) continue;
    Identified id;
    identify(terms, r.code, id);
    c.add(id, fhir::DiagnosticReport::kType, r.id, r.effective ? r.effective : r.issued);
  }
  return c.take();
}

std::vector<DraftedStudy> drafted_studies(
    const Terminology& terms, std::span<const fhir::ServiceRequest* const> other_drafts) {
  std::vector<DraftedStudy> out;
  for (const fhir::ServiceRequest* d : other_drafts) {
    if (d == nullptr) continue;
    const OrderedStudy s = recognise_order(terms, *d);
    if (s.procedure_id.empty()) continue;
    out.push_back({s.procedure_id, s.region, "ServiceRequest/" + std::string(d->id)});
  }
  return out;
}

std::string days_ago_text(int days) {
  if (days <= 0) return "today";
  if (days == 1) return "1 day ago";
  return std::to_string(days) + " days ago";
}

}  // namespace auc::engine
