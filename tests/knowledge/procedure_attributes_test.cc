// The safety rules act on each procedure's modality, contrast and radiation, so those must be
// stated for every rated procedure, agree with the ACR names and radiation levels, and refuse to
// load when missing or misspelt.
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "engine/criteria/criteria_document.h"
#include "engine/criteria/criteria_loader.h"
#include "tests/knowledge/knowledge_fixture.h"

namespace auc::test {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

const std::string kShippedCriteria =
    std::string(AUC_DATA_DIR) + "/criteria/acr-vertebral-compression-fractures-2022.json";

// The shipped criteria with one edit, parsed as if it were the file itself.
engine::LoadError refusal_after(const std::function<void(rapidjson::Document&)>& edit) {
  std::ifstream in(kShippedCriteria, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError());
  edit(doc);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  auto topic = engine::parse_criteria_json({buffer.GetString(), buffer.GetSize()}, "edited.json");
  BOOST_TEST_REQUIRE(!topic.has_value(), "the edited criteria must be refused");
  return topic.error();
}

void set_string(rapidjson::Document& doc, const char* pointer, const char* value) {
  rapidjson::Pointer(pointer).Set(doc, value);
}

const std::string kGadoliniumMri = "/procedure_attributes/mri-spine-with-iv-contrast";

}  // namespace

BOOST_AUTO_TEST_SUITE(procedure_attributes)

BOOST_AUTO_TEST_CASE(every_rated_procedure_states_its_attributes_consistently_with_its_name) {
  std::size_t checked = 0;
  for (const auto& topic : shipped_knowledge_base().topics()) {
    for (const auto& variant : topic.variants) {
      for (const auto& p : variant.procedures) {
        ++checked;
        const auto& a = p.attributes;
        const bool with_iv = contains(p.name, "with IV contrast");
        const bool without_iv_only = contains(p.name, "without IV contrast") && !with_iv;
        if (contains(p.name, "MRI ")) {
          BOOST_TEST((a.modality == engine::Modality::kMri), p.name);
          BOOST_TEST(!a.ionising_radiation, p.name);
          if (with_iv) BOOST_TEST((a.contrast == engine::ContrastAgent::kGadolinium), p.name);
        }
        if (contains(p.name, "CT ") && !contains(p.name, "PET") && !contains(p.name, "SPECT")) {
          BOOST_TEST((a.modality == engine::Modality::kCt), p.name);
          if (with_iv) BOOST_TEST((a.contrast == engine::ContrastAgent::kIodinated), p.name);
        }
        if (with_iv) {
          BOOST_TEST((a.contrast_route == engine::ContrastRoute::kIntravenous), p.name);
        }
        if (without_iv_only) {
          BOOST_TEST((a.contrast == engine::ContrastAgent::kNone), p.name);
        }
        if (contains(p.name, "myelography")) {
          BOOST_TEST((a.contrast == engine::ContrastAgent::kIodinated), p.name);
          BOOST_TEST((a.contrast_route == engine::ContrastRoute::kIntrathecal), p.name);
        }
        if (contains(p.name, "PET")) BOOST_TEST((a.modality == engine::Modality::kPet), p.name);
        if (contains(p.name, "Bone scan") || contains(p.name, "SPECT")) {
          BOOST_TEST((a.modality == engine::Modality::kNuclearMedicine), p.name);
        }
        // Route and agent go together.
        BOOST_TEST(((a.contrast == engine::ContrastAgent::kNone) ==
                    (a.contrast_route == engine::ContrastRoute::kNone)),
                   p.name);
        // Every radiation level above 0 is ionising; level 0 never is.
        for (int level : {p.rrl_adult.level, p.rrl_peds.level}) {
          if (level > 0) BOOST_TEST(a.ionising_radiation, p.name);
          if (level == 0) BOOST_TEST(!a.ionising_radiation, p.name);
        }
        if (!p.orderable) {
          BOOST_TEST((a.modality == engine::Modality::kMedicalManagement), p.name);
        }
      }
    }
  }
  BOOST_TEST(checked == 71u);
}

BOOST_AUTO_TEST_CASE(the_criteria_document_shows_the_attributes) {
  const std::string json = engine::criteria_document_json(shipped_knowledge_base());
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError());
  std::set<std::string> seen;
  for (const auto& variant : doc["topics"][0]["variants"].GetArray()) {
    for (const auto& p : variant["procedures"].GetArray()) {
      BOOST_TEST_REQUIRE(p.HasMember("attributes"));
      const auto& a = p["attributes"];
      if (std::string(p["id"].GetString()) == "ct-myelography-spine") {
        BOOST_TEST(a["modality"].GetString() == "ct");
        BOOST_TEST(a["contrast"].GetString() == "iodinated");
        BOOST_TEST(a["contrast_route"].GetString() == "intrathecal");
        BOOST_TEST(a["ionising_radiation"].GetBool());
      }
      if (std::string(p["id"].GetString()) == "mri-spine-without-and-with-iv-contrast") {
        BOOST_TEST(a["modality"].GetString() == "mri");
        BOOST_TEST(a["contrast"].GetString() == "gadolinium");
        BOOST_TEST(a["contrast_route"].GetString() == "iv");
        BOOST_TEST(!a["ionising_radiation"].GetBool());
      }
      seen.insert(a["modality"].GetString());
    }
  }
  for (const char* m : {"mri", "ct", "nuclear-medicine", "pet", "intervention", "consultation",
                        "medical-management"}) {
    BOOST_TEST(seen.contains(m), m);
  }
}

