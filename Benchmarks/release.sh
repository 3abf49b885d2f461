# The benchmarks' release build and tool checks, sourced by token-benchmark and fleet-benchmark
# outside their keyring session.
#
#   release_build NAME SKIP_BUILD TOOL...
#       Installs /usr/bin/time (Debian package `time`) if it is missing, checks that every TOOL
#       is in PATH, builds csm-auth as the README installs it (release, static Swift runtime) and
#       csm-sandbox in release mode unless SKIP_BUILD is 1, and sets `python` (the interpreter's
#       real path: pyenv-style shims may not survive the temporary HOME of scripts/with-keyring)
#       and `bin` (the folder of both binaries). Exits 1 with "NAME: setup failed: …" on failure.

release_build() {
    local name=$1 skip=$2 tool sudo="" product
    shift 2
    if ! command -v /usr/bin/time >/dev/null; then
        echo "$name: installing the Debian package 'time' for /usr/bin/time" >&2
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends time >/dev/null \
            || { echo "$name: setup failed: could not install the 'time' package" >&2; exit 1; }
    fi
    for tool in secret-tool curl python3 dbus-run-session gnome-keyring-daemon "$@"; do
        command -v "$tool" >/dev/null || { echo "$name: setup failed: $tool is missing (run scripts/setup)" >&2; exit 1; }
    done
    python=$(python3 -c 'import sys; print(sys.executable)') || { echo "$name: setup failed: python3 does not run" >&2; exit 1; }
    if [ "$skip" != 1 ]; then
        # `swift build` honours only the last of several --product flags, hence two builds.
        echo "$name: building csm-auth and csm-sandbox in release mode (swift build -c release)…" >&2
        swift build -c release --static-swift-stdlib --product csm-auth >&2 \
            || { echo "$name: setup failed: swift build -c release --static-swift-stdlib --product csm-auth" >&2; exit 1; }
        swift build -c release --product csm-sandbox >&2 \
            || { echo "$name: setup failed: swift build -c release --product csm-sandbox" >&2; exit 1; }
    fi
    bin=$(swift build -c release --show-bin-path) || { echo "$name: setup failed: swift build --show-bin-path" >&2; exit 1; }
    for product in csm-auth csm-sandbox; do
        [ -x "$bin/$product" ] || { echo "$name: setup failed: $bin/$product is missing (run without --skip-build)" >&2; exit 1; }
    done
}
