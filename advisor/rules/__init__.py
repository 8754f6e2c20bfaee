"""Rules: the pack format, the declarative condition language, pack checks and merging,
evaluation of one rule on one subject, and rule documentation.

``models`` (pack and rule models), ``catalogue`` (the facts a rule may read),
``conditions`` with ``condition_tree`` and ``condition_check`` (the condition language),
``check`` and ``packs`` (validating and merging packs), ``load`` (the built-in and user
packs), ``evaluate`` (one rule on one subject's facts), ``text`` (values and templates as
words), ``docs`` and ``examples`` (the reference and the executable examples). Never imports
the engine, the reference data or the renderers.
"""
