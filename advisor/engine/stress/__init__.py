"""Stress tests (docs/simulate.md): which supply a scenario stops and which prices it raises
(``stops``), the maths of stock, shortfall and cost (``formulas``), one material's impact
(``impact``), sized mitigations (``mitigate``), one scenario on one profile (``simulate``) and
the result types (``model``). Reads the assess stage; never the advise stage.
"""
