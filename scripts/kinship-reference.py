#!/usr/bin/env python3
"""Extracts the independent kinship-term reference of tests/kinship_terms.rs: every chain of at
most three links of an open-source kinship calculator, with the terms it lists for the chain.

    python3 scripts/kinship-reference.py PATH/TO/relationship > tests/data/kinship-reference.tsv

PATH is a checkout of https://github.com/mumuy/relationship (MIT licence, © 2016 Haole Zheng),
whose `src/module/data/main.js` maps chains written in the notation huanjie's vocabulary also
uses (f, m, h, w, s, d, ob, lb, xb, os, ls, xs; `&o`/`&l`; a leading `1,`/`0,` for the person's
sex) to the terms for them. Only that data is read: the chains and their terms, one per line,
`chain<TAB>term|term|…`. huanjie's own vocabulary (src/pack/builtin/kinship-terms.toml) is
written from GB/T 4761-2008 and 《现代汉语词典》, not from this file; the test compares the two.
"""

import re
import subprocess
import sys
from pathlib import Path


def main() -> None:
    repo = Path(sys.argv[1])
    data = repo / "src/module/data/main.js"
    if data.exists():
        text = data.read_text(encoding="utf-8")
    else:  # a bare clone
        text = subprocess.run(
            ["git", "-C", str(repo), "show", "HEAD:src/module/data/main.js"],
            capture_output=True, text=True, check=True,
        ).stdout
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print("# chain<TAB>terms: the chains of at most three links of mumuy/relationship")
    print(f"# (https://github.com/mumuy/relationship, MIT licence, (c) 2016 Haole Zheng), commit {commit or 'unknown'},")
    print("# src/module/data/main.js; made by scripts/kinship-reference.py; read by tests/kinship_terms.rs.")
    for chain, terms in re.findall(r"'([^']*)':\[([^\]]*)\]", text):
        links = [p for p in chain.split(",") if p not in ("0", "1")]
        if chain and len(links) <= 3:
            words = re.findall(r"'([^']*)'", terms)
            print(f"{chain}\t{'|'.join(words)}")


if __name__ == "__main__":
    main()
