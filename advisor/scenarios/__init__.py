"""Stress-test scenarios: the scenario file format, the built-in scenarios, strict loading.

``models`` is the file format, ``load`` reads built-in scenarios (package data
``advisor.builtin_scenarios``, the ``scenarios/`` folder of the source tree) and a user's files
with file:line:col problems. What a scenario does to a company is worked out by
:mod:`advisor.engine.stress.simulate`. Imports only :mod:`advisor.profile`, :mod:`advisor.yaml` and
:mod:`advisor.errors`.
"""
