// `auc-hooks codes check DIR`: validates site code files with the loader the server runs at
// start, so a file that passes here loads there, and a refusal reads the same (file, row and
// column).
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

namespace auc::hooks {

// Exit status: 0 the files load, 1 a file is refused, 2 bad arguments.
int codes_command(const std::vector<std::string_view>& args, std::string_view default_data_dir,
                  std::ostream& out, std::ostream& err);

}  // namespace auc::hooks
