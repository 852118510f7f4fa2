"""Run balkg after patching functions to SIGKILL the process (a crash at a chosen point of a command).

    python killer.py '[{"target": "module:Owner.attribute", "nth": 2, "when": "text", "action": "kill"}]' ARGS...

Each patch counts the calls of its target whose arguments' repr contains
`when` (every call without it) and, at the `nth`, kills the process before
the call happens, or (`"action": "return False"`) returns False instead.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys


def patch(spec: dict) -> None:
    module_name, _, path = spec["target"].partition(":")
    owner = importlib.import_module(module_name)
    *owners, attribute = path.split(".")
    for name in owners:
        owner = getattr(owner, name)
    original = getattr(owner, attribute)
    calls = [0]

    def wrapper(*args, **kwargs):
        if spec.get("when", "") in repr((args, kwargs)):
            calls[0] += 1
            if calls[0] == spec["nth"]:
                if spec.get("action") == "return False":
                    return False
                os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)

    setattr(owner, attribute, wrapper)


if __name__ == "__main__":
    for spec in json.loads(sys.argv[1]):
        patch(spec)
    from balkg.cli import main

    sys.argv = ["balkg", *sys.argv[2:]]
    main()
