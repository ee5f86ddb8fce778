// Codes to concepts: the shared vocabulary the fact extraction reads.
#include <boost/test/unit_test.hpp>
#include <set>

#include "engine/knowledge_base.h"
#include "engine/terminology/terminology_loader.h"
#include "tests/knowledge/knowledge_fixture.h"

namespace auc::test {
namespace {

using engine::Region;

const engine::Terminology& terms() {
  return shipped_knowledge_base().terminology();
}

std::string concept_of(std::string_view system, std::string_view code) {
  const auto* m = terms().lookup(system, code);
  return m ? m->concept_id : "(none)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(terminology)

BOOST_AUTO_TEST_CASE(cpt_loinc_and_snomed_orders_resolve_with_region) {
  const auto* mri = terms().lookup(engine::kCpt, "72148");
  BOOST_TEST_REQUIRE(mri != nullptr);
  BOOST_TEST(mri->concept_id == "procedure/mri-spine-without-iv-contrast");
  BOOST_TEST((mri->region == Region::kLumbar));
  BOOST_TEST(concept_of(engine::kLoinc, "36530-4") == "procedure/ct-spine-without-iv-contrast");
  BOOST_TEST(concept_of(engine::kSnomed, "241591009") == "procedure/ct-myelography-spine");
  BOOST_TEST((terms().lookup(engine::kLoinc, "81554-8")->region == Region::kWholeBody));
  BOOST_TEST(concept_of(engine::kCpt, "62304") == "modifier/myelography");
  BOOST_TEST(concept_of(engine::kCpt, "22513") == "procedure/percutaneous-vertebral-augmentation");
  BOOST_TEST(concept_of(engine::kCpt, "22612") == "history/spinal-fusion");
  BOOST_TEST(concept_of(engine::kCpt, "72100") == "imaging/spine-radiograph");
}

BOOST_AUTO_TEST_CASE(icd10_codes_match_with_or_without_dots_any_case_and_either_system_uri) {
  BOOST_TEST(concept_of(engine::kIcd10Cm, "M80.08XA") == "condition/vcf-osteoporotic");
  BOOST_TEST(concept_of(engine::kIcd10Cm, "M8008XA") == "condition/vcf-osteoporotic");
  BOOST_TEST(concept_of(engine::kIcd10Cm, "m80.08xa") == "condition/vcf-osteoporotic");
  BOOST_TEST(concept_of("http://hl7.org/fhir/sid/icd-10", "M80.08XA") ==
             "condition/vcf-osteoporotic");
  BOOST_TEST(concept_of(engine::kIcd10Cm, " Z87.310 ") ==
             "condition/osteoporotic-fracture-history");
}

BOOST_AUTO_TEST_CASE(the_longest_icd_prefix_wins) {
  BOOST_TEST(concept_of(engine::kIcd10Cm, "C79.51") == "condition/bone-metastasis");
  BOOST_TEST(concept_of(engine::kIcd10Cm, "C90.00") == "condition/myeloma");
  BOOST_TEST(concept_of(engine::kIcd10Cm, "C50.911") == "condition/malignancy");
  BOOST_TEST(concept_of(engine::kIcd10Cm, "Z85.3") == "condition/malignancy-history");
  BOOST_TEST(concept_of(engine::kIcd10Cm, "M48.50XA") == "condition/vcf");
  const auto* cervical = terms().lookup(engine::kIcd10Cm, "M48.52XA");
  BOOST_TEST_REQUIRE(cervical != nullptr);
  BOOST_TEST((cervical->region == Region::kCervical));
  BOOST_TEST(concept_of(engine::kIcd10Cm, "S32.010A") == "condition/vcf-traumatic");
}

BOOST_AUTO_TEST_CASE(unknown_codes_and_systems_mean_nothing) {
  BOOST_TEST(terms().lookup(engine::kCpt, "99213") == nullptr);
  BOOST_TEST(terms().lookup("http://example.org/local", "72148") == nullptr);
  BOOST_TEST(terms().lookup(engine::kIcd10Cm, "") == nullptr);
  BOOST_TEST(terms().lookup(engine::kIcd10Cm, "J45.909") == nullptr);
  BOOST_TEST(terms().lookup(engine::kIcd10Cm, "M80.08XAAAAAAAAAAAAAAAAAAAAAAAA") == nullptr);
  // Prefix rows are ICD families; a CPT code is never matched by prefix.
  BOOST_TEST(terms().lookup(engine::kCpt, "721480") == nullptr);
}

BOOST_AUTO_TEST_CASE(unverified_codes_carry_the_mark) {
  BOOST_TEST(terms().lookup(engine::kHcpcs, "A9600")->unverified);
  BOOST_TEST(terms().lookup(engine::kCpt, "79101")->unverified);
  BOOST_TEST(terms().lookup(engine::kSnomed, "363346000")->unverified);
  BOOST_TEST(terms().lookup(engine::kCpt, "72084")->unverified);
  BOOST_TEST(terms().lookup(engine::kIcd10Cm, "M48.56XA")->unverified);
  BOOST_TEST(!terms().lookup(engine::kCpt, "72148")->unverified);
  BOOST_TEST(!terms().lookup(engine::kIcd10Cm, "M48.52XA")->unverified);
}

BOOST_AUTO_TEST_CASE(codes_for_puts_the_region_and_preferred_cpt_first) {
  const auto codes = terms().codes_for("procedure/mri-spine-without-iv-contrast", Region::kLumbar);
  BOOST_TEST_REQUIRE(codes.size() >= 4u);
  BOOST_TEST(codes[0]->system == engine::kCpt);
  BOOST_TEST(codes[0]->code == "72148");
  BOOST_TEST(codes[1]->system == engine::kLoinc);
  BOOST_TEST(codes[1]->code == "30679-5");
  BOOST_TEST(codes[2]->system == engine::kSnomed);
  // The region-independent LOINC comes after every lumbar code.
  BOOST_TEST(codes.back()->code == "36531-2");
  for (const auto* c : codes) BOOST_TEST(!c->prefix);

  const auto bone = terms().codes_for("procedure/bone-scan-whole-body", Region::kThoracic);
  BOOST_TEST_REQUIRE(!bone.empty());
  BOOST_TEST(bone[0]->code == "78306");
  BOOST_TEST(terms().codes_for("procedure/no-such-thing", Region::kLumbar).empty());
}

BOOST_AUTO_TEST_CASE(every_concept_is_in_the_shared_vocabulary) {
  // CONCEPTS.md: the fact extraction reads exactly these names.
  const std::set<std::string> vocabulary{
      "procedure/mri-spine-without-iv-contrast",
      "procedure/mri-spine-with-iv-contrast",
      "procedure/mri-spine-without-and-with-iv-contrast",
      "procedure/ct-spine-without-iv-contrast",
      "procedure/ct-spine-with-iv-contrast",
      "procedure/ct-spine-without-and-with-iv-contrast",
      "procedure/ct-myelography-spine",
      "procedure/bone-scan-whole-body",
      "procedure/spect-or-spect-ct-spine",
      "procedure/fdg-pet-ct-skull-base-to-mid-thigh",
      "procedure/image-guided-biopsy-spine",
      "procedure/medical-management-only",
      "procedure/percutaneous-vertebral-augmentation",
      "procedure/surgical-consultation",
      "procedure/percutaneous-ablation-spine",
      "procedure/radiation-oncology-consultation",
      "procedure/systemic-radionuclide-therapy",
      "modifier/myelography",
      "imaging/spine-radiograph",
      "history/spinal-fusion",
      "condition/arthrodesis-status",
      "condition/vcf",
      "condition/vcf-osteoporotic",
      "condition/vcf-pathological",
      "condition/vcf-neoplastic",
      "condition/vcf-traumatic",
      "condition/vertebral-fatigue-fracture",
      "condition/spine-fracture",
      "condition/osteoporosis",
      "condition/osteoporotic-fracture-history",
      "condition/healed-fracture-history",
      "condition/skin-carcinoma",
      "condition/carcinoma-in-situ",
      "condition/myeloma",
      "condition/bone-metastasis",
      "condition/malignancy",
      "condition/malignancy-history",
      "condition/cancer-treatment-history",
      "condition/back-pain",
      "condition/kyphosis",
      "condition/hiv",
      "history/systemic-steroids",
      "history/immunosuppression",
      "history/drug-abuse",
      "finding/fever",
      "finding/weight-loss",
      "red-flag/spine-infection",
      "red-flag/cauda-equina",
      "red-flag/neurological-deficit",
      "red-flag/major-trauma",
      "red-flag/high-energy-injury",
      "condition/pulmonary-dysfunction",
      "finding/bone-marrow-edema",
      "finding/intravertebral-cleft",
      "finding/pain-severity-score",
      "site/spine",
      // The safety stage (engine/safety/patient_safety.cc).
      "safety/contrast-iodinated",
      "safety/contrast-gadolinium",
      "safety/implant-pacemaker",
      "safety/implant-icd",
      "safety/implant-neurostimulator",
      "safety/implant-cochlear",
      "safety/mr-safe",
      "safety/mr-conditional",
      "safety/mr-unsafe",
      "safety/mr-unlabelled",
      "safety/egfr",
      "safety/dialysis",
      "safety/pregnancy-status",
      "safety/pregnant",
      "safety/not-pregnant",
      "safety/possibly-pregnant",
  };
  for (const auto& m : terms().mappings()) {
    BOOST_TEST(vocabulary.contains(m.concept_id), m.source << ": " << m.concept_id);
  }
  // And every rated procedure id in the criteria is a vocabulary procedure.
  for (const auto& topic : shipped_knowledge_base().topics()) {
    for (const auto& v : topic.variants) {
      for (const auto& p : v.procedures) {
        BOOST_TEST(vocabulary.contains("procedure/" + p.id), p.id);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_orderable_imaging_procedure_has_cpt_and_loinc_codes) {
  for (const auto& v : shipped_knowledge_base().topics().front().variants) {
    if (v.kind != engine::VariantKind::kImaging) continue;
    for (const auto& p : v.procedures) {
      bool cpt = false, loinc = false;
      for (const auto* c : terms().codes_for("procedure/" + p.id, Region::kLumbar)) {
        cpt = cpt || c->system == engine::kCpt;
        loinc = loinc || c->system == engine::kLoinc;
      }
      // CT myelography has no CPT of its own: it is billed as CT with contrast plus a
      // myelography injection (modifier/myelography).
      if (p.id != "ct-myelography-spine") BOOST_TEST(cpt, p.id);
      BOOST_TEST(loinc, p.id);
    }
  }
}

BOOST_AUTO_TEST_CASE(site_files_add_local_order_codes_without_a_rebuild) {
  auto kb = engine::KnowledgeBase::load({AUC_DATA_DIR, fixture("local-codes")});
  BOOST_TEST_REQUIRE(kb.has_value(), (kb ? "" : kb.error().to_string()));
  const auto& t = (*kb)->terminology();
  const auto* epic = t.lookup("urn:oid:1.2.840.114350.1.13.999.2.7.2.696580", "IMG5501");
  BOOST_TEST_REQUIRE(epic != nullptr);
  BOOST_TEST(epic->concept_id == "procedure/mri-spine-without-iv-contrast");
  BOOST_TEST((epic->region == Region::kLumbar));
  BOOST_TEST(epic->source == "site-order-codes.csv:3");
  const auto* cerner = t.lookup(
      "https://fhir.cerner.com/ec2458f2-1e24-41c8-b71b-0e701af7583d/codeSet/200", "2757683");
  BOOST_TEST_REQUIRE(cerner != nullptr);
  BOOST_TEST(cerner->concept_id == "procedure/ct-spine-without-iv-contrast");
  const auto* referral = t.lookup("urn:oid:1.2.840.114350.1.13.999.2.7.2.696580", "REF7701");
  BOOST_TEST_REQUIRE(referral != nullptr);
  BOOST_TEST(referral->display == "REFERRAL TO SPINE SURGERY, OUTPATIENT");
  // The shipped codes are still there.
  BOOST_TEST(t.lookup(engine::kCpt, "72148") != nullptr);
  // The default knowledge base knows nothing of the site's codes.
  BOOST_TEST(terms().lookup("urn:oid:1.2.840.114350.1.13.999.2.7.2.696580", "IMG5501") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace auc::test
