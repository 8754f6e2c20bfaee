"""Run one command and print ``seconds peak_kib exit_code cpu_seconds`` (see measure.py).

    python -S -I bench/launch.py COMMAND...

It imports nothing but ``os``, ``sys`` and ``time``: a spawned child's peak memory starts from
the size of the process that spawned it, so the launcher must be smaller than what it measures.
The command's stdout goes to /dev/null; its stderr is inherited.
"""

import os
import sys
import time


def launch(command: list[str]) -> None:
    """Spawn *command*, wait for it, print its wall-clock seconds, peak KiB, exit code and CPU
    seconds (user and system, of it and the children it waited for)."""
    devnull = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ, file_actions=devnull)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    print(f"{elapsed:.6f} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {cpu:.6f}")


if __name__ == "__main__":
    launch(sys.argv[1:])
