"""Helpers shared by the benchmarks' Python parts (token-benchmark, fleet-benchmark).

A benchmark's bash script sets CSM_BENCH_BASE_URL (the sandbox) and imports this module with
Benchmarks/ on sys.path. Everything here raises SetupError for a setup failure (a command that
exits non-zero, a kernel key that is missing), which the script reports as "setup failed".
"""
import ctypes, errno, json, os, platform, statistics, subprocess, tempfile, time, urllib.request


class SetupError(Exception):
    pass


def sandbox(path, body=None):
    """GET (no body) or POST (JSON body) one of the sandbox's control endpoints; the JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(os.environ["CSM_BENCH_BASE_URL"] + path, data=data,
                                     method="GET" if body is None else "POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
    return json.loads(text) if text.strip() else None


def set_lifetime(seconds):
    """The lifetime of the access tokens the sandbox grants from now on."""
    sandbox("/_sandbox/settings", {"accessTokenLifetime": seconds})


def run(argv, env=None):
    """Runs argv to completion (in env, if given); returns (seconds, stdout). A failure is a setup error."""
    start = time.perf_counter()
    result = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SetupError(f"{' '.join(argv)} exited {result.returncode}: {result.stderr.decode(errors='replace').strip()}")
    return elapsed, result.stdout


def max_rss_kib(argv):
    """Peak RSS in KiB, as GNU time reports it (%M)."""
    with tempfile.NamedTemporaryFile("r") as report:
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + argv,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if result.returncode != 0:
            raise SetupError(f"/usr/bin/time {' '.join(argv)} exited {result.returncode}: {result.stderr.decode(errors='replace').strip()}")
        return int(report.read().strip().splitlines()[-1])


# The kernel keyring, for dropping csm-auth's cached tokens before an "uncached" run.
LIBC = ctypes.CDLL(None, use_errno=True)
SYS_KEYCTL = {"x86_64": 250, "aarch64": 219}.get(platform.machine())
KEYCTL_INVALIDATE, KEYCTL_GET_PERSISTENT, KEY_SPEC_PROCESS_KEYRING = 21, 22, -2
GONE = {errno.ENOKEY, errno.EKEYEXPIRED, errno.EKEYREVOKED}


def drop_cached_token(profile, config_folder=None):
    """Invalidates csm-auth's kernel keys of the profile (only that configuration folder's, if
    given), as a reboot or a new login leaves things. Returns how many were dropped."""
    if SYS_KEYCTL is None:
        raise SetupError(f"no keyctl system call number known for {platform.machine()}")
    # Linking the persistent keyring into this process's keyring makes its keys ours to invalidate.
    if LIBC.syscall(SYS_KEYCTL, KEYCTL_GET_PERSISTENT, -1, KEY_SPEC_PROCESS_KEYRING) < 0:
        raise SetupError(f"keyctl(GET_PERSISTENT) failed: {os.strerror(ctypes.get_errno())}")
    # The description is csm-auth:PROFILE:CONFIG_FOLDER (the folder's real path).
    wanted = f"csm-auth:{profile}:" + (os.path.realpath(config_folder) if config_folder else "")
    dropped = 0
    with open("/proc/keys") as keys:
        for line in keys:
            fields = line.split(None, 8)
            # Every live key of the profile (of the folder: /proc/keys shows "DESCRIPTION: LENGTH").
            if len(fields) == 9 and fields[8].startswith(wanted + (": " if config_folder else "")) \
                    and "i" not in fields[1]:
                if LIBC.syscall(SYS_KEYCTL, KEYCTL_INVALIDATE, int(fields[0], 16)) < 0:
                    # A key of an earlier run that expired or went meanwhile is gone already.
                    if ctypes.get_errno() in GONE:
                        continue
                    raise SetupError(f"keyctl(INVALIDATE) failed: {os.strerror(ctypes.get_errno())}")
                dropped += 1
    return dropped


# Each child is a /bin/sh parked on `read` from its own pipe; writing a newline to every pipe
# releases them together, so the timing covers csm-auth, not how fast this script can fork.
PARK = 'read -r _ && exec "$@" </dev/null'


def parked(pid):
    """Whether the child is blocked in read(2) on its standard input (/proc/PID/syscall: "0 0x0 ...")."""
    try:
        with open(f"/proc/{pid}/syscall") as status:
            return status.read().startswith("0 0x0 ")
    except OSError:
        return None


def together(argv, count, envs=(None,)):
    """Starts `count` copies of argv in each environment of envs (None: this one) at the same
    instant; returns (seconds until the last exits, set of stdouts)."""
    processes, release = [], []
    for env in envs:
        for _ in range(count):
            read_end, write_end = os.pipe()
            processes.append(subprocess.Popen(["/bin/sh", "-c", PARK, "sh"] + argv, stdin=read_end,
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env))
            os.close(read_end)
            release.append(write_end)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        states = [parked(p.pid) for p in processes]
        if None in states:  # /proc/PID/syscall unreadable: give the shells ample time instead
            time.sleep(0.5)
            break
        if all(states):
            break
        time.sleep(0.005)
    start = time.perf_counter()
    for descriptor in release:
        os.write(descriptor, b"\n")
        os.close(descriptor)
    outputs = [process.communicate() for process in processes]
    elapsed = time.perf_counter() - start
    failed = [(p.returncode, err) for p, (_, err) in zip(processes, outputs) if p.returncode != 0]
    if failed:
        code, err = failed[0]
        raise SetupError(f"{len(failed)} of {len(processes)} concurrent `{' '.join(argv)}` failed; first: exit {code}: {err.decode(errors='replace').strip()}")
    return elapsed, {out for out, _ in outputs}


def ms(seconds):
    return seconds * 1000


def verdict(ratio, target):
    return "PASS" if ratio <= target else f"OVER TARGET (x{ratio / target:.2f} the target)"


def print_table(rows):
    """Rows of (label, samples, format) or None (a blank line): n, median, min and max of each."""
    med = statistics.median
    width = max(len(r[0]) for r in rows if r)
    print(f"  {'measurement':<{width}}  {'n':>3}  {'median':>9}  {'min':>9}  {'max':>9}")
    for row in rows:
        if row is None:
            print()
            continue
        label, samples, fmt = row
        cells = [fmt.format(v) for v in (med(samples), min(samples), max(samples))]
        print(f"  {label:<{width}}  {len(samples):>3}  {cells[0]:>9}  {cells[1]:>9}  {cells[2]:>9}")


def print_checks(checks):
    """(description, ok) pairs, under a "Checks" heading."""
    print("Checks")
    for description, ok in checks:
        print(f"  {'ok  ' if ok else 'FAIL'}  {description}")
    if not all(ok for _, ok in checks):
        print("  (a failed check means the timings above measured something other than intended)")
