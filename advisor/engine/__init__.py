"""The engine: facts from a profile and the reference data, rules evaluated on them, scores,
ranked recommendations. Pure: no I/O, no clock, no printing.

``facts`` derives each subject's facts, ``evaluate`` runs the rules into findings,
``scoring`` is the scoring model, ``recommend`` models and ranks actions, ``assess`` is the
whole pipeline for one profile, ``model`` the result types every renderer reads.
"""
