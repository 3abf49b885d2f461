# The benchmarks' csm-sandbox, sourced by api-benchmark, paged-benchmark and token-benchmark.
#
#   start_sandbox BINARY FOLDER [ARGUMENT...]
#       Starts BINARY (a csm-sandbox) on a free port with the ARGUMENTs, its stdout in
#       FOLDER/sandbox.out and its stderr in FOLDER/sandbox.err, and waits up to 30 s for its
#       first line, "csm-sandbox listening on URL". Sets sandbox_pid at once (for the caller's
#       cleanup, which should call stop_sandbox) and sandbox_url once it is listening. Returns 1,
#       after copying its stderr to ours, if it exits or stays silent that long.
#   stop_sandbox
#       Stops the sandbox start_sandbox started, if it still runs, and waits for it.
#   sandbox_cloud_id, sandbox_token
#       The first site's cloud id, and a new access token, of the running sandbox.

sandbox_pid=""
sandbox_url=""

start_sandbox() {
    local binary=$1 folder=$2 line
    shift 2
    "$binary" --port 0 "$@" >"$folder/sandbox.out" 2>"$folder/sandbox.err" &
    sandbox_pid=$!
    for _ in $(seq 1 600); do
        line=$(head -n 1 "$folder/sandbox.out" 2>/dev/null || true)
        case "$line" in
            "csm-sandbox listening on "*) sandbox_url=${line#csm-sandbox listening on }; return 0 ;;
        esac
        # A sandbox that exited (a bad argument, a port it could not bind) will never listen.
        kill -0 "$sandbox_pid" 2>/dev/null || break
        sleep 0.05
    done
    cat "$folder/sandbox.err" >&2
    return 1
}

stop_sandbox() {
    if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
        kill -TERM "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
}

sandbox_cloud_id() {
    curl -sf "$sandbox_url/_sandbox/info" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sites"][0]["id"])'
}

sandbox_token() {
    curl -sf -X POST "$sandbox_url/_sandbox/tokens" -H 'Content-Type: application/json' -d '{}' \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
