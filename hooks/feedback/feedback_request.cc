#include "hooks/feedback/feedback_request.h"

#include <string>

#include "fhir/datetime.h"

namespace auc::hooks {
namespace {

using cards::ledger::FeedbackRecord;
using rapidjson::Value;

const Value* member(const Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

RequestError error(std::string path, std::string message) {
  return RequestError{std::move(path), std::move(message)};
}

// A string member into `out`; "" is allowed only when it is optional and absent.
Expected<Ok, RequestError> read_string(const Value& obj, const char* name, const std::string& path,
                                       bool required, std::string& out) {
  const Value* v = member(obj, name);
  if (v == nullptr) {
    if (required) return Unexpected(error(path, "required"));
    return Ok{};
  }
  if (!v->IsString() || (required && v->GetStringLength() == 0)) {
    return Unexpected(error(path, required ? "expected a non-empty string" : "expected a string"));
  }
  out.assign(v->GetString(), v->GetStringLength());
  return Ok{};
}

Expected<Ok, RequestError> read_accepted(const Value& entry, const std::string& at,
                                         FeedbackRecord& out) {
  const Value* accepted = member(entry, "acceptedSuggestions");
  if (accepted == nullptr) return Ok{};
  if (!accepted->IsArray()) {
    return Unexpected(error(at + "/acceptedSuggestions", "expected an array"));
  }
  for (rapidjson::SizeType i = 0; i < accepted->Size(); ++i) {
    const std::string path = at + "/acceptedSuggestions/" + std::to_string(i);
    const Value& s = (*accepted)[i];
    if (!s.IsObject()) return Unexpected(error(path, "expected an object with an id"));
    std::string id;
    if (auto r = read_string(s, "id", path + "/id", true, id); !r) return r;
    out.accepted_suggestion_ids.push_back(std::move(id));
  }
  return Ok{};
}

Expected<Ok, RequestError> read_override(const Value& entry, const std::string& at,
                                         FeedbackRecord& out) {
  const Value* reason = member(entry, "overrideReason");
  if (reason == nullptr) return Ok{};
  const std::string path = at + "/overrideReason";
  if (!reason->IsObject()) return Unexpected(error(path, "expected an object"));
  const Value* given_comment = member(*reason, "userComment");
  if (member(*reason, "reason") == nullptr &&
      (given_comment == nullptr ||
       (given_comment->IsString() && given_comment->GetStringLength() == 0))) {
    return Unexpected(error(path, "expected a reason or a non-empty userComment"));
  }
  if (auto r = read_string(*reason, "userComment", path + "/userComment", false, out.user_comment);
      !r) {
    return r;
  }
  const Value* coding = member(*reason, "reason");
  if (coding == nullptr) return Ok{};
  if (!coding->IsObject()) return Unexpected(error(path + "/reason", "expected a Coding"));
  auto& o = out.override_reason;
  if (auto r = read_string(*coding, "code", path + "/reason/code", true, o.code); !r) return r;
  if (auto r = read_string(*coding, "system", path + "/reason/system", false, o.system); !r) {
    return r;
  }
  return read_string(*coding, "display", path + "/reason/display", false, o.display);
}

}  // namespace

Expected<std::vector<FeedbackRecord>, RequestError> parse_feedback(const Value& body,
                                                                   std::string_view service_id) {
  if (!body.IsObject()) return Unexpected(error("", "expected a JSON object"));
  const Value* batch = member(body, "feedback");
  if (batch == nullptr) return Unexpected(error("/feedback", "required"));
  if (!batch->IsArray()) return Unexpected(error("/feedback", "expected an array"));
  std::vector<FeedbackRecord> out;
  out.reserve(batch->Size());
  for (rapidjson::SizeType i = 0; i < batch->Size(); ++i) {
    const std::string at = "/feedback/" + std::to_string(i);
    const Value& entry = (*batch)[i];
    if (!entry.IsObject()) return Unexpected(error(at, "expected an object"));
    FeedbackRecord rec;
    rec.service_id = std::string(service_id);
    if (auto r = read_string(entry, "card", at + "/card", true, rec.card_uuid); !r) {
      return Unexpected(r.error());
    }
    if (auto r = read_string(entry, "outcome", at + "/outcome", true, rec.outcome); !r) {
      return Unexpected(r.error());
    }
    if (rec.outcome != "accepted" && rec.outcome != "overridden") {
      return Unexpected(error(at + "/outcome", "expected \"accepted\" or \"overridden\""));
    }
    if (auto r = read_string(entry, "outcomeTimestamp", at + "/outcomeTimestamp", true,
                             rec.outcome_timestamp);
        !r) {
      return Unexpected(r.error());
    }
    if (const auto t = fhir::parse_datetime(rec.outcome_timestamp);
        !t || t->precision != fhir::DatePrecision::kSecond) {
      return Unexpected(error(at + "/outcomeTimestamp",
                              "expected a FHIR instant or dateTime with a time, e.g. "
                              "2024-06-01T12:00:00Z"));
    }
    if (auto r = read_accepted(entry, at, rec); !r) return Unexpected(r.error());
    if (auto r = read_override(entry, at, rec); !r) return Unexpected(r.error());
    if (rec.outcome == "accepted" && rec.accepted_suggestion_ids.empty()) {
      return Unexpected(
          error(at + "/acceptedSuggestions", "required when the outcome is \"accepted\""));
    }
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace auc::hooks
