#include "hooks/offline/codes_check_command.h"

#include <filesystem>
#include <string>

#include "engine/knowledge_base.h"

namespace auc::hooks {

int codes_command(const std::vector<std::string_view>& args, std::string_view default_data_dir,
                  std::ostream& out, std::ostream& err) {
  constexpr std::string_view kUsage = "usage: auc-hooks codes check DIR [--data-dir DIR]";
  if (args.empty() || args.front() != "check") {
    err << "auc-hooks codes: expected the check subcommand (" << kUsage << ")\n";
    return 2;
  }
  engine::KnowledgeBaseOptions options;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--data-dir" && i + 1 < args.size()) {
      options.data_dir = args[++i];
    } else if (options.local_codes_dir.empty() && !args[i].starts_with("-")) {
      options.local_codes_dir = args[i];
    } else {
      err << "auc-hooks codes check: unexpected argument '" << args[i] << "' (" << kUsage << ")\n";
      return 2;
    }
  }
  if (options.local_codes_dir.empty()) {
    err << "auc-hooks codes check: which directory? (" << kUsage << ")\n";
    return 2;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(options.local_codes_dir, ec)) {
    err << "auc-hooks codes check: " << options.local_codes_dir << ": not a directory\n";
    return 1;
  }
  if (options.data_dir.empty()) options.data_dir = default_data_dir;
  auto kb = engine::KnowledgeBase::load(options);
  if (!kb) {
    // The words the server prints when it refuses to start on the same files.
    err << "knowledge base: " << kb.error().to_string() << "\n";
    return 1;
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(options.local_codes_dir, ec)) {
    if (entry.path().extension() == ".csv") ++files;
  }
  out << options.local_codes_dir << ": OK, " << files
      << " site code file(s) load beside the shipped tables ("
      << kb.value()->terminology().mappings().size() << " codes in all)\n";
  return 0;
}

}  // namespace auc::hooks
