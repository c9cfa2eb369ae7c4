#include "domain/cel/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace stackd::domain::cel {
namespace {

enum class CelType { kInt, kUint, kFloat, kString, kBool, kNull, kList, kMap };

const char* TypeName(CelType type) {
    static const char* const kNames[] = {"int", "uint", "float", "string", "bool", "null", "list", "map"};
    return kNames[static_cast<int>(type)];
}

// The library derives int / uint / float from a JavaScript number's value.
CelType TypeOf(const Value& v) {
    switch (v.kind) {
        case Value::Kind::kNull:
            return CelType::kNull;
        case Value::Kind::kBool:
            return CelType::kBool;
        case Value::Kind::kString:
            return CelType::kString;
        case Value::Kind::kList:
            return CelType::kList;
        case Value::Kind::kMap:
            return CelType::kMap;
        case Value::Kind::kNumber:
            break;
    }
    if (std::isfinite(v.number) && v.number == std::floor(v.number)) {
        return v.number >= 0 ? CelType::kUint : CelType::kInt;
    }
    if (std::isfinite(v.number)) {
        return CelType::kFloat;
    }
    throw OtherError("Unknown number type");
}

bool IsCalculable(const Value& v) {
    const CelType t = TypeOf(v);
    return t == CelType::kInt || t == CelType::kUint || t == CelType::kFloat;
}
bool IsInteger(const Value& v) {
    const CelType t = TypeOf(v);
    return t == CelType::kInt || t == CelType::kUint;
}

[[noreturn]] void TypeError(const std::string& operation, const Value& left, const Value& right) {
    throw OtherError("CelTypeError: " + operation + " operation cannot be applied to (" + TypeName(TypeOf(left)) +
                     ", " + TypeName(TypeOf(right)) + ")");
}

bool Truthy(const Value& v) {
    switch (v.kind) {
        case Value::Kind::kNull:
            return false;
        case Value::Kind::kBool:
            return v.boolean;
        case Value::Kind::kNumber:
            return v.number != 0 && !std::isnan(v.number);
        case Value::Kind::kString:
            return !v.string.empty();
        default:
            return true;
    }
}

// ramda's `equals`: structural, with Object.is for numbers.
bool DeepEquals(const Value& a, const Value& b) {
    if (a.kind != b.kind) {
        return false;
    }
    switch (a.kind) {
        case Value::Kind::kNull:
            return true;
        case Value::Kind::kBool:
            return a.boolean == b.boolean;
        case Value::Kind::kNumber:
            if (std::isnan(a.number) || std::isnan(b.number)) {
                return std::isnan(a.number) && std::isnan(b.number);
            }
            return a.number == b.number && std::signbit(a.number) == std::signbit(b.number);
        case Value::Kind::kString:
            return a.string == b.string;
        case Value::Kind::kList:
            return a.list->size() == b.list->size() &&
                   std::equal(a.list->begin(), a.list->end(), b.list->begin(), DeepEquals);
        case Value::Kind::kMap:
            if (a.map->size() != b.map->size()) {
                return false;
            }
            for (const auto& [key, value] : *a.map) {
                const Value* other = b.Find(key);
                if (!other || !DeepEquals(value, *other)) {
                    return false;
                }
            }
            return true;
    }
    return false;
}

// Array#includes: SameValueZero, so lists and maps only equal themselves.
bool SameValueZero(const Value& a, const Value& b) {
    if (a.kind != b.kind) {
        return false;
    }
    switch (a.kind) {
        case Value::Kind::kNumber:
            return a.number == b.number || (std::isnan(a.number) && std::isnan(b.number));
        case Value::Kind::kList:
            return a.list == b.list;
        case Value::Kind::kMap:
            return a.map == b.map;
        default:
            return DeepEquals(a, b);
    }
}

// JavaScript's String(value) for property keys.
std::string PropertyKey(const Value& v) {
    switch (v.kind) {
        case Value::Kind::kString:
            return v.string;
        case Value::Kind::kNull:
            return "null";
        case Value::Kind::kBool:
            return v.boolean ? "true" : "false";
        case Value::Kind::kNumber:
            return ToJsJson(v);
        default:
            throw OtherError("unsupported property key");
    }
}

// `container[key]` / `container.key` as the library reads it from a JavaScript object.
Value GetProperty(const Value& container, const std::string& key) {
    if (container.kind == Value::Kind::kMap) {
        if (const Value* found = container.Find(key)) {
            return *found;
        }
    } else if (container.kind == Value::Kind::kList) {
        if (key == "length") {
            return Value::Number(static_cast<double>(container.list->size()));
        }
        const bool canonical_index = !key.empty() && key.size() < 10 &&
                                     std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                                     (key == "0" || key[0] != '0');
        if (canonical_index && std::stoul(key) < container.list->size()) {
            return (*container.list)[std::stoul(key)];
        }
    } else {
        throw OtherError("Cannot obtain \"" + key + "\" from non-object context");
    }
    throw OtherError("Identifier \"" + key + "\" not found");
}

// JavaScript string length: UTF-16 code units.
double Utf16Length(const std::string& s) {
    double length = 0;
    for (const char c : s) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte & 0xC0) != 0x80) {
            length += byte >= 0xF0 ? 2 : 1;
        }
    }
    return length;
}

