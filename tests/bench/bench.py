#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""clamp's benchmark (not a test: timings depend on the machine).

Run as root from the source tree after building:  tests/bench/bench.py [--runs N]

It measures, with medians of interleaved runs:
  1. `clamp create` + `runc delete` against `runc create` + `runc delete` on
     the same Docker-shaped bundle (Docker's own config.json, captured from
     dockerd: tests/data/docker/default/config.json), fresh config each time;
  2. clamp alone: clamp with a no-op runtime (CLAMP_RUNTIME=/bin/true)
     against /bin/true alone, which removes runc's own ~50 ms of noise,
     with a warm and a cold seccomp cache, on ext4 and on tmpfs;
  3. parse + harden + write of a 1 MiB and a 4 MiB config.json (thousands
     of env vars and mounts), to show that the cost is linear.
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLAMP = os.environ.get("CLAMP", os.path.join(SRC, "build", "src", "clamp"))
RUNC = shutil.which("runc")
TRUE = "/bin/true"


def build_rootfs(path):
    subprocess.run(["bash", "-c", 'source "$0"; build_rootfs "$1" >/dev/null',
                    os.path.join(SRC, "tests", "e2e", "lib", "rootfs.sh"), path], check=True)


def docker_config(bundle, rootfs):
    """Docker's config.json for `docker run busybox true`, made runnable
    here: our rootfs, no Docker hooks or Docker-owned bind mounts."""
    c = json.load(open(os.path.join(SRC, "tests", "data", "docker", "default", "config.json")))
    c["root"] = {"path": rootfs, "readonly": False}
    c["process"]["args"] = ["/bin/true"]
    c["process"]["terminal"] = False
    c.pop("hooks", None)
    c["mounts"] = [m for m in c["mounts"] if "/containers/" not in m.get("source", "")]
    # runc's default cgroup, /<id>: one per container, removed on delete.
    c["linux"].pop("cgroupsPath", None)
    c["linux"].get("sysctl", {}).pop("net.ipv4.ip_unprivileged_port_start", None)
    return json.dumps(c, indent=2)


def big_config(base, target_bytes):
    """base with env vars and mounts added until it is target_bytes long."""
    c = json.loads(base)
    i = 0
    while True:
        for _ in range(200):
            c["process"]["env"].append("BENCH_VARIABLE_%06d=%s" % (i, "v" * 40))
            c["mounts"].append({"destination": "/srv/bench/%06d" % i, "type": "bind",
                                "source": "/tmp", "options": ["rbind", "ro"]})
            i += 1
        text = json.dumps(c, indent=2)
        if len(text) >= target_bytes:
            return text


def run_quiet(cmd, env=None):
    """Run cmd with stdout on /dev/null and stderr in a file: a pipe would
    stay open in the container that `create` leaves behind. Exit on failure."""
    with tempfile.TemporaryFile() as err:
        r = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=err)
        if r.returncode != 0:
            err.seek(0)
            sys.exit("command failed: %s\n%s" % (" ".join(cmd), err.read().decode(errors="replace")))


def timed(cmd, env=None, prepare=None):
    if prepare:
        prepare()
    t0 = time.perf_counter_ns()
    run_quiet(cmd, env)
    return (time.perf_counter_ns() - t0) / 1e6


def median(xs):
    return statistics.median(xs)


def interleave(runs, cases):
    """cases: {name: callable returning ms}. Run them round-robin."""
    out = {k: [] for k in cases}
    for _ in range(runs):
        for k, f in cases.items():
            out[k].append(f())
    return {k: median(v) for k, v in out.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--only", choices=("create", "alone", "large"), action="append",
                    help="run only this part (repeatable); default: all")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("run the benchmark as root")
    if not os.access(CLAMP, os.X_OK):
        sys.exit("build clamp first: meson setup build && ninja -C build")

    tmp = tempfile.mkdtemp(prefix="clamp-bench.")
    tmpfs = os.path.join(tmp, "tmpfs")
    os.mkdir(tmpfs)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", tmpfs], check=True)
    # SIGTERM (timeout(1)) unwinds like ^C, through the clean-up below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        run(args.runs, tmp, tmpfs, set(args.only or ("create", "alone", "large")))
    finally:
        delete_containers(os.path.join(tmp, "state"))
        subprocess.run(["umount", tmpfs])
        shutil.rmtree(tmp)


