#define BOOST_TEST_MODULE knowledge
#include <boost/test/unit_test.hpp>
