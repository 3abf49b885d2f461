#ifndef CTERMINAL_H
#define CTERMINAL_H

/// Turns echo off on standard input when it is a terminal, and installs handlers for SIGINT,
/// SIGTERM, SIGHUP and SIGQUIT (those the process does not ignore) that put the terminal back
/// before the signal does what it would have done. Returns 1 when echo was turned off, 0 when
/// standard input is not a terminal or another prompt already has it off.
///
/// In C because the handler may run on any thread while the main thread sets the state up: it
/// must touch nothing but C11 atomics, tcsetattr, signal and raise (no Swift runtime, no lazy
/// global initialisation).
int csm_echo_off(void);

/// Puts the terminal back as csm_echo_off found it and restores the previous handlers.
void csm_echo_restore(void);

#endif
