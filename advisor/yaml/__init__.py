"""The one place that parses YAML: strict YAML 1.2, bounded, every value keeps file:line:col.

``loader`` builds plain values from parser events (no PyYAML constructors run), ``text``
checks the encoding and characters before parsing, ``document`` holds the located result.
Imports only :mod:`advisor.errors`.
"""
