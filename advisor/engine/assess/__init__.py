"""Facts and findings: the facts of each subject of a profile (``facts``, with the export-control
reach in ``control_facts`` and the correlated-loss and time facts in ``exposure``), every rule
run on them into scored findings (``evaluate``, ``scoring``), each problem told once
(``stories``), the assessment of one profile (``assessment``) and the result types every
renderer reads (``model``). Imports neither the advise nor the stress stage.
"""
