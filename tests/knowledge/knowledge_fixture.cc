#include "tests/knowledge/knowledge_fixture.h"

#include <boost/test/unit_test.hpp>
#include <random>

namespace auc::test {

namespace fs = std::filesystem;

const engine::KnowledgeBase& shipped_knowledge_base() {
  static const std::shared_ptr<const engine::KnowledgeBase> kb = [] {
    auto loaded = engine::KnowledgeBase::load({AUC_DATA_DIR, ""});
    BOOST_TEST_REQUIRE(loaded.has_value(),
                       "shipped data must load: " << (loaded ? "" : loaded.error().to_string()));
    return *loaded;
  }();
  return *kb;
}

std::string fixture(const std::string& name) {
  return (fs::path(AUC_FIXTURES_DIR) / "knowledge" / name).string();
}

DataDirCopy::DataDirCopy() {
  std::random_device rd;
  root_ = fs::temp_directory_path() / ("auc-kb-test-" + std::to_string(rd()));
  fs::create_directories(root_);
  fs::copy(AUC_DATA_DIR, root_, fs::copy_options::recursive);
}

DataDirCopy::~DataDirCopy() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void DataDirCopy::add(const std::string& fixture_name, const std::string& subdir) {
  fs::create_directories(root_ / subdir);
  fs::copy_file(fixture(fixture_name), root_ / subdir / fs::path(fixture_name).filename(),
                fs::copy_options::overwrite_existing);
}

}  // namespace auc::test
