#!/usr/bin/env python3
"""Size limits for the Swift sources: no file over 450 lines, no function over 80.

Usage: scripts/check-sizes.py [--report] [ROOT ...]   (default root: Sources)

A function is a `func`, `init`, `deinit` or `subscript` declaration; its size is the number of lines
from the declaration to its closing brace. String literals (plain, multi-line, raw) and comments are
skipped when matching braces. `--report` prints every file and function over half the limit, largest
first, and exits 0; without it the script prints only what breaks a limit and exits 1 if anything does.
"""

import os
import re
import sys

MAX_FILE_LINES = 450
MAX_FUNCTION_LINES = 80
DECLARATION = re.compile(r"(?<![\w.])(func\s+[^\s(<]+|init[?!]?(?=\s*[(<])|deinit\b|subscript(?=\s*[(<]))")


def string_end(text, i):
    """The index just past the string literal that starts at `i` (plain, multi-line or raw, with
    interpolations, which may hold strings of their own)."""
    m = re.match(r'(#*)("""|")', text[i:])
    hashes, quote = m.group(1), m.group(2)
    close, escape = quote + hashes, "\\" + hashes
    j, n = i + len(m.group(0)), len(text)
    while j < n:
        if text.startswith(escape + "(", j):
            j, depth = j + len(escape) + 1, 1
            while j < n and depth:
                if text[j] == '"' or (text[j] == "#" and re.match(r'#+"', text[j:])):
                    j = string_end(text, j)
                    continue
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            continue
        if text.startswith(escape, j):
            j += len(escape) + 1
            continue
        if text.startswith(close, j):
            return j + len(close)
        if quote == '"' and text[j] == "\n":
            return j
        j += 1
    return n


def code_mask(text):
    """The text with string literals and comments replaced by spaces (newlines kept)."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
        elif text[i] == '"' or (text[i] == "#" and re.match(r'#+"', text[i:])):
            j = string_end(text, i)
        else:
            i += 1
            continue
        blank(i, j)
        i = j
    return "".join(out)


def functions(text):
    masked = code_mask(text)
    line_of = lambda pos: masked.count("\n", 0, pos) + 1
    for m in DECLARATION.finditer(masked):
        depth, parens, j, start = 0, 0, m.end(), None
        while j < len(masked):
            c = masked[j]
            if start is None and c in "([":
                parens += 1
            elif start is None and c in ")]":
                parens -= 1
            elif start is None and parens > 0:
                pass  # a default argument's closure is not the body
            elif c == "{":
                if start is None:
                    start = j
                depth += 1
            elif c == "}":
                if start is None:
                    break  # a protocol requirement: no body
                depth -= 1
                if depth == 0:
                    break
            elif start is None and c == "\n" and re.match(r"\s*(?:func|var|let|init|case|}|@)", masked[j + 1 :]):
                break  # a requirement without a body followed by the next declaration
            j += 1
        if start is None or j >= len(masked):
            continue
        name = m.group(1).split()[-1]
        yield name, line_of(m.start()), line_of(j) - line_of(m.start()) + 1


def main(argv):
    report = "--report" in argv
    roots = [a for a in argv if a != "--report"] or ["Sources"]
    files, funcs = [], []
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                files.append((text.count("\n"), path))
                funcs.extend((size, f"{path}:{line} {fn}") for fn, line, size in functions(text))
    if report:
        for size, path in sorted(files, reverse=True):
            if size > MAX_FILE_LINES // 2:
                print(f"file {size:4d} {path}")
        for size, where in sorted(funcs, reverse=True):
            if size > MAX_FUNCTION_LINES // 2:
                print(f"func {size:4d} {where}")
        return 0
    bad = [f"{path}: {size} lines (limit {MAX_FILE_LINES}): split it" for size, path in files if size > MAX_FILE_LINES]
    bad += [f"{where}: {size} lines (limit {MAX_FUNCTION_LINES}): split it" for size, where in funcs if size > MAX_FUNCTION_LINES]
    for line in bad:
        print(f"check-sizes: {line}", file=sys.stderr)
    if not bad:
        print(f"sizes: {len(files)} files, {len(funcs)} functions within limits")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
