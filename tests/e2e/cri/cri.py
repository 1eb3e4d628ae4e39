#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A minimal CRI v1 client for clamp's end-to-end test (tests/e2e/run-cri.sh).

It speaks runtime.v1.RuntimeService / ImageService over a unix socket with
the message subset in cri-subset.proto, compiled at test time with
`protoc --python_out` (no grpc code generator: each call is a plain
channel.unary_unary with the messages' own serializers).

  cri.py --sock SOCK --gen DIR COMMAND [ARGS]

COMMAND:
  version                          runtime name and version
  image-status REF                 the image id, or exit 1
  run-pod NAME NAMESPACE HANDLER CGROUP_PARENT
                                   RunPodSandbox; prints the sandbox id
  pod-status ID                    PodSandboxStatus (verbose) as JSON
  create ID POD_NAME NAMESPACE CGROUP_PARENT NAME IMAGE CMD_JSON [ADD_CAPS [MOUNT]]
                                   CreateContainer (the pod's config as
                                   run-pod sent it, as the kubelet does);
                                   ADD_CAPS: comma-separated, MOUNT:
                                   HOST_PATH:CONTAINER_PATH (read-only);
                                   prints the container id
  start CID                        StartContainer
  status CID                       ContainerStatus (verbose) as JSON
  exec CID CMD_JSON                ExecSync; prints stdout, exits with its
                                   exit code (stderr goes to stderr)
  stop-container CID / remove-container CID
                                   StopContainer / RemoveContainer
  stop-pod ID / remove-pod ID      StopPodSandbox / RemovePodSandbox

Errors from the runtime are printed on stderr (code and details); the
command then exits 3.
"""

import argparse
import importlib
import json
import os
import subprocess
import sys

import grpc

TIMEOUT = 120  # seconds per call; RunPodSandbox starts a shim and runc


def load_messages(gen):
    """Compile cri-subset.proto into GEN (once) and import it."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(gen, "cri_subset_pb2.py")
    if not os.path.exists(out):
        os.makedirs(gen, exist_ok=True)
        subprocess.run(["protoc", "--python_out=" + gen, "-I" + here,
                        os.path.join(here, "cri-subset.proto")], check=True)
    sys.path.insert(0, gen)
    return importlib.import_module("cri_subset_pb2")


class Client:
    def __init__(self, sock, pb):
        self.pb = pb
        self.channel = grpc.insecure_channel("unix://" + sock)

    def call(self, service, method, request, response_name):
        response_type = getattr(self.pb, response_name)
        rpc = self.channel.unary_unary(
            "/runtime.v1.%s/%s" % (service, method),
            request_serializer=type(request).SerializeToString,
            response_deserializer=response_type.FromString)
        return rpc(request, timeout=TIMEOUT)

    def runtime(self, method, request):
        return self.call("RuntimeService", method, request, method + "Response")

    def image(self, method, request):
        return self.call("ImageService", method, request, method + "Response")


def sandbox_config(pb, name, namespace, cgroup_parent):
    cfg = pb.PodSandboxConfig()
    cfg.metadata.name = name
    cfg.metadata.namespace = namespace
    cfg.metadata.uid = "uid-%s-%s" % (namespace, name)
    cfg.metadata.attempt = 0
    cfg.hostname = name
    cfg.labels["app"] = name
    cfg.linux.cgroup_parent = cgroup_parent
    return cfg


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sock", required=True)
    ap.add_argument("--gen", required=True, help="directory for the generated python")
    ap.add_argument("command")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()
    pb = load_messages(a.gen)
    c = Client(a.sock, pb)
    cmd, args = a.command, a.args

    try:
        if cmd == "version":
            r = c.runtime("Version", pb.VersionRequest(version="v1"))
            print(r.runtime_name, r.runtime_version, r.runtime_api_version)
        elif cmd == "image-status":
            r = c.image("ImageStatus", pb.ImageStatusRequest(image=pb.ImageSpec(image=args[0])))
            if not r.image.id:
                return 1
            print(r.image.id)
        elif cmd == "run-pod":
            name, namespace, handler, parent = args
            r = c.runtime("RunPodSandbox", pb.RunPodSandboxRequest(
                config=sandbox_config(pb, name, namespace, parent), runtime_handler=handler))
            print(r.pod_sandbox_id)
        elif cmd == "pod-status":
            r = c.runtime("PodSandboxStatus", pb.PodSandboxStatusRequest(
                pod_sandbox_id=args[0], verbose=True))
            info = {k: json.loads(v) for k, v in r.info.items()}
            print(json.dumps({"id": r.status.id, "state": r.status.state,
                              "namespace": r.status.metadata.namespace,
                              "runtime_handler": r.status.runtime_handler, "info": info}))
        elif cmd == "create":
            sid, pod_name, namespace, parent, name, image, command = args[:7]
            caps = args[7].split(",") if len(args) > 7 and args[7] else []
            cfg = pb.ContainerConfig()
            cfg.metadata.name = name
            cfg.image.image = image
            cfg.command.extend(json.loads(command))
            if caps:
                cfg.linux.security_context.capabilities.add_capabilities.extend(caps)
            if len(args) > 8 and args[8]:
                host_path, container_path = args[8].split(":", 1)
                cfg.mounts.add(host_path=host_path, container_path=container_path, readonly=True)
            # The kubelet sends the pod's config again with each container;
            # containerd takes the container's sandbox-namespace annotation
            # from it.
            pod = sandbox_config(pb, pod_name, namespace, parent)
            r = c.runtime("CreateContainer", pb.CreateContainerRequest(
                pod_sandbox_id=sid, config=cfg, sandbox_config=pod))
            print(r.container_id)
        elif cmd == "start":
            c.runtime("StartContainer", pb.StartContainerRequest(container_id=args[0]))
        elif cmd == "status":
            r = c.runtime("ContainerStatus", pb.ContainerStatusRequest(
                container_id=args[0], verbose=True))
            info = {k: json.loads(v) for k, v in r.info.items()}
            print(json.dumps({"id": r.status.id, "state": r.status.state,
                              "exit_code": r.status.exit_code, "reason": r.status.reason,
                              "message": r.status.message, "info": info}))
        elif cmd == "exec":
            r = c.runtime("ExecSync", pb.ExecSyncRequest(
                container_id=args[0], cmd=json.loads(args[1]), timeout=60))
            sys.stdout.write(r.stdout.decode(errors="replace"))
            sys.stderr.write(r.stderr.decode(errors="replace"))
            return r.exit_code
        elif cmd == "stop-container":
            c.runtime("StopContainer", pb.StopContainerRequest(container_id=args[0], timeout=10))
        elif cmd == "remove-container":
            c.runtime("RemoveContainer", pb.RemoveContainerRequest(container_id=args[0]))
        elif cmd == "stop-pod":
            c.runtime("StopPodSandbox", pb.StopPodSandboxRequest(pod_sandbox_id=args[0]))
        elif cmd == "remove-pod":
            c.runtime("RemovePodSandbox", pb.RemovePodSandboxRequest(pod_sandbox_id=args[0]))
        else:
            print("cri.py: unknown command %s" % cmd, file=sys.stderr)
            return 2
    except grpc.RpcError as e:
        print("cri.py: %s: %s: %s" % (cmd, e.code().name, e.details()), file=sys.stderr)
        return 3
    except (ValueError, IndexError) as e:
        print("cri.py: %s: bad arguments: %s" % (cmd, e), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
