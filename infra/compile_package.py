"""Add compiled bytecode to every zip of a package: Chalice's and the libraries' layers.

Lambda unpacks code to read-only directories, so Python cannot cache what it compiles: without
shipped .pyc files every cold start compiles every module it imports (botocore included). The
files are checked by nothing but their presence (unchecked-hash), since a zip keeps no reliable
modification times; this interpreter must be the runtime's minor version (3.11).
Usage: python -m infra.compile_package build/STAGE
"""

from __future__ import annotations

import importlib.util
import marshal
import sys
import warnings
import zipfile
from pathlib import Path


def bytecode_name(source: str) -> str:
    folder, _, file = source.rpartition("/")
    cached = f"__pycache__/{file[:-3]}.{sys.implementation.cache_tag}.pyc"
    return f"{folder}/{cached}" if folder else cached


def compiled(source: bytes, name: str) -> bytes:
    with warnings.catch_warnings():
        # Third-party sources' invalid escapes warn here, as they would at every import.
        warnings.simplefilter("ignore", SyntaxWarning)
        code = compile(source, name, "exec", dont_inherit=True)
    flags = 0b01  # hash-based, not checked against the source
    header = importlib.util.MAGIC_NUMBER + flags.to_bytes(4, "little")
    return header + importlib.util.source_hash(source) + marshal.dumps(code)


def add_bytecode(archive: Path) -> int:
    with zipfile.ZipFile(archive) as original:
        entries = [(info, original.read(info)) for info in original.infolist()]
    present = {info.filename for info, _ in entries}
    added = 0
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for info, data in entries:
            rewritten.writestr(info, data)
            target = bytecode_name(info.filename)
            if info.filename.endswith(".py") and target not in present:
                # Dated as its source, so the same sources give the same zip; readable by all
                # (writestr's default, 0600, leaves the function's user unable to read it).
                entry = zipfile.ZipInfo(target, info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                try:
                    rewritten.writestr(entry, compiled(data, info.filename))
                except SyntaxError:
                    continue
                added += 1
    return added


def main() -> None:
    build = Path(sys.argv[1])
    for archive in sorted(build.glob("*.zip")):
        print(f"{archive.name}: {add_bytecode(archive)} modules compiled")


if __name__ == "__main__":
    main()
