"""Where the trained model lives: built from the committed corpus, versioned, never downloaded.

The model's version is a hash of everything it is made from: the corpus files, the classifier's
own source (rules and features change what it learns) and the scikit-learn and NumPy versions.
`load_model()` finds the model of the current version in the model directory
(`ORBIT_CLASSIFIER_DIR`, default `var/classifier/` in the checkout), or trains it there first
(under a file lock, so two processes starting together train once) and writes it atomically.
The Docker image trains it at build time (`manage.py train_classifier`); a checkout trains it on
first use (about half a minute here). Nothing is ever loaded from anywhere else, and loading
reads arrays and JSON only (no pickle), so a model file cannot run code.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

import numpy
import sklearn

from mail_sync.classifier import corpus
from mail_sync.classifier.evidence import gather
from mail_sync.classifier.model import Model, train

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
REPOSITORY_DIR = PACKAGE_DIR.parent.parent
_lock = threading.Lock()
_loaded: Model | None = None


def model_dir() -> Path:
    configured = os.environ.get("ORBIT_CLASSIFIER_DIR")
    return Path(configured) if configured else REPOSITORY_DIR / "var" / "classifier"


def version() -> str:
    """A short hash of the corpus, the classifier's source and the numeric libraries."""
    digest = hashlib.sha256()
    # Everything that shapes the model; the evaluation only measures it.
    code = [path for path in PACKAGE_DIR.rglob("*.py") if path.name != "evaluation.py"]
    sources = sorted(code) + sorted(corpus.CORPUS_DIR.glob("*.jsonl"))
    for path in sources:
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(f"sklearn={sklearn.__version__} numpy={numpy.__version__}".encode())
    return digest.hexdigest()[:16]


def train_from_corpus(*, model_version: str = "") -> Model:
    examples = corpus.load()
    evidences = [gather(sender=e.sender, subject=e.subject, body=e.body) for e in examples]
    return train(
        evidences,
        [e.kind for e in examples],
        [e.author for e in examples],
        companies=[e.company for e in examples],
        version=model_version,
    )


def build(directory: Path | None = None) -> Path:
    """Train the current version into the model directory unless it is there already."""
    current = version()
    root = directory or model_dir()
    target = root / current
    if (target / "model.json").exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        if (target / "model.json").exists():  # another process trained it meanwhile
            return target
        logger.info("Training the mail classifier %s from the corpus", current)
        model = train_from_corpus(model_version=current)
        staging = Path(tempfile.mkdtemp(prefix=f".{current}-", dir=root))
        model.to_files(staging)
        staging.chmod(0o755)  # mkdtemp makes it private; the web and worker users read it
        os.replace(staging, target)
        for stale in root.iterdir():
            if stale.is_dir() and stale.name != current and not stale.name.startswith("."):
                shutil.rmtree(stale, ignore_errors=True)
    return target


def load_model() -> Model:
    """The current model, loaded once per process (trained first if it was never built)."""
    global _loaded
    if _loaded is not None:
        return _loaded
    with _lock:
        if _loaded is None:
            _loaded = Model.from_files(build())
    return _loaded


def use_model(model: Model | None) -> None:
    """Replace the process's model (tests that train on their own data), or forget it."""
    global _loaded
    _loaded = model
