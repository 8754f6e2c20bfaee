"""The CI gate around an assessment: folder scans, waivers, baselines, diffs.

Everything a team needs to adopt `advisor check` in CI and pre-commit sits here, between the
configuration (``advisor.config``, above it: the gate reads the settings it is handed) and the
renderers: which files a folder scan checks (``scan``, with globs matched in linear time by
``globs``), checking many profiles in parallel with one outcome per file (``check``), waivers
with a reason and an expiry (``waivers``), fingerprints and baselines (``baseline``), profiles
at a git revision (``gitref``) and the risk diff of a pull request (``diff``; its renderers
are in :mod:`advisor.render`). It neither prints nor exits.
"""
