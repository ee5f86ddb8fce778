// The integration suite: every test here starts the real auc-hooks binary.
#define BOOST_TEST_MODULE server
#include <boost/test/unit_test.hpp>
#include <csignal>

namespace {

// Clients here write to connections the server refuses (TLS alerts) or closes; as in
// hooks/main.cc, a broken pipe must be an error return, not the silent end of the whole run.
struct IgnoreBrokenPipes {
  IgnoreBrokenPipes() { std::signal(SIGPIPE, SIG_IGN); }
};
BOOST_TEST_GLOBAL_FIXTURE(IgnoreBrokenPipes);

}  // namespace