def delete_containers(state):
    """Delete every container the benchmark left in its own runc root."""
    if not os.path.isdir(state):
        return
    ids = subprocess.run([RUNC, "--root", state, "list", "-q"], capture_output=True, text=True)
    for cid in ids.stdout.split():
        subprocess.run([RUNC, "--root", state, "delete", "-f", cid], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


def run(runs, tmp, tmpfs, parts):
    rootfs = os.path.join(tmp, "rootfs")
    build_rootfs(rootfs)
    base = docker_config(None, rootfs)
    cache = os.path.join(tmp, "cache")
    state = os.path.join(tmp, "state")
    # The built-in policy, with its audit trail (part of the cost) kept in
    # tmp rather than the host's /var/log/clamp.
    policy = os.path.join(tmp, "policy.json")
    with open(policy, "w") as f:
        json.dump({"version": 1, "audit": {"log": os.path.join(tmp, "audit.log")}}, f)
    os.chmod(policy, 0o644)
    env = dict(os.environ, CLAMP_SECCOMP_CACHE=cache, CLAMP_POLICY=policy)

    def bundle(where, text):
        d = tempfile.mkdtemp(dir=where)
        cfg = os.path.join(d, "config.json")

        def fresh():
            with open(cfg, "w") as f:
                f.write(text)
        fresh()
        return d, fresh

    print("clamp benchmark: median of %d interleaved runs, milliseconds" % runs)
    print()

    if "create" in parts:
        bench_create(runs, tmp, state, env, base, bundle)
    if "alone" in parts:
        bench_alone(runs, tmp, tmpfs, cache, env, base, bundle)
    if "large" in parts:
        bench_large(runs, tmpfs, env, base, bundle)


def bench_create(runs, tmp, state, env, base, bundle):
    """1. create + delete, clamp vs runc, Docker-shaped bundle."""
    d_clamp, fresh_clamp = bundle(tmp, base)
    d_runc, fresh_runc = bundle(tmp, base)
    n = [0]

    def create_delete(cmd_prefix, d, fresh, e):
        n[0] += 1
        cid = "bench%d" % n[0]
        fresh()
        t0 = time.perf_counter_ns()
        run_quiet(cmd_prefix + ["--root", state, "create", "--bundle", d, cid], e)
        run_quiet([RUNC, "--root", state, "delete", "-f", cid], e)
        return (time.perf_counter_ns() - t0) / 1e6

    create_delete([CLAMP], d_clamp, fresh_clamp, dict(env, CLAMP_RUNTIME=RUNC))  # warm the cache
    res = interleave(runs, {
        "runc": lambda: create_delete([RUNC], d_runc, fresh_runc, env),
        "clamp": lambda: create_delete([CLAMP], d_clamp, fresh_clamp, dict(env, CLAMP_RUNTIME=RUNC)),
    })
    print("create + delete, Docker's config.json (bundle on ext4)")
    print("  runc            %8.2f" % res["runc"])
    print("  clamp -> runc   %8.2f   (+%.2f)" % (res["clamp"], res["clamp"] - res["runc"]))
    print()



def bench_alone(runs, tmp, tmpfs, cache, env, base, bundle):
    """2. clamp alone, with a no-op runtime."""
    noop = dict(env, CLAMP_RUNTIME=TRUE)
    # The cold runs get a cache of their own, emptied before each run, so
    # that they do not empty the one the warm runs use.
    cold_cache = cache + "-cold"
    cold = dict(noop, CLAMP_SECCOMP_CACHE=cold_cache)
    for label, where in (("ext4 (/tmp)", tmp), ("tmpfs", tmpfs)):
        d, fresh = bundle(where, base)
        cmd = [CLAMP, "create", "--bundle", d, "x"]
        timed(cmd, noop, fresh)
        res = interleave(runs, {
            "true": lambda: timed([TRUE]),
            "warm": lambda: timed(cmd, noop, fresh),
            "cold": lambda: timed(cmd, cold, lambda: (fresh(), shutil.rmtree(cold_cache, True))),
            "again": lambda: timed(cmd, noop),
        })
        print("clamp alone (CLAMP_RUNTIME=/bin/true), Docker's config.json, bundle on %s" % label)
        print("  /bin/true alone                      %6.2f" % res["true"])
        print("  clamp, warm cache                    %6.2f   clamp's own cost %.2f" % (res["warm"], res["warm"] - res["true"]))
        print("  clamp, cold cache (computes all)     %6.2f   clamp's own cost %.2f" % (res["cold"], res["cold"] - res["true"]))
        print("  clamp, already hardened (no write)   %6.2f   clamp's own cost %.2f" % (res["again"], res["again"] - res["true"]))
        print()



def bench_large(runs, tmpfs, env, base, bundle):
    """3. Large configs: linear cost."""
    noop = dict(env, CLAMP_RUNTIME=TRUE)
    sizes = {}
    for mib in (1, 4):
        text = big_config(base, mib * 1024 * 1024)
        d, fresh = bundle(tmpfs, text)
        cmd = [CLAMP, "create", "--bundle", d, "x"]
        timed(cmd, noop, fresh)
        sizes[mib] = (len(text), d, fresh, cmd)
    res = interleave(runs, {
        "true": lambda: timed([TRUE]),
        **{mib: (lambda v=v: timed(v[3], noop, v[2])) for mib, v in sizes.items()},
    })
    print("parse + harden + write of a large config.json (tmpfs, warm cache)")
    for mib, v in sizes.items():
        own = res[mib] - res["true"]
        print("  %d MiB (%d bytes)   %6.2f   clamp's own cost %.2f" % (mib, v[0], res[mib], own))
    ratio = (res[4] - res["true"]) / max(res[1] - res["true"], 1e-9)
    print("  4 MiB / 1 MiB cost ratio: %.2f (linear is about 4)" % ratio)


if __name__ == "__main__":
    main()
