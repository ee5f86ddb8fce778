// Order codes as EHRs send them: CPT with modifiers, Category III codes, and codings that name
// different studies.
#include <boost/test/unit_test.hpp>
#include <deque>

#include "engine/assessment.h"
#include "engine/assessment_json.h"
#include "engine/order/ordered_study.h"
#include "engine/terminology/cpt_code.h"
#include "engine/terminology/terminology_loader.h"
#include "tests/support/fhir_builders.h"

using namespace test;
using auc::engine::Outcome;
using auc::engine::Region;
using auc::engine::split_cpt;

namespace {

// The study's evidence points into its request's JSON, so every request stays alive until the
// test program ends.
auc::engine::OrderedStudy recognise(const std::vector<Code>& codes) {
  static std::deque<Request> requests;
  requests.push_back(request(order(codes), {}));
  return auc::engine::recognise_order(kb().terminology(), requests.back().order);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(order_codes)

BOOST_AUTO_TEST_CASE(cpt_code_and_modifiers_are_split) {
  struct Case {
    const char* text;
    const char* code;
    const char* modifiers;
  };
  const Case cases[] = {
      {"72132", "72132", ""},         {"72132-26", "72132", "-26"},
      {"72132 26", "72132", " 26"},   {"7213226", "72132", "26"},
      {"72132TC", "72132", "TC"},     {"72132-26-59", "72132", "-26-59"},
      {" 72132-TC ", "72132", "-TC"}, {"0200T", "0200T", ""},
      {"0200T-RT", "0200T", "-RT"},   {"3008F", "3008F", ""},
      {"0042U", "0042U", ""},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.text) {
      const auto s = split_cpt(c.text);
      BOOST_TEST(s.code == c.code);
      BOOST_TEST(s.modifiers == c.modifiers);
    }
  }
  // Not CPT: too short, a letter inside the code, a dangling modifier character.
  for (const char* text : {"7213", "72A32", "721322", "72132-2", "72132--26", "0200X", ""}) {
    BOOST_TEST_CONTEXT(text) {
      BOOST_TEST(split_cpt(text).code.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(modifiers_are_stripped_before_lookup_and_kept_in_the_evidence) {
  for (const char* sent : {"72132-26", "72132 26", "7213226", "72132TC"}) {
    BOOST_TEST_CONTEXT(sent) {
      const auto s = recognise({{kCpt, sent, "CT lumbar spine with contrast"}});
      BOOST_TEST(std::string(s.procedure_id) == "ct-spine-with-iv-contrast");
      BOOST_TEST((s.region == Region::kLumbar));
      BOOST_REQUIRE(!s.evidence.empty());
      BOOST_TEST(s.evidence.front().code == sent);  // as sent
      BOOST_TEST(!s.evidence.front().modifiers.empty());
    }
  }
  // Without modifiers nothing is recorded.
  BOOST_TEST(recognise({{kCpt, "72132", ""}}).evidence.front().modifiers.empty());
  // A five-digit code that is not in the data stays unknown, modifier or not.
  BOOST_TEST(recognise({{kCpt, "72199-26", ""}}).procedure_id.empty());
}

BOOST_AUTO_TEST_CASE(a_category_iii_code_is_looked_up_whole) {
  auc::engine::TerminologyLoader loader;
  BOOST_REQUIRE(
      loader.add_text("system,code,display,concept\n"
                      "cpt,0200T,Percutaneous sacral augmentation; unilateral,"
                      "procedure/percutaneous-vertebral-augmentation\n",
                      "site.csv"));
  auto built = std::move(loader).finish();
  BOOST_REQUIRE(built);
  const auc::engine::Terminology& t = *built;
  for (const char* sent : {"0200T", "0200T-RT", "0200T 59", "0200TRT"}) {
    BOOST_TEST_CONTEXT(sent) {
      const auto* m = t.lookup(auc::engine::kCpt, sent);
      BOOST_REQUIRE(m != nullptr);
      BOOST_TEST(m->code == "0200T");
    }
  }
  BOOST_TEST(t.lookup(auc::engine::kCpt, "0200") == nullptr);
  BOOST_TEST(t.lookup(auc::engine::kCpt, "0200TR") == nullptr);
}

BOOST_AUTO_TEST_CASE(the_assessment_json_says_a_modifier_was_sent) {
  const auto r = request(
      order({{kCpt, "72132-26", "CT lumbar spine with contrast"}}, {{kIcd, "M80.08XA", ""}}),
      {condition("c1", {{{kIcd, "M80.08XA", ""}}, "active", "confirmed", "2024-05-20", ""})});
  const auto a = assess(r);
  const std::string json = auc::engine::assessment_to_json(a);
  BOOST_TEST(json.find(R"("code":"72132-26")") != std::string::npos, json);
  BOOST_TEST(json.find(R"("modifiers":"-26")") != std::string::npos, json);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(order_codes_disagreeing)

const std::vector<Code> kFracture = {{kIcd, "M80.08XA", ""}};

BOOST_AUTO_TEST_CASE(codes_of_different_contrast_rate_nothing_and_say_why) {
  // The CPT says CT without contrast, the LOINC without and with: which study is meant?
  const auto r = request(order({{kCpt, "72131", "CT lumbar spine without contrast"},
                                {kLoinc, "36402-6", "CT Lumbar spine WO and W contrast IV"}},
                               kFracture),
                         {condition("c1", {kFracture, "active", "confirmed", "2024-05-20", ""})});
  const auto a = assess(r);
  BOOST_TEST((a.outcome == Outcome::kNoCriteriaApply));
  BOOST_TEST(a.order_codes_disagree);
  BOOST_TEST(a.procedure_id.empty());
  BOOST_TEST(a.variant == nullptr);
  BOOST_TEST(a.reason.find("72131 (ct-spine-without-iv-contrast)") != std::string::npos, a.reason);
  BOOST_TEST(a.reason.find("36402-6 (ct-spine-without-and-with-iv-contrast)") != std::string::npos,
             a.reason);
  BOOST_TEST(a.order_evidence.size() == 2u);
  BOOST_TEST(auc::engine::assessment_to_json(a).find(R"("orderCodesDisagree":true)") !=
             std::string::npos);
  // MRI and CT disagree on modality.
  const auto m = request(order({{kCpt, "72148", ""}, {kLoinc, "30620-9", ""}}, kFracture),
                         {condition("c1", {kFracture, "active", "confirmed", "2024-05-20", ""})});
  BOOST_TEST(assess(m).order_codes_disagree);
}

BOOST_AUTO_TEST_CASE(codes_of_one_modality_and_contrast_rate_the_most_specific) {
  // LOINC MR spine with contrast (no region) beside CPT MRI lumbar with contrast: the same study
  // named twice, one of them vaguer. MR "without and with" is gadolinium IV too.
  const auto s = recognise({{kLoinc, "36256-6", "MR Spine W contrast IV"},
                            {kCpt, "72149", "MRI lumbar spine with contrast"}});
  BOOST_TEST(s.candidates.empty());  // one procedure: nothing to settle
  const auto r = request(
      order({{kLoinc, "36400-0", "MR Spine WO and W contrast IV"},
             {kCpt, "72149", "MRI lumbar spine with contrast"}},
            kFracture),
      {condition("c1", {kFracture, "active", "confirmed", "2024-05-20", ""}),
       condition(
           "c2",
           {{{kSnomed, "279039007", "Low back pain"}}, "active", "confirmed", "2024-05-20", ""})});
  const auto a = assess(r);
  BOOST_TEST(!a.order_codes_disagree);
  // The coding that names a region is the more specific one, though it comes second.
  BOOST_TEST(std::string(a.procedure_id) == "mri-spine-with-iv-contrast");
  BOOST_TEST((a.region == Region::kLumbar));
  BOOST_TEST((a.outcome == Outcome::kRated));
  bool noted = false;
  for (const auto& n : a.notes) noted = noted || n.find("most specific") != std::string::npos;
  BOOST_TEST(noted);
}

BOOST_AUTO_TEST_SUITE_END()
