#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reads a memtap CSV export with Python's csv module (the reference reader)
and prints, per data row, the cells of the given columns: byte columns (the
name) as hex of the bytes CsvWriter encoded, others as they are.

    read_csv_names.py FILE.csv BYTES_COLUMN [COLUMN...]

Undoing CsvWriter's encoding of bytes: drop one leading ', then \\\\ -> \\ and
\\xHH -> the byte.
"""
import csv
import re
import sys


def decode(cell):
    if cell.startswith("'"):
        cell = cell[1:]
    data = cell.encode("utf-8")
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i:i + 2] == b"\\\\":
            out += b"\\"
            i += 2
        elif data[i:i + 2] == b"\\x" and re.fullmatch(rb"[0-9a-fA-F]{2}", data[i + 2:i + 4]):
            out.append(int(data[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(data[i])
            i += 1
    return bytes(out)


def main():
    path, bytes_column, *other_columns = sys.argv[1:]
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    header = rows[0]
    bytes_index = header.index(bytes_column)
    other_indexes = [header.index(column) for column in other_columns]
    for row in rows[1:]:
        if len(row) != len(header):
            sys.exit(f"row with {len(row)} cells, header has {len(header)}: {row!r}")
        print(" ".join([decode(row[bytes_index]).hex() or "-"] + [row[i] for i in other_indexes]))


if __name__ == "__main__":
    main()
