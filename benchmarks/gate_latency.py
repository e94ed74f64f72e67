"""Time the identifier gate spends per message, against what every form ack does anyway
(verify Slack's signature and parse the view_submission body), measured in the same run.

The gate runs in a form's ack (so a field with identifiers is refused next to the field), and
after the ack for slash commands. This says whether the ack can afford it.

    .venv/bin/python benchmarks/gate_latency.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import yaml
from slack_sdk.signature import SignatureVerifier

from bot.offline.slack_client import SlackRequestSigner
from bot.slack.gate import IdentifierGate

CASES = Path(__file__).parent.parent / "tests" / "privacy" / "identifier_cases.yaml"
SECRET = "bench-secret"


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def baseline_ms(text: str, signer: SlackRequestSigner, verifier: SignatureVerifier) -> float:
    """Verify and parse one view_submission carrying `text`, as an ack does before any work."""
    payload = {
        "type": "view_submission",
        "view": {"state": {"values": {"b": {"a": {"value": text}}}}},
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    headers = signer.headers(body)
    started = time.perf_counter()
    assert verifier.is_valid_request(body, headers)
    json.loads(parse_qs(body.decode())["payload"][0])
    return (time.perf_counter() - started) * 1000


def main() -> None:
    """Print p50/p99 of the gate per message, the baseline, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [str(case["text"]) for case in yaml.safe_load(CASES.read_text())]
    gate = IdentifierGate()
    started = time.perf_counter()
    gate.check("warm up", wait=None)
    print(f"detector build and first analysis: {time.perf_counter() - started:.1f} s (at start)")
    signer, verifier = SlackRequestSigner(SECRET), SignatureVerifier(SECRET)
    gated: list[float] = []
    base: list[float] = []
    for _ in range(args.rounds):
        for text in texts:
            base.append(baseline_ms(text, signer, verifier))
            started = time.perf_counter()
            gate.check(text, wait=None)
            gated.append((time.perf_counter() - started) * 1000)
    print(f"{len(texts)} messages x {args.rounds} rounds")
    print(f"gate     p50 {percentile(gated, 0.5):7.2f} ms   p99 {percentile(gated, 0.99):7.2f} ms")
    print(f"baseline p50 {percentile(base, 0.5):7.2f} ms   p99 {percentile(base, 0.99):7.2f} ms")
    print(f"ratio gate/baseline at p50: {statistics.median(gated) / statistics.median(base):.1f}x")
    print("Slack's ack budget is 3000 ms; a warm gate is a small part of it.")


if __name__ == "__main__":
    main()
