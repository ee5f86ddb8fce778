// A value or an error, for APIs that must not throw across module boundaries.
// (std::expected is C++23; this is the small subset the project needs.)
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace auc {

// A constructor rather than an aggregate: parenthesised aggregate initialisation is C++20 that
// clang implements only from version 16, and the fuzz build uses clang.
template <class E>
struct Unexpected {
  explicit Unexpected(E e) : error(std::move(e)) {}
  E error;
};
template <class E>
Unexpected(E) -> Unexpected<E>;

template <class T, class E>
class Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(implicit)
  template <class G>
  Expected(Unexpected<G> e)  // NOLINT(implicit)
      : state_(std::in_place_index<1>, std::move(e.error)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const {
    assert(!has_value());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, E> state_;
};

// For operations that produce nothing but may fail.
struct Ok {};

}  // namespace auc
