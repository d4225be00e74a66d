// SPDX-License-Identifier: MIT
#pragma once
/// Small result types for runtime/sys: every failure is a message, never an exception.
/// g++ 12 has no std::expected, so these stand in for it.
#include <optional>
#include <string>
#include <utility>

namespace havip::sys {

/// Outcome of an operation that returns nothing: ok, or an error message that
/// names what failed and why (errno text included where there is one).
class [[nodiscard]] Status {
public:
    Status() = default;
    static Status error(std::string message) { Status s; s.error_ = std::move(message); return s; }
    /// "<what>: <strerror(err)>"
    static Status from_errno(std::string_view what, int err);

    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    /// Empty when ok().
    const std::string& message() const { static const std::string none; return error_ ? *error_ : none; }
    /// The errno of a from_errno() failure, else 0.
    int code() const { return code_; }

private:
    std::optional<std::string> error_;
    int code_ = 0;
};

/// A value or an error message.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
    Result(Status status) : status_(std::move(status)) {}  // NOLINT: must carry an error
    static Result error(std::string message) { return Result(Status::error(std::move(message))); }

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }
    T& value() & { return *value_; }
    const T& value() const& { return *value_; }
    T&& value() && { return std::move(*value_); }
    T* operator->() { return &*value_; }
    const T* operator->() const { return &*value_; }
    T& operator*() { return *value_; }
    const T& operator*() const { return *value_; }
    const std::string& message() const { return status_.message(); }
    const Status& status() const { return status_; }

private:
    std::optional<T> value_;
    Status status_;
};

}  // namespace havip::sys
