#define BOOST_TEST_MODULE fhir
#include <boost/test/unit_test.hpp>