BOOST_AUTO_TEST_CASE(a_rated_procedure_without_attributes_is_refused) {
  const auto e = refusal_after([](rapidjson::Document& doc) {
    doc["procedure_attributes"].RemoveMember("mri-spine-with-iv-contrast");
  });
  BOOST_TEST(e.file == "edited.json");
  BOOST_TEST(e.location == kGadoliniumMri);
  BOOST_TEST(contains(e.message, "missing"));
  BOOST_TEST(contains(e.message, "MRI spine area of interest with IV contrast"));
}

BOOST_AUTO_TEST_CASE(criteria_without_any_attributes_are_refused) {
  const auto e =
      refusal_after([](rapidjson::Document& doc) { doc.RemoveMember("procedure_attributes"); });
  BOOST_TEST(e.field == "procedure_attributes");
  BOOST_TEST(e.message == "missing");
}

BOOST_AUTO_TEST_CASE(unknown_values_are_refused_with_their_path) {
  struct Case {
    const char* pointer;
    const char* value;
    std::string location;
    std::string says;
  };
  for (const Case& c : {
           Case{"/procedure_attributes/mri-spine-with-iv-contrast/contrast", "gadolinum",
                kGadoliniumMri + "/contrast", "gadolinum"},
           Case{"/procedure_attributes/mri-spine-with-iv-contrast/modality", "x-ray",
                kGadoliniumMri + "/modality", "x-ray"},
           Case{"/procedure_attributes/mri-spine-with-iv-contrast/contrast_route", "oral",
                kGadoliniumMri + "/contrast_route", "oral"},
           Case{"/procedure_attributes/mri-spine-without-iv-contrast/contrast_route", "iv",
                "/procedure_attributes/mri-spine-without-iv-contrast/contrast_route",
                "without contrast has no contrast route"},
       }) {
    const auto e =
        refusal_after([&](rapidjson::Document& doc) { set_string(doc, c.pointer, c.value); });
    BOOST_TEST(e.location == c.location, c.pointer);
    BOOST_TEST(contains(e.message, c.says), e.to_string());
  }
}

BOOST_AUTO_TEST_CASE(contrast_without_a_route_is_refused) {
  const auto e = refusal_after([](rapidjson::Document& doc) {
    doc["procedure_attributes"]["ct-myelography-spine"].RemoveMember("contrast_route");
  });
  BOOST_TEST(e.location == "/procedure_attributes/ct-myelography-spine/contrast_route");
  BOOST_TEST(contains(e.message, "states its route"));
}

BOOST_AUTO_TEST_CASE(radiation_that_contradicts_the_rating_table_is_refused) {
  // Bone scan is ☢☢☢ in the table; MRI is O 0 mSv.
  const auto bone = refusal_after([](rapidjson::Document& doc) {
    doc["procedure_attributes"]["bone-scan-whole-body"]["ionising_radiation"].SetBool(false);
  });
  BOOST_TEST(bone.location == "/procedure_attributes/bone-scan-whole-body/ionising_radiation");
  BOOST_TEST(contains(bone.message, "Bone scan whole body"));
  const auto mri = refusal_after([](rapidjson::Document& doc) {
    doc["procedure_attributes"]["mri-spine-without-iv-contrast"]["ionising_radiation"].SetBool(
        true);
  });
  BOOST_TEST(mri.location ==
             "/procedure_attributes/mri-spine-without-iv-contrast/ionising_radiation");
  BOOST_TEST(contains(mri.message, "O 0 mSv"));
  const auto not_bool = refusal_after([](rapidjson::Document& doc) {
    doc["procedure_attributes"]["bone-scan-whole-body"]["ionising_radiation"].SetString("yes");
  });
  BOOST_TEST(not_bool.message == "must be a boolean");
}

BOOST_AUTO_TEST_CASE(attributes_for_a_procedure_no_variant_rates_are_refused) {
  const auto e = refusal_after([](rapidjson::Document& doc) {
    rapidjson::Value copy(doc["procedure_attributes"]["mri-spine-without-iv-contrast"],
                          doc.GetAllocator());
    doc["procedure_attributes"].AddMember("mri-brain-without-iv-contrast", copy,
                                          doc.GetAllocator());
  });
  BOOST_TEST(e.location == "/procedure_attributes/mri-brain-without-iv-contrast");
  BOOST_TEST(contains(e.message, "no variant rates"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace auc::test
