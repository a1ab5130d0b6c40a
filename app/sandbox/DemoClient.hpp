#pragma once

// The sandbox's public demo client (shared/API.md, Sandbox data). The console fills its token
// form with it when it runs on the embedded sandbox, so the first Send works.

namespace lr::sandbox {

inline constexpr const char* kDemoClientId = "lr_cdadc4d7359a489ca5a2bd3fc9cb0202";
inline constexpr const char* kDemoSecret = "sandbox-secret";

} // namespace lr::sandbox
