#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/cel/value.hpp"

namespace stackd::domain::cel {

struct Node;
using NodePtr = std::unique_ptr<Node>;

// `.name`, `.name(args...)` or `[index]` after an identifier or a map literal.
struct Accessor {
    bool is_index = false;
    std::string name;
    bool is_call = false;
    std::vector<NodePtr> args;  // call arguments, or the single index expression
};

// The parse tree of an expression. Chains of one operand are collapsed, except
// parentheses, which upstream's evaluator treats differently inside has() and macros.
struct Node {
    enum class Type {
        kTernary,
        kOr,
        kAnd,
        kRelation,
        kChain,
        kUnary,
        kParen,
        kLiteral,
        kList,
        kMap,
        kCall,
        kIdentifier
    };
    Type type = Type::kLiteral;
    std::vector<NodePtr> operands;  // ternary: cond, then, else; chains: operands; map: key, value pairs
    std::vector<std::string> ops;   // operator images of chains, relations and unary prefixes
    Value literal;
    std::string name;                 // identifier or function name
    std::vector<Accessor> accessors;  // identifier / map suffixes, in source order
    NodePtr list_index;               // `[...][i]`
};

// Parse failures (upstream: CelParseError), evaluation failures reported by the library as
// CelEvaluationError, and every other failure (type errors, missing identifiers).
struct ParseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct EvaluationError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct OtherError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Tokenises and parses as cel-js 0.8 does: tokens are tried in a fixed order and the first
// that matches wins (so `trueish` is `true` followed by `ish`), characters no token matches
// are skipped, and the whole input must be consumed.
NodePtr Parse(const std::string& expression);

}  // namespace stackd::domain::cel
