// The integration suite: every test here starts the real auc-hooks binary.
#define BOOST_TEST_MODULE server
#include <boost/test/unit_test.hpp>
