"""The Lambda artifact that `sam build` makes (.aws-sam/build/HeartToHeartFunction): its size.

Unzipped: the bytes of every file. Zipped: the folder deflated with the default level, as
`sam deploy` uploads it. Also which top-level entries weigh most, whether boto3 and its
companions (which the Lambda runtime provides) are left out, and whether bytecode is shipped.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any, Final

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
ARTIFACT: Final = REPO_ROOT / ".aws-sam" / "build" / "HeartToHeartFunction"
RUNTIME_PROVIDED: Final = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3")
NOT_BUILT: Final = "not built"


def measure(root: Path = ARTIFACT) -> dict[str, Any]:
    if not (root / "handler.py").is_file():
        return {"status": NOT_BUILT, "unzipped_bytes": NOT_BUILT, "zipped_bytes": NOT_BUILT}
    buffer = io.BytesIO()
    unzipped = 0
    files = 0
    pyc = 0
    by_entry: Counter[str] = Counter()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for directory, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                path = Path(directory) / name
                relative = path.relative_to(root)
                size = path.stat().st_size
                archive.write(path, relative.as_posix())
                unzipped += size
                files += 1
                pyc += name.endswith(".pyc")
                by_entry[relative.parts[0]] += size
        zipped_by_entry: Counter[str] = Counter()
        for info in archive.infolist():
            zipped_by_entry[info.filename.split("/", 1)[0]] += info.compress_size
    top_level = {entry.split("-", 1)[0].removesuffix(".py") for entry in by_entry}
    return {
        "status": "built",
        "path": str(root.relative_to(REPO_ROOT)),
        "files": files,
        "pyc_files": pyc,
        "unzipped_bytes": unzipped,
        "zipped_bytes": len(buffer.getvalue()),
        "runtime_provided_shipped": sorted(top_level.intersection(RUNTIME_PROVIDED)),
        "largest": [
            {"entry": entry, "unzipped_bytes": size, "zipped_bytes": zipped_by_entry[entry]}
            for entry, size in by_entry.most_common(8)
        ],
    }
