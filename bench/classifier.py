"""Benchmark: classify 5,000 messages in batches with the trained model, as the sync does.

    .venv/bin/python bench/classifier.py [--messages 5000] [--batch 500]

The messages are the demo mailbox's (the same generator as the fake Gmail), so none of them is
in the corpus. The model is loaded (trained first if this checkout never built it) before the
clock starts; memory is the resident size the loaded model adds to the process. Prints the
machine's load, then, last, `classified=N msg_per_s=X model_mb=Y`. Goals: >= 2,000 msg/s,
<= 150 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbit.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def resident_mb() -> float:
    """The process's current resident set size, from /proc (peak size would hide the model)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()

    import django

    django.setup()
    from email import message_from_bytes, policy

    from django.utils import timezone

    from devtools.demo.mail import rendered_mail
    from devtools.demo.plan import bench_search
    from mail_sync.classifier import classify_many
    from mail_sync.classifier.artifact import load_model

    search = bench_search(
        anchor=timezone.now(), seed=7, applications=args.messages, generated_companies=True
    )
    messages = []
    for mail in rendered_mail(search, to="bench@example.com")[: args.messages]:
        parsed = message_from_bytes(mail.message, policy=policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        messages.append((str(parsed["From"] or ""), str(parsed["Subject"] or ""), text))

    before = resident_mb()
    load_model()
    model_mb = resident_mb() - before
    classify_many(messages[:50])  # first call pays for lazy imports and caches

    started = time.perf_counter()
    kinds: dict[str, int] = {}
    for start in range(0, len(messages), args.batch):
        for result in classify_many(messages[start : start + args.batch]):
            kinds[result.kind] = kinds.get(result.kind, 0) + 1
    elapsed = time.perf_counter() - started
    print(f"load average {os.getloadavg()[0]:.2f}; kinds {dict(sorted(kinds.items()))}")
    print(
        f"classified={len(messages)} msg_per_s={len(messages) / elapsed:.1f} "
        f"model_mb={model_mb:.1f}"
    )


if __name__ == "__main__":
    main()
