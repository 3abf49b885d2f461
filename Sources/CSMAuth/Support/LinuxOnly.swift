// csm-auth is a Linux library: say so at once on any other system, instead of letting the build
// fail later on a missing C function.
#if !os(Linux)
    #error(
        "CSMAuth builds on Linux only: it needs the kernel keyring (keyctl), flock(2), /proc, termios and libsecret's Secret Service over D-Bus"
    )
#endif
