#include "hooks/audit/audit_query.h"

#include <charconv>

#include "hooks/audit/audit_time.h"

namespace auc::hooks::audit {
namespace {

using cards::ledger::OutcomeFilter;

std::optional<int> parse_int(const std::string& s) {
  int value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

Unexpected<ParamError> bad(const std::string& name, std::string message) {
  return Unexpected(ParamError{name, std::move(message)});
}

// Handles the parameters shared by lists and summaries; false when `name` is not one of them.
template <class Filter>
std::optional<Expected<Ok, ParamError>> parse_common(const std::string& name,
                                                     const std::string& value, Filter& f) {
  if (name == "from" || name == "to") {
    auto t = parse_time(value);
    if (!t) return Expected<Ok, ParamError>(bad(name, "expected a date or an RFC 3339 time"));
    (name == "from" ? f.received_from : f.received_to) = *t;
    return Expected<Ok, ParamError>(Ok{});
  }
  if (name == "service") {
    f.service_id = value;
    return Expected<Ok, ParamError>(Ok{});
  }
  return std::nullopt;
}

}  // namespace

Expected<CallQuery, ParamError> parse_call_query(const httplib::Params& params) {
  CallQuery q;
  for (const auto& [name, value] : params) {
    if (auto common = parse_common(name, value, q.filter)) {
      if (!*common) return Unexpected(common->error());
    } else if (name == "variant") {
      q.filter.variant = value;
    } else if (name == "rating") {
      auto r = parse_int(value);
      if (!r || *r < 1 || *r > 9) return bad(name, "expected an ACR rating from 1 to 9");
      q.filter.rating = r;
    } else if (name == "category") {
      q.filter.category = value;
    } else if (name == "indicator") {
      if (value != "info" && value != "warning" && value != "critical") {
        return bad(name, "expected info, warning or critical");
      }
      q.filter.indicator = value;
    } else if (name == "outcome") {
      if (value == "accepted") {
        q.filter.outcome = OutcomeFilter::kAccepted;
      } else if (value == "overridden") {
        q.filter.outcome = OutcomeFilter::kOverridden;
      } else if (value == "none") {
        q.filter.outcome = OutcomeFilter::kNone;
      } else {
        return bad(name, "expected accepted, overridden or none");
      }
    } else if (name == "override_reason") {
      q.filter.override_reason_code = value;
    } else if (name == "limit") {
      auto l = parse_int(value);
      if (!l || *l < 1 || *l > cards::ledger::kMaxPageSize) {
        return bad(name, "expected 1 to " + std::to_string(cards::ledger::kMaxPageSize));
      }
      q.page.limit = *l;
    } else if (name == "cursor") {
      q.page.cursor = value;
    } else {
      return bad(name, "unknown parameter");
    }
  }
  return q;
}

Expected<cards::ledger::SummaryFilter, ParamError> parse_summary_query(
    const httplib::Params& params) {
  cards::ledger::SummaryFilter f;
  for (const auto& [name, value] : params) {
    auto common = parse_common(name, value, f);
    if (!common) return bad(name, "unknown parameter");
    if (!*common) return Unexpected(common->error());
  }
  return f;
}

}  // namespace auc::hooks::audit
