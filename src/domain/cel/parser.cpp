#include <cctype>
#include <cstdlib>

#include "domain/cel/ast.hpp"

namespace stackd::domain::cel {
namespace {

enum class Tok {
    kCloseParen,
    kOpenParen,
    kOpenBracket,
    kCloseBracket,
    kOpenCurly,
    kCloseCurly,
    kDot,
    kComma,
    kColon,
    kQuestion,
    kFloat,
    kHexUnsigned,
    kHex,
    kUnsigned,
    kInteger,
    kTrue,
    kFalse,
    kNull,
    kString,
    kOr,
    kAnd,
    kEquals,
    kNotEquals,
    kGreaterEq,
    kLessEq,
    kGreater,
    kLess,
    kIn,
    kNot,
    kTimes,
    kDivide,
    kModulo,
    kPlus,
    kMinus,
    kIdentifier
};

struct Token {
    Tok type;
    std::string image;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsWord(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of `0|[1-9]\d*` at `pos`, 0 when absent.
size_t DecimalLength(const std::string& s, size_t pos) {
    if (pos >= s.size() || !IsDigit(s[pos])) {
        return 0;
    }
    if (s[pos] == '0') {
        return 1;
    }
    size_t end = pos;
    while (end < s.size() && IsDigit(s[end])) {
        ++end;
    }
    return end - pos;
}

size_t HexLength(const std::string& s, size_t pos) {
    if (s.compare(pos, 2, "0x") != 0) {
        return 0;
    }
    size_t end = pos + 2;
    while (end < s.size() && IsHex(s[end])) {
        ++end;
    }
    return end == pos + 2 ? 0 : end - pos;
}

size_t FloatLength(const std::string& s, size_t pos) {
    size_t at = pos;
    if (at < s.size() && s[at] == '-') {
        ++at;
    }
    const size_t int_start = at;
    while (at < s.size() && IsDigit(s[at])) {
        ++at;
    }
    if (at == int_start || at >= s.size() || s[at] != '.') {
        return 0;
    }
    const size_t frac_start = ++at;
    while (at < s.size() && IsDigit(s[at])) {
        ++at;
    }
    return at == frac_start ? 0 : at - pos;
}

size_t StringLength(const std::string& s, size_t pos) {
    const char quote = s[pos];
    if (quote != '"' && quote != '\'') {
        return 0;
    }
    for (size_t at = pos + 1; at < s.size(); ++at) {
        if (s[at] == quote) {
            return at + 1 - pos;
        }
        if (s[at] == '\n') {
            return 0;
        }
        if (s[at] == '\\') {
            // `\\.`: the escaped character may be anything but a line terminator.
            if (at + 1 >= s.size() || s[at + 1] == '\n' || s[at + 1] == '\r') {
                return 0;
            }
            ++at;
        }
    }
    return 0;
}

std::vector<Token> Tokenize(const std::string& s) {
    std::vector<Token> tokens;
    size_t pos = 0;
    auto emit = [&](Tok type, size_t length) {
        tokens.push_back({type, s.substr(pos, length)});
        pos += length;
    };
    while (pos < s.size()) {
        const char c = s[pos];
        if (s.compare(pos, 2, "//") == 0) {
            while (pos < s.size() && s[pos] != '\n') {
                ++pos;
            }
            continue;
        }
        if (IsSpace(c)) {
            ++pos;
            continue;
        }
        static const std::string kSingles = ")([]{}.,:?";
        static const Tok kSingleTypes[] = {Tok::kCloseParen, Tok::kOpenParen,  Tok::kOpenBracket, Tok::kCloseBracket,
                                           Tok::kOpenCurly,  Tok::kCloseCurly, Tok::kDot,         Tok::kComma,
                                           Tok::kColon,      Tok::kQuestion};
        if (const auto single = kSingles.find(c); single != std::string::npos) {
            emit(kSingleTypes[single], 1);
            continue;
        }
        if (const size_t n = FloatLength(s, pos)) {
            emit(Tok::kFloat, n);
            continue;
        }
        if (const size_t n = HexLength(s, pos)) {
            if (pos + n < s.size() && (s[pos + n] == 'u' || s[pos + n] == 'U')) {
                emit(Tok::kHexUnsigned, n + 1);
            } else {
                emit(Tok::kHex, n);
            }
            continue;
        }
        if (const size_t n = DecimalLength(s, pos)) {
            if (pos + n < s.size() && (s[pos + n] == 'u' || s[pos + n] == 'U')) {
                emit(Tok::kUnsigned, n + 1);
            } else {
                emit(Tok::kInteger, n);
            }
            continue;
        }
        if (s.compare(pos, 4, "true") == 0) {
            emit(Tok::kTrue, 4);
            continue;
        }
        if (s.compare(pos, 5, "false") == 0) {
            emit(Tok::kFalse, 5);
            continue;
        }
        if (s.compare(pos, 4, "null") == 0) {
            emit(Tok::kNull, 4);
            continue;
        }
        if (const size_t n = StringLength(s, pos)) {
            emit(Tok::kString, n);
            continue;
        }
        struct Op {
            const char* text;
            Tok type;
        };
        static const Op kOps[] = {{"||", Tok::kOr},        {"&&", Tok::kAnd},       {"==", Tok::kEquals},
                                  {"!=", Tok::kNotEquals}, {">=", Tok::kGreaterEq}, {"<=", Tok::kLessEq},
                                  {">", Tok::kGreater},    {"<", Tok::kLess}};
        bool matched = false;
        for (const auto& op : kOps) {
            const std::string text = op.text;
            if (s.compare(pos, text.size(), text) == 0) {
                emit(op.type, text.size());
                matched = true;
                break;
            }
        }
        if (matched) {
            continue;
        }
        // `\bin\b`: the boundary is judged against the neighbouring input characters.
        if (s.compare(pos, 2, "in") == 0 && (pos == 0 || !IsWord(s[pos - 1])) &&
            (pos + 2 >= s.size() || !IsWord(s[pos + 2]))) {
            emit(Tok::kIn, 2);
            continue;
        }
        if (c == '!') {
            emit(Tok::kNot, 1);
            continue;
        }
        if (c == '*') {
            emit(Tok::kTimes, 1);
            continue;
        }
        if (c == '/' && !(pos + 1 < s.size() && s[pos + 1] == '/')) {
            emit(Tok::kDivide, 1);
            continue;
        }
        if (c == '%') {
            emit(Tok::kModulo, 1);
            continue;
        }
        if (c == '+') {
            emit(Tok::kPlus, 1);
            continue;
        }
        if (c == '-') {
            emit(Tok::kMinus, 1);
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            size_t end = pos;
            while (end < s.size() && IsWord(s[end])) {
                ++end;
            }
            emit(Tok::kIdentifier, end - pos);
            continue;
        }
        ++pos;  // the library's lexer drops characters no token matches and carries on
    }
    return tokens;
}

bool IsComparison(Tok t) {
    return t == Tok::kEquals || t == Tok::kNotEquals || t == Tok::kGreaterEq || t == Tok::kLessEq ||
           t == Tok::kGreater || t == Tok::kLess || t == Tok::kIn;
}

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

    NodePtr ParseAll() {
        NodePtr node = Expr();
        if (pos_ != tokens_.size()) {
            throw ParseError("Redundant input, expecting EOF but found: " + tokens_[pos_].image);
        }
        return node;
    }

private:
    bool At(Tok t, size_t ahead = 0) const { return pos_ + ahead < tokens_.size() && tokens_[pos_ + ahead].type == t; }
    const Token& Expect(Tok t, const char* what) {
        if (!At(t)) {
            throw ParseError(std::string("Expecting ") + what);
        }
        return tokens_[pos_++];
    }
    static NodePtr Make(Node::Type type) {
        auto node = std::make_unique<Node>();
        node->type = type;
        return node;
    }

    NodePtr Expr() {
        // Conditions come from project config; a bound on nesting keeps a hostile one from
        // exhausting the stack.
        if (++depth_ > kMaxDepth) {
            throw ParseError("Expression is nested too deeply");
        }
        struct Leave {
            size_t& depth;
            ~Leave() { --depth; }
        } leave{depth_};
        NodePtr condition = Or();
        if (!At(Tok::kQuestion)) {
            return condition;
        }
        ++pos_;
        auto node = Make(Node::Type::kTernary);
        node->operands.push_back(std::move(condition));
        node->operands.push_back(Expr());
        Expect(Tok::kColon, "':'");
        node->operands.push_back(Expr());
        return node;
    }

    template <typename Next>
    NodePtr Chain(Node::Type type, Next next, bool (*is_op)(Tok)) {
        NodePtr first = (this->*next)();
        if (pos_ >= tokens_.size() || !is_op(tokens_[pos_].type)) {
            return first;
        }
        auto node = Make(type);
        node->operands.push_back(std::move(first));
        while (pos_ < tokens_.size() && is_op(tokens_[pos_].type)) {
            node->ops.push_back(tokens_[pos_++].image);
            node->operands.push_back((this->*next)());
        }
        return node;
    }

    NodePtr Or() {
        return Chain(Node::Type::kOr, &Parser::And, [](Tok t) { return t == Tok::kOr; });
    }
    NodePtr And() {
        return Chain(Node::Type::kAnd, &Parser::Relation, [](Tok t) { return t == Tok::kAnd; });
    }
    NodePtr Relation() {
        NodePtr left = Addition();
        if (pos_ >= tokens_.size() || !IsComparison(tokens_[pos_].type)) {
            return left;
        }
        auto node = Make(Node::Type::kRelation);
        node->ops.push_back(tokens_[pos_++].image);
        node->operands.push_back(std::move(left));
        node->operands.push_back(Addition());
        return node;
    }
    NodePtr Addition() {
        return Chain(Node::Type::kChain, &Parser::Multiplication,
                     [](Tok t) { return t == Tok::kPlus || t == Tok::kMinus; });
    }
    NodePtr Multiplication() {
        return Chain(Node::Type::kChain, &Parser::Unary,
                     [](Tok t) { return t == Tok::kTimes || t == Tok::kDivide || t == Tok::kModulo; });
    }
    NodePtr Unary() {
        std::vector<std::string> ops;
        while (At(Tok::kNot) || At(Tok::kMinus)) {
            ops.push_back(tokens_[pos_++].image);
        }
        NodePtr operand = Atomic();
        if (ops.empty()) {
            return operand;
        }
        auto node = Make(Node::Type::kUnary);
        node->ops = std::move(ops);
        node->operands.push_back(std::move(operand));
        return node;
    }

    std::vector<NodePtr> Arguments(Tok close) {
        std::vector<NodePtr> args;
        if (!At(close)) {
            args.push_back(Expr());
            while (At(Tok::kComma)) {
                ++pos_;
                args.push_back(Expr());
            }
        }
        return args;
    }

    void Accessors(Node& node) {
        while (At(Tok::kDot) || At(Tok::kOpenBracket)) {
            Accessor accessor;
            if (At(Tok::kDot)) {
                ++pos_;
                accessor.name = Expect(Tok::kIdentifier, "identifier").image;
                if (At(Tok::kOpenParen)) {
                    ++pos_;
                    accessor.is_call = true;
                    accessor.args = Arguments(Tok::kCloseParen);
                    Expect(Tok::kCloseParen, "')'");
                }
            } else {
                ++pos_;
                accessor.is_index = true;
                accessor.args.push_back(Expr());
                Expect(Tok::kCloseBracket, "']'");
            }
            node.accessors.push_back(std::move(accessor));
        }
    }

    NodePtr Literal(Value value) {
        ++pos_;
        auto node = Make(Node::Type::kLiteral);
        node->literal = std::move(value);
        return node;
    }

    NodePtr Atomic() {
        if (pos_ >= tokens_.size()) {
            throw ParseError("Expecting an expression but found end of input");
        }
        const Token& token = tokens_[pos_];
        switch (token.type) {
            case Tok::kOpenParen: {
                ++pos_;
                auto node = Make(Node::Type::kParen);
                node->operands.push_back(Expr());
                Expect(Tok::kCloseParen, "')'");
                return node;
            }
            case Tok::kTrue:
                return Literal(Value::Bool(true));
            case Tok::kFalse:
                return Literal(Value::Bool(false));
            case Tok::kNull:
                return Literal(Value::Null());
            case Tok::kString:
                // The library keeps escapes verbatim: only the quotes are removed.
                return Literal(Value::String(token.image.substr(1, token.image.size() - 2)));
            case Tok::kFloat:
                return Literal(Value::Number(std::strtod(token.image.c_str(), nullptr)));
            case Tok::kHexUnsigned:
                return Literal(Value::Number(
                    std::strtod(("0x" + token.image.substr(2, token.image.size() - 3)).c_str(), nullptr)));
            case Tok::kHex:
                return Literal(Value::Number(std::strtod(token.image.c_str(), nullptr)));
            case Tok::kUnsigned:
                return Literal(
                    Value::Number(std::strtod(token.image.substr(0, token.image.size() - 1).c_str(), nullptr)));
            case Tok::kInteger:
                return Literal(Value::Number(std::strtod(token.image.c_str(), nullptr)));
            case Tok::kOpenBracket: {
                ++pos_;
                auto node = Make(Node::Type::kList);
                node->operands = Arguments(Tok::kCloseBracket);
                Expect(Tok::kCloseBracket, "']'");
                if (At(Tok::kOpenBracket)) {
                    ++pos_;
                    node->list_index = Expr();
                    Expect(Tok::kCloseBracket, "']'");
                }
                return node;
            }
            case Tok::kOpenCurly: {
                ++pos_;
                auto node = Make(Node::Type::kMap);
                while (!At(Tok::kCloseCurly)) {
                    node->operands.push_back(Expr());
                    Expect(Tok::kColon, "':'");
                    node->operands.push_back(Expr());
                    if (At(Tok::kComma)) {
                        ++pos_;
                    }
                }
                ++pos_;
                Accessors(*node);
                return node;
            }
            case Tok::kIdentifier: {
                ++pos_;
                if (At(Tok::kOpenParen)) {
                    ++pos_;
                    auto node = Make(Node::Type::kCall);
                    node->name = token.image;
                    node->operands = Arguments(Tok::kCloseParen);
                    Expect(Tok::kCloseParen, "')'");
                    return node;
                }
                auto node = Make(Node::Type::kIdentifier);
                node->name = token.image;
                Accessors(*node);
                return node;
            }
            default:
                throw ParseError("Expecting an expression but found: " + token.image);
        }
    }

    static constexpr size_t kMaxDepth = 100;
    std::vector<Token> tokens_;
    size_t pos_ = 0;
    size_t depth_ = 0;
};

}  // namespace

NodePtr Parse(const std::string& expression) { return Parser(Tokenize(expression)).ParseAll(); }

}  // namespace stackd::domain::cel
