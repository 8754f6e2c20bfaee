"""Recommendations and what-ifs: findings grouped by action and ranked (``recommend``), each
action modelled as a change to the profile (``change``, ``whatif``, ``stock_model``) and
re-assessed, taking from the baseline what the change did not touch (``reuse``). Reads the
assess stage; never the stress stage.
"""
