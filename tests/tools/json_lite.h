// File: tests/tools/json_lite.h
// A minimal JSON reader for tests (objects, arrays, strings, numbers, true,
// false, null); enough to validate the files migsim writes without a
// dependency. Parse() returns nullopt on any syntax error.
#ifndef MIGSIM_TESTS_TOOLS_JSON_LITE_H_
#define MIGSIM_TESTS_TOOLS_JSON_LITE_H_

#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace migsim::testing {

struct Json {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  bool boolean = false;
  double number = 0;
  std::string text;
  std::vector<Json> items;
  std::map<std::string, Json> fields;
  const Json* Get(const std::string& key) const {
    auto it = fields.find(key);
    return it == fields.end() ? nullptr : &it->second;
  }
};

class JsonParser {
 public:
  explicit JsonParser(const std::string& s) : s_(s) {}
  std::optional<Json> Parse() {
    Json j;
    if (!Value(j)) return std::nullopt;
    Space();
    if (p_ != s_.size()) return std::nullopt;
    return j;
  }

 private:
  void Space() {
    while (p_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[p_]))) ++p_;
  }
  bool Lit(const char* w) {
    const std::string lit(w);
    if (s_.compare(p_, lit.size(), lit) != 0) return false;
    p_ += lit.size();
    return true;
  }
  bool String(std::string& out) {
    if (p_ >= s_.size() || s_[p_] != '"') return false;
    for (++p_; p_ < s_.size(); ++p_) {
      const char c = s_[p_];
      if (c == '"') return ++p_, true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (++p_ >= s_.size()) return false;
      const char e = s_[p_];
      if (e == 'u') {
        if (p_ + 4 >= s_.size()) return false;
        out.push_back(static_cast<char>(std::strtol(s_.substr(p_ + 1, 4).c_str(), nullptr, 16)));
        p_ += 4;
      } else if (std::string("\"\\/bfnrt").find(e) != std::string::npos) {
        out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      } else {
        return false;
      }
    }
    return false;
  }
  bool Value(Json& j) {
    Space();
    if (p_ >= s_.size()) return false;
    const char c = s_[p_];
    if (c == '{') return Object(j);
    if (c == '[') return Array(j);
    if (c == '"') return j.kind = Json::kString, String(j.text);
    if (Lit("true")) return j.kind = Json::kBool, j.boolean = true, true;
    if (Lit("false")) return j.kind = Json::kBool, true;
    if (Lit("null")) return true;
    char* end = nullptr;
    j.number = std::strtod(s_.c_str() + p_, &end);
    if (end == s_.c_str() + p_) return false;
    p_ = end - s_.c_str();
    j.kind = Json::kNumber;
    return true;
  }
  bool Array(Json& j) {
    j.kind = Json::kArray;
    ++p_;
    Space();
    if (p_ < s_.size() && s_[p_] == ']') return ++p_, true;
    for (;;) {
      j.items.emplace_back();
      if (!Value(j.items.back())) return false;
      Space();
      if (p_ < s_.size() && s_[p_] == ',') { ++p_; continue; }
      return p_ < s_.size() && s_[p_++] == ']';
    }
  }
  bool Object(Json& j) {
    j.kind = Json::kObject;
    ++p_;
    Space();
    if (p_ < s_.size() && s_[p_] == '}') return ++p_, true;
    for (;;) {
      Space();
      std::string key;
      if (!String(key)) return false;
      Space();
      if (p_ >= s_.size() || s_[p_++] != ':') return false;
      if (!Value(j.fields[key])) return false;
      Space();
      if (p_ < s_.size() && s_[p_] == ',') { ++p_; continue; }
      return p_ < s_.size() && s_[p_++] == '}';
    }
  }
  const std::string& s_;
  size_t p_ = 0;
};

}  // namespace migsim::testing

#endif  // MIGSIM_TESTS_TOOLS_JSON_LITE_H_
