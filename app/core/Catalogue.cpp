#include "core/Catalogue.hpp"

#include <cctype>

namespace lr {

const char* toString(Lang lang) {
    return lang == Lang::It ? "it" : "en";
}

const char* toString(FieldLocation location) {
    switch (location) {
    case FieldLocation::Path:
        return "path";
    case FieldLocation::Query:
        return "query";
    case FieldLocation::Header:
        return "header";
    case FieldLocation::Form:
        return "form";
    case FieldLocation::Body:
        return "body";
    }
    return "?";
}

std::string CatalogueError::toString() const {
    return (pointer.empty() ? std::string("at the document root") : "at " + pointer) + ": " +
           message;
}

const Endpoint* Catalogue::find(const std::string& method, const std::string& path) const {
    const int index = indexOf(method, path);
    return index < 0 ? nullptr : &endpoints[std::size_t(index)];
}

int Catalogue::indexOf(const std::string& method, const std::string& path) const {
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
        const Endpoint& e = endpoints[i];
        if (e.path != path || e.method.size() != method.size())
            continue;
        bool same = true;
        for (std::size_t k = 0; k < method.size() && same; ++k)
            same = std::toupper(static_cast<unsigned char>(method[k])) == e.method[k];
        if (same)
            return int(i);
    }
    return -1;
}

const ErrorDoc* Catalogue::findError(const std::string& errorCode) const {
    for (const ErrorDoc& error : errors) {
        if (error.errorCode == errorCode)
            return &error;
    }
    return nullptr;
}

std::string Catalogue::tagTitle(const std::string& tag, Lang lang) const {
    auto title = tagTitles.find(tag);
    if (title == tagTitles.end() || title->second.empty())
        return tag;
    return title->second.get(lang);
}

} // namespace lr
