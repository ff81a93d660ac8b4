#!/usr/bin/env python3
"""Trains the defect classifier on the synthetic set from export-dataset.ts and exports ONNX.

    /usr/bin/python3 packages/inference/training/train_defect_classifier.py \
        [--data packages/inference/training/.data] \
        [--out packages/inference/models/defect-classifier/1.0.0] [--epochs 14] [--seed 0]

Needs Debian's python3-torch and python3-onnx (CPU). Writes model.onnx (input `pixels`
float32 N×3×H×W normalised with the manifest's mean/std; output `logits` N×classes;
dynamic batch axis) and model.json (the manifest and model card) into --out.
"""

import argparse
import json
import os
import time

import numpy as np
import onnx
import torch
from torch import nn
import torch.nn.functional as F

VERSION = "1.0.0"


class DefectNet(nn.Module):
    """Three conv blocks (3x3, BN, ReLU, 2x2 max-pool) and a 4th conv; global average and
    max pooling (max keeps a thin scratch anywhere in the image from being averaged away);
    one linear layer. About 19.5 k parameters (80 KB of float32) with the default widths."""

    def __init__(self, classes: int, widths=(3, 12, 24, 32, 32)):
        super().__init__()
        layers = []
        for i in range(4):
            layers += [
                nn.Conv2d(widths[i], widths[i + 1], 3, padding=1, bias=False),
                nn.BatchNorm2d(widths[i + 1]),
                nn.ReLU(inplace=True),
            ]
            if i < 3:
                layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(widths[-1] * 2, classes)

    def forward(self, x):
        f = self.features(x)
        pooled = torch.cat([f.mean(dim=(2, 3)), f.amax(dim=(2, 3))], dim=1)
        return self.head(pooled)


def augment(x: torch.Tensor) -> torch.Tensor:
    """Defects have no preferred orientation: random flips and 90-degree turns per batch,
    plus a small brightness/contrast jitter per image (in normalised space)."""
    if torch.rand(1).item() < 0.5:
        x = x.flip(3)
    if torch.rand(1).item() < 0.5:
        x = x.flip(2)
    if torch.rand(1).item() < 0.5:
        x = x.transpose(2, 3)
    n = x.shape[0]
    gain = 1 + 0.1 * torch.randn(n, 1, 1, 1)
    bias = 0.1 * torch.randn(n, 1, 1, 1)
    return x * gain + bias


def evaluate(model, x, y, batch=500):
    model.eval()
    preds = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            preds.append(model(x[i : i + batch]).argmax(1))
    pred = torch.cat(preds)
    return (pred == y).float().mean().item(), pred


