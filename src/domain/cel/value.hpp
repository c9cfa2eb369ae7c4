#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace stackd::domain::cel {

// A value of the CEL dialect upstream evaluates (the cel-js library): JavaScript's data model,
// so every number is a double and its CEL type (int / uint / float) is read from its value.
struct Value {
    enum class Kind { kNull, kBool, kNumber, kString, kList, kMap };
    using List = std::vector<Value>;
    using Map = std::vector<std::pair<std::string, Value>>;  // insertion order, unique keys

    Kind kind = Kind::kNull;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::shared_ptr<List> list;
    std::shared_ptr<Map> map;

    static Value Null() { return {}; }
    static Value Bool(bool b) {
        Value v;
        v.kind = Kind::kBool;
        v.boolean = b;
        return v;
    }
    static Value Number(double n) {
        Value v;
        v.kind = Kind::kNumber;
        v.number = n;
        return v;
    }
    static Value String(std::string s) {
        Value v;
        v.kind = Kind::kString;
        v.string = std::move(s);
        return v;
    }
    static Value MakeList(List items) {
        Value v;
        v.kind = Kind::kList;
        v.list = std::make_shared<List>(std::move(items));
        return v;
    }
    static Value MakeMap(Map entries) {
        Value v;
        v.kind = Kind::kMap;
        v.map = std::make_shared<Map>(std::move(entries));
        return v;
    }

    // The map entry `key`, or nullptr.
    const Value* Find(const std::string& key) const;
};

// JavaScript's JSON.stringify of the value (used in upstream's error messages).
std::string ToJsJson(const Value& value);
// JavaScript's `typeof` of the value.
std::string JsTypeOf(const Value& value);

}  // namespace stackd::domain::cel
