"""The counting core must stay free of cv2, mediapipe and streamlit."""
import ast
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FORBIDDEN = {"cv2", "mediapipe", "streamlit", "streamlit_webrtc", "av"}
PURE = [ROOT / "coach" / "engine", ROOT / "coach" / "records.py", ROOT / "coach" / "track_io.py", ROOT / "exercises"]


def imported_modules(path: pathlib.Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module.split(".")[0]


def test_no_forbidden_imports_in_the_engine_source():
    files = []
    for place in PURE:
        files.extend(place.rglob("*.py") if place.is_dir() else [place])
    assert len(files) >= 6
    offenders = {str(f.relative_to(ROOT)): sorted(set(imported_modules(f)) & FORBIDDEN) for f in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_engine_and_exercises_loads_no_vision_library():
    code = (
        "import sys, coach.engine.runner, coach.track_io, exercises;"
        "exercises.all_exercises();"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in %r);"
        "print(','.join(bad))" % (FORBIDDEN,)
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
