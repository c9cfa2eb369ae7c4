#pragma once

#include "domain/cel/ast.hpp"
#include "domain/cel/value.hpp"

namespace stackd::domain::cel {

// Evaluates a parsed expression with cel-js 0.8's semantics: JavaScript numbers, `&&` that
// only short-circuits on a leading `false`, `||` that evaluates every operand, the `has` and
// `size` functions, the all/exists/exists_one/filter/map macros, and no method calls
// besides those macros. `context` is the variables map (macros bind their variable in it
// while they run). Throws EvaluationError or OtherError.
Value Evaluate(const Node& node, Value::Map& context);

}  // namespace stackd::domain::cel