bool IsReserved(const std::string& name) {
    static const char* const kReserved[] = {"as",        "break",  "const",  "continue", "else", "for",
                                            "function",  "if",     "import", "let",      "loop", "package",
                                            "namespace", "return", "var",    "void",     "while"};
    return std::any_of(std::begin(kReserved), std::end(kReserved), [&](const char* r) { return name == r; });
}

class Evaluator {
public:
    explicit Evaluator(Value::Map& context) : context_(context) {}

    Value Eval(const Node& node) {
        switch (node.type) {
            case Node::Type::kTernary:
                return Truthy(Eval(*node.operands[0])) ? Eval(*node.operands[1]) : Eval(*node.operands[2]);
            case Node::Type::kOr: {
                Value left = Eval(*node.operands[0]);
                for (size_t i = 1; i < node.operands.size(); ++i) {
                    const Value right = Eval(*node.operands[i]);  // no short circuit in the library
                    if (left.kind != Value::Kind::kBool || right.kind != Value::Kind::kBool) {
                        TypeError("logicalOr", left, right);
                    }
                    left = Value::Bool(left.boolean || right.boolean);
                }
                return left;
            }
            case Node::Type::kAnd: {
                Value left = Eval(*node.operands[0]);
                if (left.kind == Value::Kind::kBool && !left.boolean) {
                    return left;  // only a leading false short-circuits
                }
                for (size_t i = 1; i < node.operands.size(); ++i) {
                    const Value right = Eval(*node.operands[i]);
                    if (left.kind != Value::Kind::kBool || right.kind != Value::Kind::kBool) {
                        TypeError("logicalAnd", left, right);
                    }
                    left = Value::Bool(left.boolean && right.boolean);
                }
                return left;
            }
            case Node::Type::kRelation: {
                const Value left = Eval(*node.operands[0]);
                const Value right = Eval(*node.operands[1]);
                return Compare(node.ops[0], left, right);
            }
            case Node::Type::kChain: {
                Value left = Eval(*node.operands[0]);
                for (size_t i = 1; i < node.operands.size(); ++i) {
                    left = Arithmetic(node.ops[i - 1], left, Eval(*node.operands[i]));
                }
                return left;
            }
            case Node::Type::kUnary:
                return UnaryOp(node.ops, Eval(*node.operands[0]));
            case Node::Type::kLiteral:
                if (node.literal.kind == Value::Kind::kNull) {
                    return node.literal;
                }
                RejectAtomicInHas();
                return node.literal;
            case Node::Type::kParen:
                RejectAtomicInHas();
                return Eval(*node.operands[0]);
            case Node::Type::kList:
                RejectAtomicInHas();
                return ListLiteral(node);
            case Node::Type::kMap:
                RejectAtomicInHas();
                return MapLiteral(node);
            case Node::Type::kCall:
                RejectAtomicInHas();
                return Call(node);
            case Node::Type::kIdentifier:
                return Identifier(node);
        }
        throw OtherError("Atomic expression not recognized");
    }

private:
    enum class Mode { kNormal, kHas };

