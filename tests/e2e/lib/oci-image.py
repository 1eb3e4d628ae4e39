#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""oci-image.py ROOTFS OUT.tar NAME: an OCI image layout archive of ROOTFS.

The archive holds oci-layout, index.json and blobs/sha256/: one manifest
(linux and the host's architecture) with one gzipped layer made from ROOTFS (owned by root,
mtime 0, in sorted order, so the same tree always gives the same digests)
and a config whose Cmd is /bin/sh. The manifest in index.json is
annotated with io.containerd.image.name=NAME, the name `ctr image import`
gives the image. No registry, no daemon.
"""
import gzip
import hashlib
import io
import json
import os
import platform
import sys
import tarfile


def layer_tar(rootfs):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for dirpath, dirnames, filenames in os.walk(rootfs):
            dirnames.sort()
            for name in sorted(dirnames + filenames):
                full = os.path.join(dirpath, name)
                ti = tf.gettarinfo(full, arcname=os.path.relpath(full, rootfs))
                ti.uid = ti.gid = 0
                ti.uname = ti.gname = "root"
                ti.mtime = 0
                if ti.isreg():
                    with open(full, "rb") as f:
                        tf.addfile(ti, f)
                else:
                    tf.addfile(ti)
    return raw.getvalue()


# The host's architecture in OCI's terms (the busybox in ROOTFS is the host's).
ARCH = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "i686": "386",
        "ppc64le": "ppc64le", "s390x": "s390x", "riscv64": "riscv64"}.get(platform.machine(), platform.machine())


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: oci-image.py ROOTFS OUT.tar NAME")
    rootfs, out, name = sys.argv[1:]
    plain = layer_tar(rootfs)
    gz = io.BytesIO()
    with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0) as g:
        g.write(plain)
    layer = gz.getvalue()
    config = canonical({
        "architecture": ARCH,
        "os": "linux",
        "config": {"Env": ["PATH=/bin"], "Cmd": ["/bin/sh"], "WorkingDir": "/"},
        "rootfs": {"type": "layers", "diff_ids": [digest(plain)]},
    })
    manifest = canonical({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": digest(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": digest(layer), "size": len(layer)}],
    })
    index = canonical({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": digest(manifest), "size": len(manifest),
            "platform": {"architecture": ARCH, "os": "linux"},
            "annotations": {"io.containerd.image.name": name,
                            "org.opencontainers.image.ref.name": name.rsplit(":", 1)[-1]},
        }],
    })
    with tarfile.open(out, "w") as tf:
        def put(path, data):
            ti = tarfile.TarInfo(path)
            ti.size, ti.mode, ti.mtime = len(data), 0o644, 0
            tf.addfile(ti, io.BytesIO(data))
        put("oci-layout", canonical({"imageLayoutVersion": "1.0.0"}))
        put("index.json", index)
        for blob in (config, manifest, layer):
            put("blobs/sha256/" + digest(blob)[len("sha256:"):], blob)


if __name__ == "__main__":
    main()
