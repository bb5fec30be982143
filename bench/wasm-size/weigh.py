#!/usr/bin/env python3
"""What weighs in a wasm built with its names: each function's code size, summed by crate.

Usage: weigh.py FILE.wasm [TOP]   (build with names: see bench/wasm-size/run.sh)
"""
import re
import sys
from collections import Counter


def leb(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def sections(data):
    pos = 8
    while pos < len(data):
        kind = data[pos]
        size, pos = leb(data, pos + 1)
        yield kind, data[pos : pos + size]
        pos += size


def imported_functions(body):
    count, pos = leb(body, 0)
    functions = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            length, pos = leb(body, pos)
            pos += length
        kind = body[pos]
        pos += 1
        if kind == 0:
            functions += 1
            _, pos = leb(body, pos)
        elif kind == 1:  # table: type, limits
            pos += 1
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 2:  # memory: limits
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 3:  # global: type, mutability
            pos += 2
    return functions


def function_names(body):
    names = {}
    pos = 0
    while pos < len(body):
        kind = body[pos]
        size, pos = leb(body, pos + 1)
        if kind == 1:
            inner = body[pos : pos + size]
            count, p = leb(inner, 0)
            for _ in range(count):
                index, p = leb(inner, p)
                length, p = leb(inner, p)
                names[index] = inner[p : p + length].decode("utf-8", "replace")
                p += length
        pos += size
    return names


def demangle_crate(name):
    """The crate a (legacy-mangled or plain) function name belongs to."""
    match = re.match(r"_ZN(\d+)", name)
    if match:
        length = int(match.group(1))
        start = match.end()
        crate = name[start : start + length]
        if crate.startswith("_$LT$") or crate.startswith("$LT$"):
            inner = re.search(r"\$LT\$([a-z_0-9]+)\.\.", crate)
            return "<" + (inner.group(1) if inner else "?") + ">"
        return crate
    return name.split("::")[0] if "::" in name else "(other)"


def main():
    data = open(sys.argv[1], "rb").read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    imports = 0
    sizes = []
    names = {}
    section_sizes = Counter()
    for kind, body in sections(data):
        section_sizes[kind] += len(body)
        if kind == 2:
            imports = imported_functions(body)
        elif kind == 10:
            count, pos = leb(body, 0)
            for _ in range(count):
                size, start = leb(body, pos)
                sizes.append(size + (start - pos))
                pos = start + size
        elif kind == 0:
            length, pos = leb(body, 0)
            if body[pos : pos + length] == b"name":
                names = function_names(body[pos + length :])
    total = sum(sizes)
    print("sections (bytes):", {k: v for k, v in sorted(section_sizes.items())})
    print(f"code: {total} bytes in {len(sizes)} functions")
    by_crate = Counter()
    by_function = []
    for offset, size in enumerate(sizes):
        name = names.get(imports + offset, "?")
        by_crate[demangle_crate(name)] += size
        by_function.append((size, name))
    print("\nby crate:")
    for crate, size in by_crate.most_common(top):
        print(f"{size:>9} {100 * size / total:5.1f}%  {crate}")
    print("\nlargest functions:")
    for size, name in sorted(by_function, reverse=True)[:top]:
        print(f"{size:>9}  {name[:150]}")


if __name__ == "__main__":
    main()
