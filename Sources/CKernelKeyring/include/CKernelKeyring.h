#ifndef CKERNELKEYRING_H
#define CKERNELKEYRING_H

// The few Linux key-management calls csm-auth makes (see keyctl(2), add_key(2)), made as raw
// system calls: libkeyutils would be one more library to map on the hot path, and Swift cannot
// call the variadic syscall(2) itself. Each returns what the system call returns: -1 with errno
// set on failure (ENOSYS where the kernel or a seccomp profile refuses keys).

#include <stddef.h>
#include <stdint.h>

/// The calling user's persistent keyring, linked into this process's own keyring so that its
/// keys are "possessed" (readable) from any session of the user: keyctl(KEYCTL_GET_PERSISTENT, -1, @p).
int32_t ckeyring_persistent(void);

/// The `user` key with this exact description in `keyring` (searched recursively): KEYCTL_SEARCH.
int32_t ckeyring_search(int32_t keyring, const char *description);

/// Copies up to `length` bytes of the key's payload into `buffer`; returns the payload's full size: KEYCTL_READ.
long ckeyring_read(int32_t key, char *buffer, size_t length);

/// Creates, or updates in place, the `user` key with this description in `keyring`: add_key(2).
/// In place means *whoever owns* the key there: give it a keyring no other user can write to
/// (``CKEYRING_PROCESS_KEYRING``), never one that another uid may possess.
int32_t ckeyring_add(int32_t keyring, const char *description, const void *payload, size_t length);

/// Sets the key's permission mask: KEYCTL_SETPERM.
long ckeyring_set_permissions(int32_t key, uint32_t permissions);

/// Makes the kernel drop the key `seconds` from now: KEYCTL_SET_TIMEOUT.
long ckeyring_set_timeout(int32_t key, uint32_t seconds);

/// Removes the key from every keyring at once: KEYCTL_INVALIDATE.
long ckeyring_invalidate(int32_t key);

/// The key's "type;uid;gid;perm;description" (perm as 8 hex digits) and a NUL; returns the
/// size of that text with its NUL, which may exceed `length`: KEYCTL_DESCRIBE.
long ckeyring_describe(int32_t key, char *buffer, size_t length);

/// Links the key into `keyring`, displacing from it any key of the same type and description,
/// whoever owns that one: KEYCTL_LINK.
long ckeyring_link(int32_t key, int32_t keyring);

/// Removes the key from `keyring` (not from other keyrings that link it): KEYCTL_UNLINK.
long ckeyring_unlink(int32_t key, int32_t keyring);

/// This process's own keyring (`@p`): created on first use, possessed by this process's threads
/// alone (a child gets none) and gone when the process ends. Another uid can neither find it nor
/// add or link anything to it.
enum { CKEYRING_PROCESS_KEYRING = -2 };

/// The owning user may view, read, write, search, link and set attributes; nobody else may do
/// anything, possessor included. Possession is not tied to a user: a process that switched to
/// another uid (su, setpriv) while a session keyring links the persistent keyring possesses the
/// key, so possessor rights would let it read the token.
enum { CKEYRING_PERMISSIONS_OWNER_ONLY = 0x003f0000 };

#endif
