// The SQLite ledger's packed JSON documents: what goes in comes out byte for byte, and a damaged
// or foreign blob is an error, never a crash or an unbounded allocation.
#include "cards/ledger/sqlite/packed_json.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace auc::cards::ledger::sqlite {
namespace {

std::string pack(const std::vector<std::string_view>& documents) {
  std::string blob;
  BOOST_REQUIRE(pack_json(documents, blob));
  return blob;
}

void put_u32(std::string& blob, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) blob[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

BOOST_AUTO_TEST_SUITE(packed_json)

BOOST_AUTO_TEST_CASE(documents_come_back_byte_for_byte) {
  const std::string facts = R"([{"order":"ServiceRequest/sr-1","variant":2,"text":"é – ✓"}])";
  std::string cards = "[";
  for (int i = 0; i < 200; ++i) cards += R"({"summary":"Consider MRI spine"},)";
  cards += "{}]";
  const std::vector<std::string_view> in = {facts, cards, "", std::string_view("a\0b", 3)};
  const std::string blob = pack(in);
  BOOST_TEST(blob.size() < cards.size() / 4);
  auto out = unpack_json(blob, in.size());
  BOOST_REQUIRE(out.has_value());
  BOOST_REQUIRE(out->size() == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) BOOST_TEST((*out)[i] == in[i]);
}

BOOST_AUTO_TEST_CASE(empty_documents_pack_and_unpack) {
  auto out = unpack_json(pack({"", "", ""}), 3);
  BOOST_REQUIRE(out.has_value());
  BOOST_TEST(out->size() == 3u);
  BOOST_TEST((*out)[0].empty());
}

BOOST_AUTO_TEST_CASE(a_blob_of_another_format_or_count_is_refused) {
  const std::string blob = pack({"[1]", "[2]", "[3]"});
  BOOST_TEST(!unpack_json(blob, 2).has_value());
  std::string other = blob;
  other[0] = 2;
  auto refused = unpack_json(other, 3);
  BOOST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error().find("format") != std::string::npos);
  BOOST_TEST(!unpack_json("", 3).has_value());
  BOOST_TEST(!unpack_json("[1]", 3).has_value());  // text where a blob belongs
}

BOOST_AUTO_TEST_CASE(truncated_or_corrupt_blobs_are_errors) {
  const std::string cards(5000, 'x');
  const std::string blob = pack({"[1]", cards, "[3]"});
  for (std::size_t cut : {std::size_t{3}, std::size_t{10}, blob.size() - 1}) {
    BOOST_TEST(!unpack_json(blob.substr(0, cut), 3).has_value(), "cut at " << cut);
  }
  std::string wrong_size = blob;
  put_u32(wrong_size, 9, 4999);  // the second document's recorded length
  BOOST_TEST(!unpack_json(wrong_size, 3).has_value());
  std::string huge = blob;
  put_u32(huge, 9, 0xFFFFFFFFu);  // would need 4 GB: refused before allocating
  auto refused = unpack_json(huge, 3);
  BOOST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error().find("limit") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_packed_fields_are_the_json_documents_in_column_order) {
  std::vector<std::string_view> columns;
  for (const CallField* f : packed_fields()) columns.push_back(f->column);
  BOOST_TEST((columns ==
              std::vector<std::string_view>{"facts_json", "cards_json", "system_actions_json"}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace auc::cards::ledger::sqlite
