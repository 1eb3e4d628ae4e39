#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""profiles/policy.schema.json matches the policy parser (TAP).

The schema is a valid draft 2020-12 schema; the shipped policy and the
README's exemption example validate; its rule id enum is exactly the rule
ids of profiles/policy.json and of rule_infos[] in src/policy.c; and for
every sample below the schema and clampctl's parser (src/policy_file.c)
agree: both accept the good ones, both refuse the bad ones.

Environment: SCHEMA, POLICY, README, POLICY_C, CLAMPCTL (optional: without
it the parser half of each sample is not run).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

n = 0
failed = False


def ok(cond, what, detail=""):
    global n, failed
    n += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (n, what))
    if not cond:
        failed = True
        for line in str(detail).splitlines():
            print("# " + line)


try:
    import jsonschema
except ImportError:
    print("1..0 # SKIP python3-jsonschema is not installed")
    sys.exit(0)

schema = json.load(open(os.environ["SCHEMA"]))
policy = json.load(open(os.environ["POLICY"]))
validator_cls = jsonschema.Draft202012Validator
try:
    validator_cls.check_schema(schema)
    ok(True, "the schema is a valid draft 2020-12 schema")
except jsonschema.SchemaError as e:
    ok(False, "the schema is a valid draft 2020-12 schema", e)
    print("1..%d" % n)
    sys.exit(1)
v = validator_cls(schema)


def errors(doc):
    return [e.message for e in v.iter_errors(doc)]


ok(not errors(policy), "profiles/policy.json validates", errors(policy))

ids = schema["$defs"]["rule_id"]["enum"]
ok(len(ids) == len(set(ids)), "the schema lists each rule id once")
ok(ids == list(policy["rules"]), "the schema's rule ids are profiles/policy.json's, in order",
   set(ids) ^ set(policy["rules"]))
src = open(os.environ["POLICY_C"]).read()
table = src[src.index("rule_infos["):]
table = table[: table.index("};")]
c_ids = re.findall(r'\]\s*=\s*\{\s*"([^"]+)"', table)
ok(c_ids == ids, "the schema's rule ids are rule_infos[] of src/policy.c, in order",
   set(ids) ^ set(c_ids))

readme = open(os.environ["README"]).read()
ex = readme[readme.index("### Exemptions"):]
ex = ex[ex.index("```json") + 7:]
ex = ex[: ex.index("```")]
readme_doc = json.loads('{"version": 1, ' + ex + "}")
ok(not errors(readme_doc), "the README's exemption example validates", errors(readme_doc))

