"""The exercise catalogue: one module per exercise, each defining ``EXERCISE``.

Adding an exercise means adding one file here; it is found by its module.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Dict, List

from coach.engine.spec import ExerciseSpec


class UnknownExerciseError(KeyError):
    def __init__(self, exercise_id: str, known: List[str]) -> None:
        super().__init__(exercise_id)
        self.message = f"unknown exercise {exercise_id!r}; known: {', '.join(known)}"

    def __str__(self) -> str:
        return self.message


def _discover() -> Dict[str, ExerciseSpec]:
    found: Dict[str, ExerciseSpec] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        spec = getattr(module, "EXERCISE", None)
        if not isinstance(spec, ExerciseSpec):
            continue
        if spec.id != info.name:
            raise RuntimeError(f"exercises/{info.name}.py defines id {spec.id!r}; the file must be named after it")
        found[spec.id] = spec
    return found


_CATALOGUE: Dict[str, ExerciseSpec] = {}


def all_exercises() -> Dict[str, ExerciseSpec]:
    if not _CATALOGUE:
        _CATALOGUE.update(_discover())
    return dict(_CATALOGUE)


def exercise_ids() -> List[str]:
    return sorted(all_exercises())


def get_exercise(exercise_id: str) -> ExerciseSpec:
    catalogue = all_exercises()
    if exercise_id not in catalogue:
        raise UnknownExerciseError(exercise_id, sorted(catalogue))
    return catalogue[exercise_id]
