// Unit tests of the hooks layer that need no running server.
#define BOOST_TEST_MODULE hooks
#include <boost/test/unit_test.hpp>
