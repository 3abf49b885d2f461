#ifndef CSPAWN_H
#define CSPAWN_H

#include <spawn.h>

/// Makes the spawned process start without any descriptor from `lowest` up (glibc's
/// posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc module does not show).
int cspawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest);

/// Replaces the process with `file`, searched in `PATH` as execvp does, with the environment
/// `envp` (glibc's execvpe, which Swift's Glibc module does not show either). Returns only on failure.
int cspawn_execvpe(const char *file, char *const argv[], char *const envp[]);

#endif