    void RejectAtomicInHas() const {
        if (mode_ == Mode::kHas) {
            throw EvaluationError("has() does not support atomic expressions");
        }
    }

    static Value Compare(const std::string& op, const Value& left, const Value& right) {
        const bool numbers = IsCalculable(left) && IsCalculable(right);
        const bool strings = left.kind == Value::Kind::kString && right.kind == Value::Kind::kString;
        if (numbers || strings) {
            const int order = numbers ? (left.number < right.number   ? -1
                                         : left.number > right.number ? 1
                                                                      : 0)
                                      : left.string.compare(right.string);
            const bool unordered = numbers && (std::isnan(left.number) || std::isnan(right.number));
            if (op == "<") {
                return Value::Bool(!unordered && order < 0);
            }
            if (op == "<=") {
                return Value::Bool(!unordered && order <= 0);
            }
            if (op == ">") {
                return Value::Bool(!unordered && order > 0);
            }
            if (op == ">=") {
                return Value::Bool(!unordered && order >= 0);
            }
        }
        if (op == "==") {
            return Value::Bool(DeepEquals(left, right));
        }
        if (op == "!=") {
            return Value::Bool(!DeepEquals(left, right));
        }
        if (op == "in") {
            if (right.kind == Value::Kind::kList) {
                return Value::Bool(std::any_of(right.list->begin(), right.list->end(),
                                               [&](const Value& item) { return SameValueZero(item, left); }));
            }
            if (right.kind == Value::Kind::kMap) {
                return Value::Bool(left.kind == Value::Kind::kString && right.Find(left.string) != nullptr);
            }
            TypeError("in", left, right);
        }
        static const std::pair<const char*, const char*> kNames[] = {
            {"<", "lessThan"}, {"<=", "lessOrEqualThan"}, {">", "greaterThan"}, {">=", "greaterOrEqualThan"}};
        for (const auto& [symbol, name] : kNames) {
            if (op == symbol) {
                TypeError(name, left, right);
            }
        }
        throw OtherError("Operator not recognized");
    }

    static Value Arithmetic(const std::string& op, const Value& left, const Value& right) {
        if (op == "+") {
            if (IsCalculable(left) && IsCalculable(right)) {
                return Value::Number(left.number + right.number);
            }
            if (left.kind == Value::Kind::kString && right.kind == Value::Kind::kString) {
                return Value::String(left.string + right.string);
            }
            if (left.kind == Value::Kind::kList && right.kind == Value::Kind::kList) {
                if (!left.list->empty() && !right.list->empty() &&
                    JsTypeOf(left.list->front()) != JsTypeOf(right.list->front())) {
                    TypeError("addition", left.list->front(), right.list->front());
                }
                Value::List joined = *left.list;
                joined.insert(joined.end(), right.list->begin(), right.list->end());
                return Value::MakeList(std::move(joined));
            }
            TypeError("addition", left, right);
        }
        if (op == "-" || op == "*") {
            if (IsCalculable(left) && IsCalculable(right)) {
                return Value::Number(op == "-" ? left.number - right.number : left.number * right.number);
            }
            TypeError(op == "-" ? "subtraction" : "multiplication", left, right);
        }
        const bool division = op == "/";
        if (right.kind == Value::Kind::kNumber && right.number == 0) {
            throw EvaluationError(division ? "Division by zero" : "Modulus by zero");
        }
        if (IsInteger(left) && IsInteger(right)) {
            // JavaScript arithmetic: 3 / 2 is 1.5, and % keeps the dividend's sign.
            return Value::Number(division ? left.number / right.number : std::fmod(left.number, right.number));
        }
        TypeError(division ? "division" : "modulo", left, right);
    }