def confusion(pred, y, classes):
    m = np.zeros((len(classes), len(classes)), dtype=int)
    for t, p in zip(y.tolist(), pred.tolist()):
        m[t][p] += 1
    return m


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(here, ".data"))
    ap.add_argument("--out", default=os.path.join(here, "..", "models", "defect-classifier", VERSION))
    ap.add_argument("--epochs", type=int, default=14)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.004)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--widths", default="12,24,32,32", help="channels of the four conv layers")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    meta = json.load(open(os.path.join(args.data, "dataset.json")))
    classes = meta["classes"]
    size = meta["inputSize"]

    def load(name):
        x = np.load(os.path.join(args.data, f"x_{name}.npy"))
        y = np.load(os.path.join(args.data, f"y_{name}.npy"))
        return x, torch.from_numpy(y.astype(np.int64))

    x_train_u8, y_train = load("train")
    x_val_u8, y_val = load("val")
    # Per-channel statistics of the training pixels (0..1): the manifest's normalisation.
    mean = (x_train_u8.reshape(-1, 3).mean(0) / 255).round(4)
    std = (x_train_u8.reshape(-1, 3).std(0) / 255).round(4)

    def to_tensor(x_u8):
        x = torch.from_numpy(x_u8).permute(0, 3, 1, 2).float().div_(255)
        return (x - torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1)) / torch.tensor(
            std, dtype=torch.float32
        ).view(1, 3, 1, 1)

    x_train = to_tensor(x_train_u8).contiguous()
    x_val = to_tensor(x_val_u8).contiguous()

    widths = [3] + [int(w) for w in args.widths.split(",")]
    model = DefectNet(len(classes), widths)
    params = sum(p.numel() for p in model.parameters())
    steps = args.epochs * ((len(x_train) + args.batch - 1) // args.batch)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.2)
    print(f"{params} parameters, {len(x_train)} train / {len(x_val)} val images, {args.threads} threads")

    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(x_train))
        total = 0.0
        for i in range(0, len(order), args.batch):
            idx = order[i : i + args.batch]
            logits = model(augment(x_train[idx]))
            loss = F.cross_entropy(logits, y_train[idx], label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        acc, _ = evaluate(model, x_val, y_val)
        print(f"epoch {epoch + 1}/{args.epochs} loss {total / len(x_train):.4f} val acc {acc:.4f} ({time.time() - started:.0f} s)")
    train_seconds = time.time() - started

    acc, pred = evaluate(model, x_val, y_val)
    cm = confusion(pred, y_val, classes)
    print("confusion (rows true, cols predicted):", classes)
    print(cm)

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    model.eval()
    torch.onnx.export(
        model,
        torch.zeros(1, 3, size, size),
        onnx_path,
        input_names=["pixels"],
        output_names=["logits"],
        dynamic_axes={"pixels": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=17,
        do_constant_folding=True,
    )
    onnx.checker.check_model(onnx.load(onnx_path))
    model_bytes = os.path.getsize(onnx_path)

    manifest = {
        "name": "defect-classifier",
        "version": VERSION,
        "task": "classify",
        "format": "onnx",
        "file": "model.onnx",
        "labels": classes,
        "input": {
            "name": "pixels",
            "layout": "NCHW",
            "channels": "RGB",
            "width": size,
            "height": size,
            "resize": "antialiased bilinear (resizeRgb), whole image or the requested region, aspect ratio not kept",
            "scale": 1 / 255,
            "mean": [float(v) for v in mean],
            "std": [float(v) for v in std],
        },
        "output": {"name": "logits", "activation": "softmax"},
        "derivedScores": {
            "defect": {
                "sumOf": [c for c in classes if c != "clean"],
                "description": "probability of any defect (1 - clean), the score the warranty template routes on",
            }
        },
        "card": {
            "intendedUse": (
                "Triage of close-up photos (or detector crops) of product surfaces in warranty claims: "
                "is the surface clean, scratched, cracked or dented? Scores route claims to automatic "
                "approval, a reviewer or a request for more evidence; a person decides uncertain cases."
            ),
            "trainingData": (
                f"{meta['train']['count']} synthetic {meta['renderSize']}x{meta['renderSize']} images (seed "
                f"{meta['train']['seed']}) from {meta['generator']}, balanced over the labels: brushed metal, "
                "plastic, painted, glass and cast surfaces; lighting gradients, reflections, cast shadows, dust, "
                "smudges, blur, sensor noise and JPEG artefacts; resized to the input size. No real photos."
            ),
            "evaluation": {
                "heldOut": f"{meta['val']['count']} synthetic images from an unseen seed ({meta['val']['seed']})",
                "accuracy": round(acc, 4),
                "confusion": {"labels": classes, "rowsTrueColsPredicted": cm.tolist()},
            },
            "training": {
                "script": "packages/inference/training/train_defect_classifier.py",
                "epochs": args.epochs,
                "seconds": round(train_seconds),
                "threads": args.threads,
                "torch": torch.__version__,
                "parameters": params,
                "architecture": f"conv3x3 {widths[1:]} with BN+ReLU, max-pool after the first three; global avg+max pool; linear",
                "bytes": model_bytes,
            },
            "limits": [
                "Trained only on synthetic images: accuracy on real claim photos is unmeasured; validate on "
                "labelled real photos (reviewer corrections) before automating decisions on it.",
                "Sees the image at 64x64: defects thinner than about 1/100 of the image (or of the region) may "
                "be missed; pass a region around the damaged area for large photos.",
                "One label per image: an image with several kinds of damage scores them against each other.",
                "Knows four labels only: dirt, stickers, printed lines, seams and panel gaps are outside the "
                "training distribution and can score as scratches or cracks; wear, discolouration, "
                "corrosion and missing parts are not detected.",
                "EXIF orientation is ignored (orientation does not matter to the labels).",
            ],
        },
    }
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"held-out accuracy {acc:.4f}; wrote {onnx_path} ({model_bytes} bytes) and model.json")


if __name__ == "__main__":
    main()
