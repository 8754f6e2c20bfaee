"""The config a git revision had: the config file found upward from the working folder, read
at the revision, under the same flags and environment.

A risk diff assesses the base revision with this config and the working tree with today's, so
that a change that also adds a config file switching rules off is compared with the rules the
base had (and the diff says that the two sides ran different rules). Rule packs and the data
file that a revision's config names are read from the working tree.
"""

from __future__ import annotations

from pathlib import Path

from advisor.config.discover import TOML_NAME, YAML_NAME, read_text, rebase
from advisor.config.model import Config


def at_revision(config: Config, ref: str, cwd: Path) -> Config:
    """*config* as it was at *ref*: its file looked for at the revision as today's was looked
    for in the working tree (a file named with ``--config``, or none read, is used as is)."""
    from advisor.gate import gitref

    if config.search is None:
        return config
    top = gitref.root(cwd).resolve()
    start = Path(config.search).resolve()
    if start != top and top not in start.parents:
        return config
    folders = [start, *(p for p in start.parents if top in p.parents or p == top)]
    names = [
        gitref.relative(str(folder / name), top)
        for folder in folders
        for name in (YAML_NAME, TOML_NAME)
    ]
    names = [n.removeprefix("./") for n in names]
    texts = gitref.read_at(ref, top, names)
    for name in names:
        text = texts.get(name)
        toml = name.endswith(TOML_NAME)
        if text is None or (toml and "[tool.advisor" not in text):
            continue
        return rebase(config, read_text(text, str(top / name), toml=toml))
    return rebase(config, None)
