#include "CKernelKeyring.h"

#include <errno.h>

#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>

enum {
    KEYCTL_SETPERM = 5,
    KEYCTL_DESCRIBE = 6,
    KEYCTL_LINK = 8,
    KEYCTL_UNLINK = 9,
    KEYCTL_SEARCH = 10,
    KEYCTL_READ = 11,
    KEYCTL_SET_TIMEOUT = 15,
    KEYCTL_INVALIDATE = 21,
    KEYCTL_GET_PERSISTENT = 22,
};

int32_t ckeyring_persistent(void) {
    return (int32_t)syscall(SYS_keyctl, KEYCTL_GET_PERSISTENT, (long)-1, (long)CKEYRING_PROCESS_KEYRING);
}

int32_t ckeyring_search(int32_t keyring, const char *description) {
    return (int32_t)syscall(SYS_keyctl, KEYCTL_SEARCH, (long)keyring, "user", description, 0L);
}

long ckeyring_read(int32_t key, char *buffer, size_t length) {
    return syscall(SYS_keyctl, KEYCTL_READ, (long)key, buffer, length);
}

int32_t ckeyring_add(int32_t keyring, const char *description, const void *payload, size_t length) {
    return (int32_t)syscall(SYS_add_key, "user", description, payload, length, (long)keyring);
}

long ckeyring_set_permissions(int32_t key, uint32_t permissions) {
    return syscall(SYS_keyctl, KEYCTL_SETPERM, (long)key, (unsigned long)permissions);
}

long ckeyring_set_timeout(int32_t key, uint32_t seconds) {
    return syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, (long)key, (unsigned long)seconds);
}

long ckeyring_invalidate(int32_t key) {
    return syscall(SYS_keyctl, KEYCTL_INVALIDATE, (long)key);
}

long ckeyring_describe(int32_t key, char *buffer, size_t length) {
    return syscall(SYS_keyctl, KEYCTL_DESCRIBE, (long)key, buffer, length);
}

long ckeyring_link(int32_t key, int32_t keyring) {
    return syscall(SYS_keyctl, KEYCTL_LINK, (long)key, (long)keyring);
}

long ckeyring_unlink(int32_t key, int32_t keyring) {
    return syscall(SYS_keyctl, KEYCTL_UNLINK, (long)key, (long)keyring);
}

#else

// Other systems have no kernel keyring: every call fails as an unsupported system call would.
static long unsupported(void) { errno = ENOSYS; return -1; }
int32_t ckeyring_persistent(void) { return (int32_t)unsupported(); }
int32_t ckeyring_search(int32_t keyring, const char *description) { (void)keyring; (void)description; return (int32_t)unsupported(); }
long ckeyring_read(int32_t key, char *buffer, size_t length) { (void)key; (void)buffer; (void)length; return unsupported(); }
int32_t ckeyring_add(int32_t keyring, const char *description, const void *payload, size_t length) {
    (void)keyring; (void)description; (void)payload; (void)length; return (int32_t)unsupported();
}
long ckeyring_set_permissions(int32_t key, uint32_t permissions) { (void)key; (void)permissions; return unsupported(); }
long ckeyring_set_timeout(int32_t key, uint32_t seconds) { (void)key; (void)seconds; return unsupported(); }
long ckeyring_invalidate(int32_t key) { (void)key; return unsupported(); }
long ckeyring_describe(int32_t key, char *buffer, size_t length) { (void)key; (void)buffer; (void)length; return unsupported(); }
long ckeyring_link(int32_t key, int32_t keyring) { (void)key; (void)keyring; return unsupported(); }
long ckeyring_unlink(int32_t key, int32_t keyring) { (void)key; (void)keyring; return unsupported(); }

#endif
