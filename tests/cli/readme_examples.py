#!/usr/bin/env python3
"""Check that every example in README.md shows what its golden CLI case
expects.

An example is a fenced block whose first line is `$ cxcalc ARGS`; the rest
of the block must equal expected.stdout of the case in tests/cli/cases/
whose `cmd` is ARGS.  With --update, the README blocks are rewritten from
the cases instead (review the diff).
"""
import pathlib
import sys


def main() -> int:
    update = "--update" in sys.argv[1:]
    args = [a for a in sys.argv[1:] if a != "--update"]
    readme = pathlib.Path(args[0])
    cases = pathlib.Path(args[1])
    by_cmd = {}
    for cmd in cases.glob("*/cmd"):
        by_cmd[cmd.read_text().strip()] = cmd.parent
    lines = readme.read_text().split("\n")
    out, failures, checked, i = [], 0, 0, 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if not line.startswith("$ cxcalc "):
            continue
        args_text = line[len("$ cxcalc "):].strip()
        body = []
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        case = by_cmd.get(args_text)
        if case is None:
            print(f"README example has no CLI case: cxcalc {args_text}")
            failures += 1
            out.extend(body)
            continue
        expected = (case / "expected.stdout").read_text().rstrip("\n")
        checked += 1
        if "\n".join(body) != expected:
            if not update:
                print(f"README example differs from {case.name}: "
                      f"cxcalc {args_text}")
                failures += 1
            out.extend(expected.split("\n"))
        else:
            out.extend(body)
    if update:
        readme.write_text("\n".join(out))
    print(f"{checked} README examples checked, {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
