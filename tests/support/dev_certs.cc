#include "tests/support/dev_certs.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>

namespace auc::test {

std::string make_dev_certs(const std::string& dir) {
  const std::string script = std::string(AUC_SOURCE_DIR) + "/certs/make-dev-certs.sh";
  BOOST_TEST_REQUIRE(std::system((script + " " + dir + " >/dev/null").c_str()) == 0);
  return dir;
}

}  // namespace auc::test
