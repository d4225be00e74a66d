// SPDX-License-Identifier: MIT
#pragma once
/// The one result type of havip: every failure is a value carrying a message,
/// never an exception and never an empty string meaning success. g++ 12 has no
/// std::expected, so these stand in for it.
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace havip::base {

/// Outcome of an operation that returns nothing: ok, or an error message that
/// names what failed and why (errno text included where there is one).
class [[nodiscard]] Status {
  public:
    Status() = default;
    static Status error(std::string message) {
        Status s;
        s.ok_ = false;
        s.message_ = std::move(message);
        return s;
    }
    /// "<what>: <strerror(err)>", code() err.
    static Status from_errno(std::string_view what, int err);

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok(); }
    /// Empty when ok().
    const std::string& message() const { return message_; }
    /// The errno of a from_errno() failure, else 0.
    int code() const { return code_; }

  private:
    bool ok_ = true;
    std::string message_;
    int code_ = 0;
};

/// A value or an error. The error is a Status unless a module needs more (the
/// plan loader's error also carries the byte offset).
template <class T, class E = Status>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
    Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit on purpose
    /// A failed Result with this message.
    static Result error(std::string message) requires std::is_same_v<E, Status> {
        return Result(Status::error(std::move(message)));
    }

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    /// The value; only when ok().
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& operator*() { return std::get<0>(v_); }
    const T& operator*() const { return std::get<0>(v_); }
    /// The error; only when !ok().
    const E& error() const { return std::get<1>(v_); }

    /// The error message, empty when ok().
    const std::string& message() const requires std::is_same_v<E, Status> { return status().message(); }
    /// Ok, or the error.
    const Status& status() const requires std::is_same_v<E, Status> {
        static const Status none;
        return ok() ? none : std::get<1>(v_);
    }

  private:
    std::variant<T, E> v_;
};

}  // namespace havip::base