# (name, document, valid?). Each is checked by the schema and, with
# CLAMPCTL, by the parser.
P = lambda **kw: dict({"version": 1}, **kw)
EX = {"name": "e", "match": {"io.kubernetes.cri.sandbox-namespace": "debug"}}
samples = [
    ("minimal", P(), True),
    ("every section, nulls", P(mode=None, user=None, capabilities=None, tmpfs=None, seccomp=None,
                               runtime=None, audit=None, lsm=None, resources=None, sysctls=None,
                               env=None, hooks=None, annotations=None, rules=None,
                               exemptions=None), True),
    ("a full policy", P(mode="warn", user={"uid": 1000, "gid": 4294967294},
                        capabilities={"allow": ["CAP_KILL", "CAP_NET_RAW"]},
                        tmpfs=[{"path": "/var/tmp", "size": "1g", "mode": "0755",
                                "options": ["ro", "nr_inodes=4k", "rslave"]}],
                        seccomp={"profile": None},
                        runtime={"path": "/usr/bin/runc", "args": ["--debug", "--root=/x"]},
                        audit={"log": "/var/log/x/a.log", "required": True},
                        lsm={"apparmor_profile": "my-profile",
                             "selinux_label": "system_u:system_r:container_t:s0:c1,c2"},
                        resources={"pids_limit": 1, "pids_max": 9223372036854775807,
                                   "memory_limit": 1048576, "cpu_shares": 262144,
                                   "cpu_quota": 1000, "cpu_period": 1000000, "core_limit": 0},
                        sysctls={"allow": ["kernel.msgmax", "net/core/somaxconn"]},
                        env={"secret_patterns": ["PASS", "KEY"]},
                        hooks={"allow": ["/usr/bin/dockerd", "/"]},
                        annotations={"allow": ["run.oci.seccomp_bpf_data", "run.oci.hooks.stdout"]},
                        rules={"user.nonroot": "deny", "env.secrets": "off"},
                        exemptions=[dict(EX, rules={"caps.allowlist": "warn"}),
                                    dict(EX, name="f", capabilities={"allow": ["CAP_SYS_PTRACE"]}),
                                    dict(EX, name="g", user={"allow_root": True},
                                         match={"a": "1", "b": "2"})]), True),
    ("hooks.allow []", P(hooks={"allow": []}), True),
    ("an empty exemptions list", P(exemptions=[]), True),
    ("an exemption that only sets an action equal to the policy's",
     P(exemptions=[dict(EX, rules={"caps.allowlist": "enforce"})]), True),
    ("no version", {}, False),
    ("version 2", P(version=2), False),
    ("version as a string", P(version="1"), False),
    ("an unknown top-level field", P(auditing={}), False),
    ("mode audit", P(mode="audit"), False),
    ("user.uid 0", P(user={"uid": 0}), False),
    ("user.gid 4294967295", P(user={"gid": 4294967295}), False),
    ("user.name", P(user={"name": "x"}), False),
    ("a lower-case capability", P(capabilities={"allow": ["cap_kill"]}), False),
    ("a capability twice", P(capabilities={"allow": ["CAP_KILL", "CAP_KILL"]}), False),
    ("capabilities.add", P(capabilities={"add": []}), False),
    ("tmpfs at /", P(tmpfs=[{"path": "/", "size": "1m", "mode": "1777"}]), False),
    ("tmpfs path not clean", P(tmpfs=[{"path": "/a/../b", "size": "1m", "mode": "1777"}]), False),
    ("tmpfs without size", P(tmpfs=[{"path": "/t", "mode": "1777"}]), False),
    ("tmpfs size 64M", P(tmpfs=[{"path": "/t", "size": "64M", "mode": "1777"}]), False),
    ("tmpfs mode 4755", P(tmpfs=[{"path": "/t", "size": "1m", "mode": "4755"}]), False),
    ("tmpfs option exec", P(tmpfs=[{"path": "/t", "size": "1m", "mode": "1777",
                                    "options": ["exec"]}]), False),
    ("tmpfs option size=", P(tmpfs=[{"path": "/t", "size": "1m", "mode": "1777",
                                     "options": ["size=1g"]}]), False),
    ("tmpfs null entry", P(tmpfs=[None]), False),
    ("seccomp.profile relative", P(seccomp={"profile": "default.json"}), False),
    ("runtime.path relative", P(runtime={"path": "runc"}), False),
    ("runtime.args not a flag", P(runtime={"args": ["state"]}), False),
    ("runtime.args --", P(runtime={"args": ["--"]}), False),
    ("audit.required without a log", P(audit={"log": None, "required": True}), False),
    ("audit.log with a trailing slash", P(audit={"log": "/var/log/"}), False),
    ("lsm.apparmor_profile unconfined", P(lsm={"apparmor_profile": "unconfined"}), False),
    ("lsm.apparmor_profile with a blank", P(lsm={"apparmor_profile": "my profile"}), False),
    ("lsm.apparmor_profile empty", P(lsm={"apparmor_profile": ""}), False),
    ("lsm.selinux_label spc_t", P(lsm={"selinux_label": "system_u:system_r:spc_t:s0"}), False),
    ("lsm.selinux_label without a role", P(lsm={"selinux_label": "u::t:s0"}), False),
    ("lsm.selinux_label without a type", P(lsm={"selinux_label": "u:r:"}), False),
    ("resources.pids_limit 0", P(resources={"pids_limit": 0}), False),
    ("resources.memory_limit below 1 MiB", P(resources={"memory_limit": 1048575}), False),
    ("resources.cpu_shares 1", P(resources={"cpu_shares": 1}), False),
    ("resources.cpu_quota 999", P(resources={"cpu_quota": 999}), False),
    ("resources.cpu_period 1000001", P(resources={"cpu_period": 1000001}), False),
    ("resources.core_limit null", P(resources={"core_limit": None}), False),
    ("resources.core_limit -1", P(resources={"core_limit": -1}), False),
    ("resources.pids", P(resources={"pids": 1}), False),
    ("sysctls.allow with an empty component", P(sysctls={"allow": ["kernel..msgmax"]}), False),
    ("sysctls.allow with a leading /", P(sysctls={"allow": ["/kernel/msgmax"]}), False),
    ("sysctls.allow with *", P(sysctls={"allow": ["kernel.msg*"]}), False),
    ("env.secret_patterns with =", P(env={"secret_patterns": ["A=B"]}), False),
    ("env.secret_patterns empty string", P(env={"secret_patterns": [""]}), False),
    ("hooks.allow relative", P(hooks={"allow": ["dockerd"]}), False),
    ("hooks.allow twice", P(hooks={"allow": ["/x", "/x"]}), False),
    ("annotations.allow run.oci.handler", P(annotations={"allow": ["run.oci.handler"]}), False),
    ("an unknown rule", P(rules={"user.root": "enforce"}), False),
    ("a rule set to null", P(rules={"user.nonroot": None}), False),
    ("a rule set to block", P(rules={"user.nonroot": "block"}), False),
    ("an exemption that relaxes nothing", P(exemptions=[dict(EX)]), False),
    ("an exemption with empty capabilities", P(exemptions=[dict(EX, capabilities={"allow": []})]),
     False),
    ("an exemption with allow_root false", P(exemptions=[dict(EX, user={"allow_root": False})]),
     False),
    ("an exemption of runtime.flags", P(exemptions=[dict(EX, rules={"runtime.flags": "off"})]),
     False),
    ("an exemption of runtime.restore",
     P(exemptions=[dict(EX, rules={"runtime.restore": "off"})]), False),
    ("an exemption of exec.lsm", P(exemptions=[dict(EX, rules={"exec.lsm": "off"})]), False),
    ("an exemption without a name", P(exemptions=[{"match": {"k": "v"}, "user": {"allow_root": True}}]),
     False),
    ("an exemption with an empty name", P(exemptions=[dict(EX, name="", user={"allow_root": True})]),
     False),
    ("an exemption without match", P(exemptions=[{"name": "e", "user": {"allow_root": True}}]), False),
    ("an exemption matching nothing", P(exemptions=[dict(EX, match={}, user={"allow_root": True})]),
     False),
    ("an exemption with an empty key", P(exemptions=[dict(EX, match={"": "v"},
                                                         user={"allow_root": True})]), False),
    ("an exemption with an empty value", P(exemptions=[dict(EX, match={"k": ""},
                                                           user={"allow_root": True})]), False),
    ("an exemption with a null value", P(exemptions=[dict(EX, match={"k": None},
                                                         user={"allow_root": True})]), False),
    ("an exemption field when", P(exemptions=[dict(EX, when=1, user={"allow_root": True})]), False),
    ("an exemption user.uid", P(exemptions=[dict(EX, user={"uid": 0})]), False),
]

clampctl = os.environ.get("CLAMPCTL")
with tempfile.TemporaryDirectory() as tmp:
    for name, doc, valid in samples:
        errs = errors(doc)
        ok((not errs) == valid, "schema %s: %s" % ("accepts" if valid else "refuses", name),
           "\n".join(errs) if errs else json.dumps(doc))
        if not clampctl:
            continue
        path = os.path.join(tmp, "policy.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        os.chmod(path, 0o644)
        r = subprocess.run([clampctl, "policy", "check", path], capture_output=True, text=True)
        ok((r.returncode == 0) == valid,
           "parser %s: %s" % ("accepts" if valid else "refuses", name), r.stdout + r.stderr)

print("1..%d" % n)
sys.exit(1 if failed else 0)