    static Value UnaryOp(const std::vector<std::string>& ops, const Value& operand) {
        const bool even = ops.size() % 2 == 0;
        if (std::all_of(ops.begin(), ops.end(), [](const std::string& op) { return op == "!"; })) {
            if (operand.kind == Value::Kind::kNull) {
                return Value::Bool(!even);
            }
            if (operand.kind != Value::Kind::kBool) {
                throw OtherError(
                    std::string("CelTypeError: logical negation operation cannot be applied to value of type ") +
                    TypeName(TypeOf(operand)));
            }
            return Value::Bool(even ? operand.boolean : !operand.boolean);
        }
        if (std::all_of(ops.begin(), ops.end(), [](const std::string& op) { return op == "-"; })) {
            if (!IsCalculable(operand)) {
                throw OtherError(
                    std::string("CelTypeError: arithmetic negation operation cannot be applied to value of type ") +
                    TypeName(TypeOf(operand)));
            }
            if (!even && operand.number == 0) {
                return Value::Number(0);
            }
            return Value::Number(even ? operand.number : -operand.number);
        }
        TypeError("unary operation", operand, Value::Null());
    }

    Value ListLiteral(const Node& node) {
        Value::List items;
        for (const auto& element : node.operands) {
            items.push_back(Eval(*element));
        }
        if (!node.list_index) {
            return Value::MakeList(std::move(items));
        }
        const Value index = Eval(*node.list_index);
        const CelType type = TypeOf(index);
        if (type != CelType::kInt && type != CelType::kUint) {
            throw EvaluationError("invalid_argument: " + ToJsJson(index));
        }
        if (index.number < 0 || index.number >= static_cast<double>(items.size())) {
            throw EvaluationError("Index out of bounds: " + ToJsJson(index));
        }
        return items[static_cast<size_t>(index.number)];
    }

    Value MapLiteral(const Node& node) {
        Value::Map entries;
        std::optional<CelType> value_type;
        for (size_t i = 0; i + 1 < node.operands.size(); i += 2) {
            const Value key = Eval(*node.operands[i]);
            const Value value = Eval(*node.operands[i + 1]);
            if (!value_type) {
                value_type = TypeOf(value);
            }
            if (key.kind != Value::Kind::kString) {
                throw EvaluationError("invalid_argument: " + ToJsJson(key));
            }
            if (*value_type != TypeOf(value)) {
                throw EvaluationError("invalid_argument: " + ToJsJson(value));
            }
            auto existing = std::find_if(entries.begin(), entries.end(),
                                         [&](const auto& entry) { return entry.first == key.string; });
            if (existing != entries.end()) {
                existing->second = value;
            } else {
                entries.emplace_back(key.string, value);
            }
        }
        return ApplyAccessors(node, Value::MakeMap(std::move(entries)));
    }

    Value Call(const Node& node) {
        if (node.name == "has") {
            if (node.operands.empty()) {
                throw EvaluationError("has() requires exactly one argument");
            }
            mode_ = Mode::kHas;
            try {
                Eval(*node.operands[0]);
                mode_ = Mode::kNormal;
                return Value::Bool(true);  // a missing field throws instead of yielding undefined
            } catch (const EvaluationError&) {
                mode_ = Mode::kNormal;
                throw;
            } catch (const OtherError&) {
                mode_ = Mode::kNormal;
                return Value::Bool(false);
            }
        }
        if (node.name == "size") {
            if (node.operands.empty()) {
                throw OtherError("Unknown type: undefined");
            }
            const Value arg = Eval(*node.operands[0]);
            for (size_t i = 1; i < node.operands.size(); ++i) {
                Eval(*node.operands[i]);
            }
            if (arg.kind == Value::Kind::kString) {
                return Value::Number(Utf16Length(arg.string));
            }
            if (arg.kind == Value::Kind::kList) {
                return Value::Number(static_cast<double>(arg.list->size()));
            }
            if (arg.kind == Value::Kind::kMap) {
                return Value::Number(static_cast<double>(arg.map->size()));
            }
            throw EvaluationError("invalid_argument: " + ToJsJson(arg));
        }
        throw OtherError("Macros " + node.name + " not recognized");
    }

    Value Identifier(const Node& node) {
        if (mode_ == Mode::kHas &&
            std::none_of(node.accessors.begin(), node.accessors.end(), [](const Accessor& a) { return !a.is_index; })) {
            throw EvaluationError("has() requires a field selection");
        }
        if (node.accessors.empty() && IsReserved(node.name)) {
            throw OtherError("Detected reserved identifier. This is not allowed");
        }
        const auto found =
            std::find_if(context_.begin(), context_.end(), [&](const auto& entry) { return entry.first == node.name; });
        if (found == context_.end()) {
            throw OtherError("Identifier \"" + node.name + "\" not found in context");
        }
        return ApplyAccessors(node, found->second);
    }

