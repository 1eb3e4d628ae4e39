#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""check-k8s.py CONTRIB_DIR README: TAP checks of the Kubernetes and
containerd files in contrib/ (no kubelet here: syntax and required fields,
not applied), and of contrib/kubernetes/clamp-install.sh run against a
fake node directory."""

import os
import re
import subprocess
import sys
import tempfile

import yaml

try:
    import tomllib  # Python 3.11 (Debian 12)
except ImportError:  # pragma: no cover
    tomllib = None

N = 0
FAILED = 0


def ok(cond, desc, diag=None):
    global N, FAILED
    N += 1
    if cond:
        print("ok %d - %s" % (N, desc))
    else:
        FAILED += 1
        print("not ok %d - %s" % (N, desc))
        if diag:
            for line in str(diag).splitlines():
                print("# " + line)
    return cond


def dig(doc, *path):
    for p in path:
        if not isinstance(doc, dict) or p not in doc:
            return None
        doc = doc[p]
    return doc


DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
HANDLER = "clamp"
BINARY = "/usr/local/bin/clamp"


def check_common(fname, i, doc):
    where = "%s[%d]" % (fname, i)
    ok(isinstance(doc, dict), "%s: is a mapping" % where)
    if not isinstance(doc, dict):
        return
    ok(isinstance(doc.get("apiVersion"), str) and doc["apiVersion"], "%s: has apiVersion" % where)
    ok(isinstance(doc.get("kind"), str) and doc["kind"], "%s: has kind" % where)
    name = dig(doc, "metadata", "name")
    ok(isinstance(name, str) and DNS_SUBDOMAIN.match(name), "%s: metadata.name is a DNS name" % where,
       "metadata.name: %r" % (name,))


def check_runtimeclass(fname, doc):
    ok(doc.get("apiVersion") == "node.k8s.io/v1", "%s: RuntimeClass apiVersion node.k8s.io/v1" % fname)
    h = doc.get("handler")
    ok(h == HANDLER, "%s: RuntimeClass handler is %s" % (fname, HANDLER), "handler: %r" % (h,))
    ok(isinstance(h, str) and DNS_LABEL.match(h), "%s: handler is a DNS label" % fname)
    ok(dig(doc, "metadata", "name") == "clamp", "%s: RuntimeClass is named clamp" % fname)
    ok(dig(doc, "metadata", "namespace") is None, "%s: RuntimeClass is cluster-scoped" % fname)
    extra = set(doc) - {"apiVersion", "kind", "metadata", "handler", "overhead", "scheduling"}
    ok(not extra, "%s: RuntimeClass has only known fields" % fname, "unknown: %s" % sorted(extra))


def check_container(where, c, volumes, is_init):
    ok(isinstance(c.get("name"), str) and DNS_LABEL.match(c["name"]), "%s: container name" % where)
    ok(isinstance(c.get("image"), str) and c["image"], "%s: has an image" % where)
    for key in ("command", "args"):
        if key in c:
            ok(isinstance(c[key], list) and all(isinstance(x, str) for x in c[key]),
               "%s: %s is a list of strings" % (where, key))
    for e in c.get("env", []):
        ok(isinstance(e.get("name"), str) and isinstance(e.get("value", ""), str),
           "%s: env %s has a string value" % (where, e.get("name")))
    mounts = c.get("volumeMounts", [])
    for m in mounts:
        ok(m.get("name") in volumes, "%s: volumeMount %s names a volume" % (where, m.get("name")))
        ok(isinstance(m.get("mountPath"), str) and m["mountPath"].startswith("/"),
           "%s: volumeMount %s has an absolute mountPath" % (where, m.get("name")))
    if not is_init:
        ok(dig(c, "securityContext", "privileged") is not True,
           "%s: the long-running container is not privileged" % where)


def check_daemonset(fname, doc, contrib):
    ok(doc.get("apiVersion") == "apps/v1", "%s: DaemonSet apiVersion apps/v1" % fname)
    ok(isinstance(dig(doc, "metadata", "namespace"), str), "%s: DaemonSet has a namespace" % fname)
    sel = dig(doc, "spec", "selector", "matchLabels")
    labels = dig(doc, "spec", "template", "metadata", "labels") or {}
    ok(isinstance(sel, dict) and sel, "%s: spec.selector.matchLabels is set" % fname)
    ok(isinstance(sel, dict) and all(labels.get(k) == v for k, v in sel.items()),
       "%s: the selector matches the template's labels" % fname,
       "selector %r, labels %r" % (sel, labels))
    pod = dig(doc, "spec", "template", "spec") or {}
    ok(pod.get("runtimeClassName") is None, "%s: the installer does not run through clamp" % fname)
    volumes = {}
    for v in pod.get("volumes", []):
        volumes[v.get("name")] = v
        hp = v.get("hostPath")
        if hp is not None:
            ok(isinstance(hp.get("path"), str) and hp["path"].startswith("/"),
               "%s: volume %s: hostPath.path is absolute" % (fname, v.get("name")))
            ok(hp.get("type") in (None, "", "Directory", "DirectoryOrCreate", "File", "FileOrCreate"),
               "%s: volume %s: known hostPath.type" % (fname, v.get("name")))
    ok(len(volumes) == len(pod.get("volumes", [])), "%s: volume names are unique" % fname)
    inits = pod.get("initContainers", [])
    ok(len(inits) >= 1, "%s: has an init container" % fname)
    ok(len(pod.get("containers", [])) >= 1, "%s: has a container" % fname)
    names = [c.get("name") for c in inits + pod.get("containers", [])]
    ok(len(names) == len(set(names)), "%s: container names are unique" % fname)
    for c in inits:
        check_container("%s: init %s" % (fname, c.get("name")), c, volumes, True)
    for c in pod.get("containers", []):
        check_container("%s: container %s" % (fname, c.get("name")), c, volumes, False)
    # The installer writes where clamp and containerd look.
    mounted = {}
    for c in inits:
        for m in c.get("volumeMounts", []):
            hp = dig(volumes.get(m.get("name"), {}), "hostPath", "path")
            mounted[m["mountPath"]] = hp
    env = {e["name"]: e.get("value") for c in inits for e in c.get("env", [])}
    host = env.get("HOST", "/host")
    for path in ("/usr/local/bin", "/etc/clamp", "/etc/containerd"):
        ok(mounted.get(host + path) == path, "%s: the node's %s is mounted at %s%s" % (fname, path, host, path),
           "mounts: %r" % mounted)
    cmd = " ".join(inits[0].get("command", []) + inits[0].get("args", [])) if inits else ""
    ok("clamp-install.sh" in cmd and os.path.exists(os.path.join(contrib, "kubernetes", "clamp-install.sh")),
       "%s: the init container runs clamp-install.sh, which is in contrib/kubernetes" % fname)


def check_toml(path, version, plugin):
    rel = "/".join(os.path.abspath(path).split(os.sep)[-3:])
    if tomllib is None:
        ok(True, "%s: # SKIP no tomllib" % rel)
        return None
    try:
        with open(path, "rb") as f:
            t = tomllib.load(f)
    except Exception as e:  # noqa: BLE001 - report any parse error
        ok(False, "%s: parses as TOML" % rel, e)
        return None
    ok(True, "%s: parses as TOML" % rel)
    ok(t.get("version") == version, "%s: config version %d" % (rel, version), "version: %r" % t.get("version"))
    rt = dig(t, "plugins", plugin, "containerd", "runtimes", HANDLER)
    ok(isinstance(rt, dict), '%s: [plugins."%s".containerd.runtimes.%s]' % (rel, plugin, HANDLER),
       "plugins: %r" % list((t.get("plugins") or {}).keys()))
    ok(dig(rt, "runtime_type") == "io.containerd.runc.v2", "%s: runtime_type io.containerd.runc.v2" % rel)
    ok(dig(rt, "options", "BinaryName") == BINARY, "%s: options.BinaryName is %s" % (rel, BINARY))
    return t


def check_installer(contrib):
    """Run clamp-install.sh against a fake node (RESTART_CONTAINERD=false)."""
    script = os.path.join(contrib, "kubernetes", "clamp-install.sh")
    r = subprocess.run(["sh", "-n", script], capture_output=True, text=True)
    ok(r.returncode == 0, "clamp-install.sh: sh -n", r.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src")
        host = os.path.join(tmp, "host")
        os.makedirs(src)
        os.makedirs(os.path.join(host, "etc", "containerd"))
        for name in ("containerd-1.x.toml", "containerd-2.x.toml"):
            with open(os.path.join(contrib, "kubernetes", name)) as f, open(os.path.join(src, name), "w") as g:
                g.write(f.read())
        with open(os.path.join(src, "clamp"), "w") as f:
            f.write("#!/bin/sh\necho fake clamp\n")
        with open(os.path.join(src, "policy.json"), "w") as f:
            f.write('{"version": 1}\n')
        conf = os.path.join(host, "etc", "containerd", "config.toml")
        env = dict(os.environ, SRC=src, HOST=host, RESTART_CONTAINERD="false")

        def run():
            return subprocess.run(["sh", script], env=env, capture_output=True, text=True)

        def installed(rel):
            p = os.path.join(host, rel)
            return open(p).read() if os.path.exists(p) else None

        with open(conf, "w") as f:
            f.write('version = 2\n[plugins."io.containerd.grpc.v1.cri"]\n')
        r = run()
        ok(r.returncode == 1 and "does not import /etc/containerd/conf.d/*.toml" in r.stderr,
           "clamp-install.sh: refuses a config.toml without the conf.d import", r.stdout + r.stderr)
        ok(installed("usr/local/bin/clamp") is None, "clamp-install.sh: and installs nothing then")

        with open(conf, "w") as f:
            f.write('version = 2\nimports = ["/etc/containerd/conf.d/*.toml"]\n')
        r = run()
        ok(r.returncode == 0, "clamp-install.sh: installs on a containerd 1.x node", r.stdout + r.stderr)
        ok(installed("usr/local/bin/clamp") == open(os.path.join(src, "clamp")).read()
           and os.stat(os.path.join(host, "usr/local/bin/clamp")).st_mode & 0o777 == 0o755,
           "clamp-install.sh: /usr/local/bin/clamp, mode 0755")
        ok(installed("etc/clamp/policy.json") == '{"version": 1}\n', "clamp-install.sh: /etc/clamp/policy.json")
        ok(installed("etc/containerd/conf.d/clamp.toml") == open(os.path.join(src, "containerd-1.x.toml")).read(),
           "clamp-install.sh: conf.d/clamp.toml is the 1.x snippet")
        ok("restart containerd" in r.stdout, "clamp-install.sh: says containerd needs a restart", r.stdout)
        r = run()
        ok(r.returncode == 0 and "already has the clamp handler" in r.stdout,
           "clamp-install.sh: a second run changes nothing", r.stdout + r.stderr)
        leftovers = [n for d, _, fs in os.walk(host) for n in fs if n.endswith(".clamp-new")]
        ok(not leftovers, "clamp-install.sh: no temporary files left", leftovers)

        with open(conf, "w") as f:
            f.write('version = 3\nimports = ["/etc/containerd/conf.d/*.toml"]\n')
        r = run()
        ok(r.returncode == 0 and installed("etc/containerd/conf.d/clamp.toml")
           == open(os.path.join(src, "containerd-2.x.toml")).read(),
           "clamp-install.sh: a version 3 config.toml gets the 2.x snippet", r.stdout + r.stderr)


def main():
    contrib, readme = sys.argv[1], sys.argv[2]
    kdir = os.path.join(contrib, "kubernetes")
    files = sorted(f for f in os.listdir(kdir) if f.endswith((".yaml", ".yml")))
    ok(len(files) >= 2, "contrib/kubernetes has the YAML manifests", files)
    kinds = {}
    for fname in files:
        try:
            with open(os.path.join(kdir, fname)) as f:
                docs = [d for d in yaml.safe_load_all(f) if d is not None]
        except yaml.YAMLError as e:
            ok(False, "%s: parses as YAML" % fname, e)
            continue
        ok(len(docs) >= 1, "%s: parses as YAML" % fname)
        for i, doc in enumerate(docs):
            check_common(fname, i, doc)
            if not isinstance(doc, dict):
                continue
            kinds.setdefault(doc.get("kind"), []).append(fname)
            if doc.get("kind") == "RuntimeClass":
                check_runtimeclass(fname, doc)
            elif doc.get("kind") == "DaemonSet":
                check_daemonset(fname, doc, contrib)
    ok("RuntimeClass" in kinds, "there is a RuntimeClass", kinds)
    ok("DaemonSet" in kinds, "there is a DaemonSet", kinds)

    check_toml(os.path.join(kdir, "containerd-1.x.toml"), 2, "io.containerd.grpc.v1.cri")
    check_toml(os.path.join(kdir, "containerd-2.x.toml"), 3, "io.containerd.cri.v1.runtime")
    check_toml(os.path.join(contrib, "containerd", "config.toml"), 2, "io.containerd.grpc.v1.cri")
    with open(os.path.join(kdir, "containerd-2.x.toml")) as f:
        ok("UNTESTED" in f.read(), "containerd-2.x.toml says it is untested")

    # The Containerfile copies files that are in this directory (clamp and
    # policy.json are copied in by the build commands it documents).
    with open(os.path.join(kdir, "Containerfile")) as f:
        copies = [line.split()[1:-1] for line in f if line.startswith("COPY ")]
    missing = [n for c in copies for n in c
               if n not in ("clamp", "policy.json") and not os.path.exists(os.path.join(kdir, n))]
    ok(copies and not missing, "Containerfile: COPY names files that exist", missing)

    check_installer(contrib)

    # The README shows the snippets and says the 2.x one is untested.
    with open(readme) as f:
        text = f.read()
    m = re.search(r"^## Use with Kubernetes\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    ok(m is not None, "README has a section 'Use with Kubernetes'")
    section = m.group(1) if m else ""
    for snippet in ("containerd-1.x.toml", "containerd-2.x.toml", "runtimeclass.yaml"):
        with open(os.path.join(kdir, snippet)) as f:
            lines = [x.strip() for x in f if x.strip() and not x.startswith("#")]
        missing = [x for x in lines if x not in section]
        ok(not missing, "README shows %s" % snippet, missing)
    ok(re.search(r"containerd\s+2\.x\s+snippet\s+is\s+\**untested", section) is not None,
       "README says the containerd 2.x snippet is untested")

    print("1..%d" % N)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
