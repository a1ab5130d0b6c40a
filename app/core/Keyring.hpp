#pragma once

// Where the client secret may come from besides typing it: the LIMITRAIL_CLIENT_SECRET
// variable, or the desktop keyring through libsecret when the console was built with it and a
// D-Bus session is there. Nothing here writes a secret to a file; a secret found is held by
// the caller in memory only. Every failure comes back as a value: no keyring is not an error
// the user must fix, just a source that is not there.

#include <string>

namespace lr {

struct SecretLookup {
    bool found = false;
    std::string secret;
    std::string source; // "LIMITRAIL_CLIENT_SECRET" or "keyring" when found
    std::string error;  // why the source could not be asked; empty when merely not found
};

/// The secret from LIMITRAIL_CLIENT_SECRET, when set and not empty.
SecretLookup clientSecretFromEnvironment();

/// True when built with libsecret; whether a keyring answers is only known by asking.
bool keyringSupported();

/// Looks up the secret stored for (environment, client id). Blocks on D-Bus (up to its
/// timeout): call it from a worker thread, never from the UI thread. Fails soft with an
/// error when there is no session bus or no keyring service.
SecretLookup lookupKeyringSecret(const std::string& environment, const std::string& clientId);

/// Stores the secret in the keyring under (environment, client id). Blocks like the lookup.
/// Returns "" or the reason it could not.
std::string storeKeyringSecret(const std::string& environment, const std::string& clientId,
                               const std::string& secret);

} // namespace lr
