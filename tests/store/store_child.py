"""Run as a separate process by the store tests (never collected by pytest).

    python store_child.py reps URL SESSION_ID        start a set, add reps forever, print each index
    python store_child.py writer URL SET_ID COUNT    wait for "go" on stdin, add COUNT reps
    python store_child.py open URL                   wait for "go", open (and migrate) the store
"""
from __future__ import annotations

import sys
import time

from argon2 import PasswordHasher

from coach.engine.counter import RepEvent
from coach.store import Store


def rep(i: int) -> RepEvent:
    return RepEvent(index=i, start=2.0 * i, peak=2.0 * i + 0.6, end=2.0 * i + 1.2, value=30.0 + i,
                    range=20.0 + i / 10, progress=0.9, quality="full")


def main(argv: list) -> int:
    cmd, url = argv[0], argv[1]
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    if cmd == "open":
        print("ready", flush=True)
        sys.stdin.readline()
        store = Store.open(url, password_hasher=hasher)
        print("opened", flush=True)
        store.close()
        return 0
    store = Store.open(url, password_hasher=hasher)
    if cmd == "reps":
        s = store.start_set(int(argv[2]), "heel_raise", 7)
        print(f"set {s.id}", flush=True)
        i = 0
        while True:
            i += 1
            store.add_repetition(s.id, rep(i))
            # Only now is the repetition reported as counted and stored.
            print(i, flush=True)
            time.sleep(0.005)
    if cmd == "writer":
        set_id, count = int(argv[2]), int(argv[3])
        print("ready", flush=True)
        sys.stdin.readline()
        for i in range(1, count + 1):
            store.add_repetition(set_id, rep(i))
        print("done", flush=True)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
