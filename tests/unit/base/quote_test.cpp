// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <string>

#include "base/quote.hpp"

namespace havip::base {
namespace {

TEST(Quote, EscapesWhatJsonAndTomlNeed) {
    EXPECT_EQ(quote(""), "\"\"");
    EXPECT_EQ(quote("plain text"), "\"plain text\"");
    EXPECT_EQ(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(quote("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
    EXPECT_EQ(quote(std::string("\0\x1b\x7f", 3)), "\"\\u0000\\u001b\\u007f\"");
}

TEST(Quote, KeepsUtf8AndReplacesInvalidBytes) {
    EXPECT_EQ(quote("caf\xc3\xa9 \xe2\x82\xac"), "\"caf\xc3\xa9 \xe2\x82\xac\"");
    EXPECT_EQ(quote("\xff"), "\"\\ufffd\"");
    EXPECT_EQ(quote("\xc3"), "\"\\ufffd\"");                        // truncated
    EXPECT_EQ(quote("\xc0\xaf"), "\"\\ufffd\\ufffd\"");             // overlong
    EXPECT_EQ(quote("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // surrogate
    // C1 controls (a terminal's CSI) and the JavaScript line separators.
    EXPECT_EQ(quote("\xc2\x9b"), "\"\\u009b\"");
    EXPECT_EQ(quote("\xe2\x80\xa8"), "\"\\u2028\"");
}

TEST(Quote, AppendsAndDecodes) {
    std::string out = "x=";
    append_quoted(out, "y");
    EXPECT_EQ(out, "x=\"y\"");
    const Utf8 d = decode_utf8("\xf0\x9f\x98\x80", 0);
    EXPECT_TRUE(d.valid);
    EXPECT_EQ(d.cp, U'\U0001F600');
    EXPECT_EQ(d.len, 4u);
}

}  // namespace
}  // namespace havip::base
