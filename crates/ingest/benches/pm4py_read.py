"""The peer tool's side of the import benchmark: pm4py reading the same
OCEL 2.0 JSON log into memory (it stores nothing). Prints the best of three
runs in seconds. Run by benches/import.rs when pm4py is installed."""

import gzip
import os
import shutil
import sys
import tempfile
import time

import pm4py


def main(source):
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "log.jsonocel")
    with gzip.open(source) as packed, open(path, "wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        pm4py.read_ocel2_json(path)
        best = min(best, time.perf_counter() - started)
    shutil.rmtree(folder)
    print(f"{best:.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
