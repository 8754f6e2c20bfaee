"""The engine, in three stages: facts and findings (``assess``), recommendations and what-ifs
(``advise``), stress tests (``stress``); ``pipeline`` runs assess then advise for one profile.
Pure: no I/O, no clock, no printing. advise and stress read assess, never each other, and
assess reads neither (the import-linter contracts in pyproject.toml).
"""
