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
static atomic_int active;

static void restore_and_resend(int number) {
    if (atomic_load_explicit(&active, memory_order_acquire)) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    }
    signal(number, SIG_DFL);
    raise(number);
}

int csm_echo_off(void) {
    struct termios original;
    if (tcgetattr(STDIN_FILENO, &original) != 0) {
        return 0;
    }
    saved = original;
    atomic_store_explicit(&active, 1, memory_order_release);
    struct sigaction handler = { 0 };
    handler.sa_handler = restore_and_resend;
    sigemptyset(&handler.sa_mask);
    for (unsigned i = 0; i < GUARDED_COUNT; i++) {
        sigaction(guarded_signals[i], &handler, &previous[i]);
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
        sigaction(guarded_signals[i], &previous[i], NULL);
    }
}
