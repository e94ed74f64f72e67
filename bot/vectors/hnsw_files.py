"""Zeroing the unused slots of an embedded Chroma's vector index files.

Chroma's hnswlib allocates an index's buffers at full capacity without zeroing them and writes
them whole on the first persist, so the slots past the last vector hold whatever that process
had on its heap: text it handled, identifiers included (chroma-core/chroma#7688, open on
1.5.9). Those slots are never read back: the index loads only `cur_element_count` entries.

The layout read here is hnswlib's persistent format version 1 (`header.bin`); a segment in any
other shape is left alone and reported, never guessed at.
"""

from __future__ import annotations

import logging
import struct
from pathlib import Path

log = logging.getLogger(__name__)

# version, offsetLevel0, max_elements, cur_element_count, size_data_per_element, label_offset,
# offsetData, maxlevel, enterpoint_node, maxM, maxM0, M, mult, ef_construction
HEADER = struct.Struct("<i6QiI3QdQ")
FORMAT_VERSION = 1
LENGTH_BYTES = 4  # one float32 norm per vector in length.bin


def wipe_unused_slots(directory: Path) -> int:
    """Zero the slots past the last vector in every segment's data_level0.bin and length.bin
    under `directory` (an embedded Chroma's); returns how many segments were wiped. Only call
    it while no Chroma client has the directory open."""
    wiped = 0
    for header in sorted(directory.glob("*/header.bin")):
        if _wipe_segment(header.parent):
            wiped += 1
        else:
            log.warning(
                "Vector segment %s not in hnswlib format %d: left as is",
                header.parent.name,
                FORMAT_VERSION,
            )
    return wiped


def _wipe_segment(segment: Path) -> bool:
    """Zero one segment's unused slots; False when its files are not in the expected shape."""
    raw = (segment / "header.bin").read_bytes()
    if len(raw) != HEADER.size:
        return False
    version, _, capacity, count, per_vector, *_ = HEADER.unpack(raw)
    if version != FORMAT_VERSION or count > capacity:
        return False
    files = [(segment / "data_level0.bin", per_vector), (segment / "length.bin", LENGTH_BYTES)]
    if any(not path.is_file() or path.stat().st_size != capacity * unit for path, unit in files):
        return False
    for path, unit in files:
        with path.open("r+b") as file:
            file.seek(count * unit)
            file.write(bytes((capacity - count) * unit))
    return True
