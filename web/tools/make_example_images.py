#!/usr/bin/env python3
"""Writes one Fashion-MNIST test image per class to web/site/examples/ as a small PNG.

The site ships these so the demo has something to classify without the dataset installed.
Rerun after changing the choice of images: /usr/bin/python3 web/tools/make_example_images.py
Needs Debian's dataset-fashion-mnist and python3-pil.
"""
import gzip
import pathlib
import struct
import sys

from PIL import Image

DATASET = pathlib.Path("/usr/share/datasets/fashion-mnist")
OUT = pathlib.Path(__file__).resolve().parent.parent / "site" / "examples"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def file_name(label: str) -> str:
    # "T-shirt/top" -> "tshirt-top.png", "Ankle boot" -> "ankle-boot.png"
    kept = "".join(c for c in label.lower() if c.isalnum() or c in " /")
    return kept.replace(" ", "-").replace("/", "-") + ".png"


def read_idx(path: pathlib.Path) -> tuple[tuple[int, ...], bytes]:
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def main() -> int:
    (count, rows, cols), pixels = read_idx(DATASET / "t10k-images-idx3-ubyte.gz")
    _, labels = read_idx(DATASET / "t10k-labels-idx1-ubyte.gz")
    OUT.mkdir(parents=True, exist_ok=True)
    size = rows * cols
    for class_index, label in enumerate(CLASSES):
        # The first test image of each class: deterministic, so reruns give identical files.
        first = next(i for i in range(count) if labels[i] == class_index)
        image = Image.frombytes("L", (cols, rows), pixels[first * size:(first + 1) * size])
        # Kept at the dataset's own 28x28 so the demo sends exactly a test image; CSS enlarges it.
        target = OUT / file_name(label)
        image.save(target, optimize=True)
        print(f"{target.name}: test image #{first} ({label})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
