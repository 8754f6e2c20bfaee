"""advisor's shipped data as its own distribution, mineral-advisor-data.

The folder holds ``reference.yaml`` (who mines, refines and restricts each mineral, with
sources), ``producers.yaml`` (producers outside the dominant country) and ``scenarios/`` (the
stress tests), the same files advisor carries inside itself. advisor uses them when they are
newer than its built-in copy: ``advisor data version`` says which copy is in use. Nothing here
is meant to be imported; advisor reads the files.
"""
