// The URLs the response puts in FHIR extensions and Codings: the Argonaut PAMA rating
// convention the CDS Hooks Sandbox reads, and the project's own definitions (documented in
// README "Cards and ratings"). Changing one breaks every EHR that stored it: add, never rename.
#pragma once

#include <string_view>

namespace auc::cards {

// Argonaut "CDS Hooks for PAMA".
inline constexpr std::string_view kPamaRatingUrl = "http://fhir.org/argonaut/Extension/pama-rating";
inline constexpr std::string_view kPamaConsultIdUrl =
    "http://fhir.org/argonaut/Extension/pama-rating-consult-id";
inline constexpr std::string_view kPamaAucAppliedUrl =
    "http://fhir.org/argonaut/Extension/pama-rating-auc-applied";
inline constexpr std::string_view kPamaRatingSystem =
    "http://fhir.org/argonaut/CodeSystem/pama-rating";
// Every Argonaut rating extension starts with this; earlier ones on a draft are replaced.
inline constexpr std::string_view kPamaExtensionPrefix =
    "http://fhir.org/argonaut/Extension/pama-rating";

// The project's complex extension with the ACR detail the PAMA code flattens away. Sub-extensions:
// "category" (valueCoding, kAcrCategorySystem), "rating" (valueInteger 1-9), "variant"
// (valueInteger), "procedure" (valueCode: the ACR procedure id of the knowledge base).
inline constexpr std::string_view kAcrRatingUrl =
    "https://auc-hooks.example.org/fhir/StructureDefinition/acr-rating";
// usually-appropriate | may-be-appropriate | may-be-appropriate-disagreement |
// usually-not-appropriate, displayed with the ACR wording.
inline constexpr std::string_view kAcrCategorySystem =
    "https://auc-hooks.example.org/fhir/CodeSystem/acr-category";
// Card source.topic: code "<topic id>/variant-<n>", e.g.
// "acr-vertebral-compression-fractures/variant-4".
inline constexpr std::string_view kAcrVariantSystem =
    "https://auc-hooks.example.org/fhir/CodeSystem/acr-variant";
// ServiceRequest.category of a new imaging order the service proposes (US Core ServiceRequest
// category: SNOMED CT "Imaging").
inline constexpr std::string_view kSnomedSystem = "http://snomed.info/sct";
inline constexpr std::string_view kImagingCategoryCode = "363679005";
inline constexpr std::string_view kImagingCategoryDisplay = "Imaging";

// Card overrideReasons (see override_reasons.h).
inline constexpr std::string_view kOverrideReasonSystem =
    "https://auc-hooks.example.org/fhir/CodeSystem/override-reason";

}  // namespace auc::cards
