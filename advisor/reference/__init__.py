"""Embedded reference data: who mines and refines each mineral, export controls by date,
prices, with a source for every figure.

``models`` is the data file's format, ``load`` reads the built-in file and ``--data``
overrides, ``checks`` the cross-checks of a data file, ``results`` the answers the engine
and ``advisor data`` ask for (shares, controls in force on a date). Imports
:mod:`advisor.profile` (for the mineral vocabulary and field types) and below.
"""
