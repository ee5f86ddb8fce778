// What the services ask EHRs to prefetch: the data the engine reads, as FHIR queries using only
// CDS Hooks 2.0 prefetch tokens. The same templates drive the FHIR fallback for missing keys.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace auc::hooks {

struct PrefetchTemplate {
  std::string_view key;
  std::string_view query;  // relative to fhirServer, with {{context.*}} tokens
  // The variant decision depends on this data: when it cannot be obtained the call gets 412.
  // Optional data (age, observations) only sharpens the answer; its absence is an assumption
  // the card states.
  bool required = false;
  // The record's Searched bits this key answers for: once its value is supplied (even empty) or
  // fetched, silence in that data set means "none", not "not checked".
  std::uint8_t searched = 0;
};

std::span<const PrefetchTemplate> vcf_prefetch_templates();

// Values for the 2.0 tokens a template may use. Ids are already checked to be FHIR ids.
struct TemplateTokens {
  std::string_view patient_id;
  std::string_view encounter_id;
  std::string_view user_id;  // "Practitioner/123"
};

// The query with its tokens replaced; nullopt when it uses a token without a value (the spec
// says such a template is not sent, so the service must not send it either).
std::optional<std::string> resolve_template(std::string_view query, const TemplateTokens& tokens);

}  // namespace auc::hooks
