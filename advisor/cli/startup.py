"""Start-up tweaks of the command line, in one place: they change the interpreter's state, which
only the program that owns the process (``advisor.cli.main``) may do, never library code.

* The garbage collector's youngest-generation threshold is raised (:data:`GC_YOUNG`) and what
  the imports made is frozen before the command runs.
* pydantic's plugins are disabled and its plugin loader replaced by a stand-in
  (:func:`_no_plugin_loader`), which spares ``importlib.metadata`` and an entry-point scan.
"""

from __future__ import annotations

import gc
import os
import sys

#: Allocations between collections of the youngest generation (Python's default: 700). What a
#: run allocates is mostly long-lived (modules, classes, the built-in data, the profile), so
#: every collection walked it for nothing: 13 ms of a small run's CPU, 18% of 10,000 rows'.
GC_YOUNG = 100_000


def prepare() -> None:
    """Set up the process for one run of the command line (called once, from ``main``)."""
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
    # advisor's models are internal: looking for pydantic plugins (an entry-point scan of every
    # installed distribution) on the first validation is start-up time for nothing
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_loader()


def freeze() -> None:
    """What the imports made lives to the end: no collection need walk it again."""
    gc.freeze()


#: pydantic's plugin loader, which imports ``importlib.metadata`` (about 10 ms) on import.
PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_plugin_loader() -> None:
    """With pydantic's plugins all disabled its loader finds none, but pydantic imports it (and
    ``importlib.metadata``) for the first validator it builds, typer's included: a stand-in
    answers "no plugins" instead while they are disabled, and hands over to the real loader
    if they are enabled later in the process."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") != "__all__" or PLUGIN_LOADER in sys.modules:
        return
    import types

    stand_in = types.ModuleType(PLUGIN_LOADER, "A stand-in of pydantic's plugin loader.")

    def real() -> types.ModuleType:
        if sys.modules.get(PLUGIN_LOADER) is stand_in:
            del sys.modules[PLUGIN_LOADER]
        import importlib

        return importlib.import_module(PLUGIN_LOADER)

    def get_plugins() -> tuple[object, ...]:
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in ("__all__", "1", "true"):
            return ()
        return tuple(real().get_plugins())

    def anything_else(name: str) -> object:  # a name a later pydantic asks for: the real one
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(real(), name)

    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    stand_in.__getattr__ = anything_else  # type: ignore[method-assign]
    sys.modules[PLUGIN_LOADER] = stand_in
