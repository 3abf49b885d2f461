#ifndef CSOCKETDIAG_H
#define CSOCKETDIAG_H

// Who owns a TCP socket, asked of the kernel by its exact four-tuple through netlink sock_diag
// (sock_diag(7): NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY, one inet_diag_req_v2 without
// NLM_F_DUMP), as `ss` does. Swift would have to spell out the netlink and inet_diag structs
// byte by byte; the kernel's own headers describe them here.

#include <stdint.h>

/// The user id owning the TCP socket whose *own* local end is `src`:`sport` and whose remote end
/// is `dst`:`dport`, in this process's network namespace.
///
/// - `family`: AF_INET (addresses of 4 bytes) or AF_INET6 (16 bytes), in network byte order;
///   ports are plain numbers (host order).
/// - Returns 0 and sets `*uid`; or -ENOENT when no such socket exists (it was closed, or it is
///   only a TIME_WAIT remnant, which has no owner any more); or another negative errno when the
///   kernel cannot be asked (EPERM, EPROTONOSUPPORT or EAFNOSUPPORT under a seccomp profile or a
///   sandboxed kernel; EAGAIN when no answer came; EBADMSG for an answer that does not read).
///
/// Never blocks: the kernel answers a sock_diag request while it is being sent, so the answer is
/// read without waiting. Costs a few system calls (socket, sendto, recv, close).
int csm_tcp_socket_owner(
    int family, const uint8_t *src, uint16_t sport, const uint8_t *dst, uint16_t dport, uint32_t *uid);

#endif
