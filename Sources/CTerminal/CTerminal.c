#include "CTerminal.h"

#include <signal.h>
#include <stdatomic.h>
#include <termios.h>
#include <unistd.h>

static const int guarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define GUARDED_COUNT (sizeof guarded_signals / sizeof guarded_signals[0])

/// Written before `active` is set (release) and read by the handler only after it sees it (acquire).
static struct termios saved;
static struct sigaction previous[GUARDED_COUNT];
static int installed[GUARDED_COUNT];
static atomic_int active;

/// Puts the terminal back, gives the signal back the action it had before the prompt (the
/// default, ending the process, or a handler of the program's), and sends it again.
static void restore_and_resend(int number) {
    if (atomic_load_explicit(&active, memory_order_acquire)) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        for (unsigned i = 0; i < GUARDED_COUNT; i++) {
            if (guarded_signals[i] == number) {
                sigaction(number, &previous[i], NULL);
                raise(number);
                return;
            }
        }
    }
    signal(number, SIG_DFL);
    raise(number);
}

int csm_echo_off(void) {
    struct termios original;
    // One prompt at a time: a second call would save our own handlers as the "previous" ones.
    if (atomic_load_explicit(&active, memory_order_acquire) || tcgetattr(STDIN_FILENO, &original) != 0) {
        return 0;
    }
    saved = original;
    atomic_store_explicit(&active, 1, memory_order_release);
    struct sigaction handler = { 0 };
    handler.sa_handler = restore_and_resend;
    sigemptyset(&handler.sa_mask);
    for (unsigned i = 0; i < GUARDED_COUNT; i++) {
        installed[i] = 0;
        // A signal the process ignores (SIGHUP under nohup) stays ignored: it would not end the
        // prompt, so it needs no handler, and re-raising it with SIG_DFL would kill the process.
        if (sigaction(guarded_signals[i], NULL, &previous[i]) != 0 || previous[i].sa_handler == SIG_IGN) {
            continue;
        }
        installed[i] = sigaction(guarded_signals[i], &handler, NULL) == 0;
    }
    struct termios silent = original;
    silent.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    return 1;
}

void csm_echo_restore(void) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    atomic_store_explicit(&active, 0, memory_order_release);
    for (unsigned i = 0; i < GUARDED_COUNT; i++) {
        if (installed[i]) {
            sigaction(guarded_signals[i], &previous[i], NULL);
            installed[i] = 0;
        }
    }
}
