// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "base/result.hpp"

namespace havip::base {
namespace {

Result<int> half(int v) {
    if (v % 2) return Result<int>::error("odd: " + std::to_string(v));
    return v / 2;
}

TEST(Result, ValueOrMessage) {
    auto r = half(8);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, 4);
    EXPECT_TRUE(r.message().empty());
    EXPECT_TRUE(r.status().ok());
    auto e = half(3);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.message(), "odd: 3");
    EXPECT_EQ(e.error().message(), "odd: 3");
}

TEST(Result, StatusFromErrno) {
    Status ok;
    EXPECT_TRUE(ok);
    EXPECT_EQ(ok.code(), 0);
    Status s = Status::from_errno("open x", ENOENT);
    EXPECT_FALSE(s);
    EXPECT_EQ(s.code(), ENOENT);
    EXPECT_EQ(s.message(), "open x: No such file or directory");
    // An error with an empty message is still an error.
    EXPECT_FALSE(Status::error(""));
    Result<std::string> r = s;
    EXPECT_FALSE(r);
    EXPECT_EQ(r.status().code(), ENOENT);
}

struct Located {
    std::string message;
    std::size_t offset = 0;
};

TEST(Result, OtherErrorType) {
    Result<int, Located> r = Located{"bad", 7};
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().offset, 7u);
    Result<int, Located> ok = 1;
    EXPECT_EQ(ok.value(), 1);
}

TEST(Result, MovesTheValueOut) {
    Result<std::string> r = std::string(100, 'x');
    std::string s = std::move(r).value();
    EXPECT_EQ(s.size(), 100u);
}

}  // namespace
}  // namespace havip::base