    Value ApplyAccessors(const Node& node, Value current) {
        for (const auto& accessor : node.accessors) {
            if (accessor.is_index) {
                current = GetProperty(current, PropertyKey(Eval(*accessor.args[0])));
            } else if (accessor.is_call) {
                current = Macro(accessor, current);
            } else {
                current = GetProperty(current, accessor.name);
            }
        }
        return current;
    }

    static std::string VariableName(const Node& node) {
        if (node.type != Node::Type::kIdentifier || !node.accessors.empty()) {
            throw EvaluationError("Variable name must be a simple identifier");
        }
        return node.name;
    }

    // Evaluates `expression` with `variable` bound to `item`, restoring the context after.
    Value WithBinding(const Node& expression, const std::string& variable, const Value& item) {
        auto slot =
            std::find_if(context_.begin(), context_.end(), [&](const auto& entry) { return entry.first == variable; });
        std::optional<Value> saved;
        if (slot != context_.end()) {
            saved = slot->second;
            slot->second = item;
        } else {
            context_.emplace_back(variable, item);
        }
        struct Restore {
            Value::Map& context;
            const std::string& variable;
            std::optional<Value>& saved;
            ~Restore() {
                auto entry =
                    std::find_if(context.begin(), context.end(), [&](const auto& e) { return e.first == variable; });
                if (saved) {
                    entry->second = *saved;
                } else {
                    context.erase(entry);
                }
            }
        } restore{context_, variable, saved};
        return Eval(expression);
    }

    Value Macro(const Accessor& call, const Value& collection) {
        static const char* const kMacros[] = {"all", "exists", "exists_one", "filter", "map"};
        if (std::none_of(std::begin(kMacros), std::end(kMacros), [&](const char* m) { return call.name == m; })) {
            throw EvaluationError("Unknown method: " + call.name);
        }
        if (collection.kind != Value::Kind::kList && collection.kind != Value::Kind::kMap) {
            throw EvaluationError(call.name + "() can only be called on lists or maps");
        }
        if (call.args.size() < 2) {
            throw EvaluationError(call.name + "() requires at least 2 arguments");
        }
        const std::string variable = VariableName(*call.args[0]);
        Value::List items;
        if (collection.kind == Value::Kind::kList) {
            items = *collection.list;
        } else {
            for (const auto& entry : *collection.map) {
                items.push_back(Value::String(entry.first));  // maps iterate over their keys
            }
        }
        const Node& predicate = *call.args[1];
        if (call.name == "filter") {
            Value::List kept;
            for (const auto& item : items) {
                if (Truthy(WithBinding(predicate, variable, item))) {
                    kept.push_back(item);
                }
            }
            return Value::MakeList(std::move(kept));
        }
        if (call.name == "map") {
            if (call.args.size() > 3) {
                throw EvaluationError("map() requires 2 or 3 arguments");
            }
            Value::List mapped;
            for (const auto& item : items) {
                if (call.args.size() == 3 && !Truthy(WithBinding(predicate, variable, item))) {
                    continue;
                }
                mapped.push_back(WithBinding(*call.args.back(), variable, item));
            }
            return Value::MakeList(std::move(mapped));
        }
        if (call.name == "all") {
            for (const auto& item : items) {
                if (!Truthy(WithBinding(predicate, variable, item))) {
                    return Value::Bool(false);
                }
            }
            return Value::Bool(true);
        }
        if (call.name == "exists") {
            for (const auto& item : items) {
                if (Truthy(WithBinding(predicate, variable, item))) {
                    return Value::Bool(true);
                }
            }
            return Value::Bool(false);
        }
        size_t matches = 0;  // exists_one evaluates every item
        for (const auto& item : items) {
            matches += Truthy(WithBinding(predicate, variable, item)) ? 1 : 0;
        }
        return Value::Bool(matches == 1);
    }

    Value::Map& context_;
    Mode mode_ = Mode::kNormal;
};

}  // namespace

Value Evaluate(const Node& node, Value::Map& context) { return Evaluator(context).Eval(node); }

}  // namespace stackd::domain::cel
