#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""oci-image.py ROOTFS NAME OUT.tar [ENTRYPOINT_JSON]

Writes an OCI image layout tar (oci-layout, index.json, blobs/sha256/: one
gzip'd layer made from ROOTFS, the image config, the manifest) that
`ctr image import` accepts, with NAME (e.g. docker.io/library/x:tag) as the
image name and ENTRYPOINT_JSON (a JSON list) as the config's Entrypoint.
Files are owned by root in the layer whatever their owner on disk; no
network, no registry.
"""

import gzip
import hashlib
import io
import json
import os
import sys
import tarfile


def blob(tar, data, media_type):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    info = tarfile.TarInfo("blobs/sha256/" + digest.split(":", 1)[1])
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))
    return {"mediaType": media_type, "digest": digest, "size": len(data)}


def root_owned(info):
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mtime = 0
    return info


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    rootfs, name, out = sys.argv[1:4]
    entrypoint = json.loads(sys.argv[4]) if len(sys.argv) == 5 else ["/bin/sh"]

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as layer:
        for entry in sorted(os.listdir(rootfs)):
            layer.add(os.path.join(rootfs, entry), arcname=entry, filter=root_owned)
    diff_id = "sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()
    layer_gz = gzip.compress(raw.getvalue(), mtime=0)

    config = {
        "architecture": "amd64" if os.uname().machine == "x86_64" else os.uname().machine,
        "os": "linux",
        "config": {"Entrypoint": entrypoint, "Env": ["PATH=/bin"], "WorkingDir": "/"},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    }
    with tarfile.open(out, "w") as tar:
        layer_desc = blob(tar, layer_gz, "application/vnd.oci.image.layer.v1.tar+gzip")
        config_desc = blob(tar, json.dumps(config).encode(),
                           "application/vnd.oci.image.config.v1+json")
        manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "config": config_desc, "layers": [layer_desc]}
        manifest_desc = blob(tar, json.dumps(manifest).encode(),
                             "application/vnd.oci.image.manifest.v1+json")
        manifest_desc["annotations"] = {"io.containerd.image.name": name,
                                        "org.opencontainers.image.ref.name": name.rsplit(":", 1)[-1]}
        for fname, doc in (("oci-layout", {"imageLayoutVersion": "1.0.0"}),
                           ("index.json", {"schemaVersion": 2, "manifests": [manifest_desc]})):
            data = json.dumps(doc).encode()
            info = tarfile.TarInfo(fname)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))


if __name__ == "__main__":
    main()
