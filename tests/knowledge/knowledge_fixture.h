// Loading the shipped knowledge base, and building throw-away data directories that differ from
// it in one file, for the refusal tests.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "engine/knowledge_base.h"

namespace auc::test {

// The shipped engine/data, loaded once per test binary; fails the test if it does not load.
const engine::KnowledgeBase& shipped_knowledge_base();

std::string fixture(const std::string& name);  // tests/fixtures/knowledge/<name>

// A copy of engine/data in a fresh temporary directory, removed on destruction.
class DataDirCopy {
 public:
  DataDirCopy();
  ~DataDirCopy();
  DataDirCopy(const DataDirCopy&) = delete;
  DataDirCopy& operator=(const DataDirCopy&) = delete;

  // Copies a fixture file into <copy>/<subdir>/ (e.g. "criteria", "terminology").
  void add(const std::string& fixture_name, const std::string& subdir);
  const std::filesystem::path& path() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace auc::test
