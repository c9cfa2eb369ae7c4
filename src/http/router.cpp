#include "http/router.hpp"

namespace stackd::http {
namespace {

bool IsParameter(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Literal matches score higher than parameter matches at the earliest differing segment.
int Score(const std::vector<std::string>& pattern) {
    int score = 0;
    for (const auto& segment : pattern) {
        score = score * 2 + (IsParameter(segment) ? 0 : 1);
    }
    return score;
}

bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             std::map<std::string, std::string>* params) {
    if (pattern.size() != path.size()) {
        return false;
    }
    for (size_t index = 0; index < pattern.size(); ++index) {
        if (IsParameter(pattern[index])) {
            if (params) {
                (*params)[pattern[index].substr(1, pattern[index].size() - 2)] = path[index];
            }
        } else if (pattern[index] != path[index]) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::vector<std::string> SplitPath(std::string_view path) {
    std::vector<std::string> segments;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        if (end > start) {
            segments.emplace_back(path.substr(start, end - start));
        }
        start = end + 1;
    }
    return segments;
}

size_t Router::Add(std::string method, std::string_view pattern) {
    routes_.push_back({std::move(method), SplitPath(pattern)});
    return routes_.size() - 1;
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
    const auto segments = SplitPath(path);
    Match best;
    int best_score = -1;
    bool path_known = false;
    for (size_t index = 0; index < routes_.size(); ++index) {
        const Route& route = routes_[index];
        if (!Matches(route.segments, segments, nullptr)) {
            continue;
        }
        path_known = true;
        if (route.method != method) {
            continue;
        }
        const int score = Score(route.segments);
        if (score > best_score) {
            best_score = score;
            best.outcome = Outcome::kMatched;
            best.route_index = index;
        }
    }
    if (best_score < 0) {
        best.outcome = path_known ? Outcome::kMethodNotAllowed : Outcome::kNotFound;
        return best;
    }
    Matches(routes_[best.route_index].segments, segments, &best.params);
    return best;
}

}  // namespace stackd::http
