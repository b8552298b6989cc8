#!/usr/bin/python3
"""Writes images that are not clothing, one folder per kind, for choosing and reporting the out-of-domain score.

Two disjoint splits: "dev" (used to choose the method) and "report" (used once for the figures in
model/default/README.md). They share no source photo, font, text, digit sample or random seed, so the report
measures images the method was not chosen on.

Needs Debian's python3-skimage, python3-sklearn and python3-pil (run with /usr/bin/python3):
    /usr/bin/python3 model/ood/make_not_clothing.py --split dev --out .cache/ood/dev
    /usr/bin/python3 model/ood/make_not_clothing.py --split report --out .cache/ood/report
"""
import argparse
import os
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps
from skimage import data as skdata
from sklearn.datasets import load_digits

# Natural photos among scikit-image's samples, split in two by hand so each split has people, animals,
# objects, scenes and scientific images.
PHOTOS = {
    "dev": ["astronaut", "chelsea", "coffee", "rocket", "moon", "grass", "hubble_deep_field", "immunohistochemistry", "camera"],
    "report": ["cat", "coins", "horse", "brick", "gravel", "retina", "clock", "cell"],
}
FONTS = {
    "dev": ["dejavu/DejaVuSans.ttf", "dejavu/DejaVuSerif-Bold.ttf", "liberation/LiberationMono-Regular.ttf"],
    "report": ["liberation/LiberationSans-Regular.ttf", "liberation/LiberationSerif-Italic.ttf", "dejavu/DejaVuSansMono-Bold.ttf"],
}
WORDS = {
    "dev": "the quick brown fox jumps over a lazy dog while seven wizards quietly hex jolly boxing frogs".split(),
    "report": "pack my box with five dozen liquor jugs sphinx of black quartz judge my vow now".split(),
}


def photo(name):
    """A sample photo by name; a few samples exist only in some scikit-image versions, so fall back."""
    for candidate in name.split("_or_"):
        loader = getattr(skdata, candidate, None)
        if loader is None:
            continue
        try:
            img = loader()
        except Exception:  # a sample that needs a download is skipped
            continue
        if img.ndim == 3 and img.shape[2] == 4:
            img = img[:, :, :3]
        if img.dtype != np.uint8:
            img = img.astype(float)
            img = (255 * (img - img.min()) / max(1e-9, float(img.max() - img.min()))).astype(np.uint8)
        return Image.fromarray(img).convert("RGB")
    raise SystemExit(f"no sample photo among {name}")


def random_crop(img, rng, min_share):
    w, h = img.size
    share = rng.uniform(min_share, 1.0)
    cw, ch = max(8, int(w * share)), max(8, int(h * share))
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    return img.crop((x, y, x + cw, y + ch))


def photos(split, rng, out):
    """Whole photos, random crops of them at their own resolution, and Fashion-MNIST-like 28x28 grey thumbnails."""
    for name in PHOTOS[split]:
        img = photo(name)
        img.save(os.path.join(out("photo"), f"{name}.png"))
        for i in range(9):
            random_crop(img, rng, 0.35).resize((224, 224), Image.BILINEAR).save(os.path.join(out("photo"), f"{name}-crop{i}.jpg"), quality=90)
        for i in range(8):
            thumb = random_crop(img, rng, 0.3).convert("L").resize((28, 28), Image.BILINEAR)
            if i % 2:
                thumb = ImageOps.invert(thumb)  # light on dark, as Fashion-MNIST draws its items
            thumb.save(os.path.join(out("thumbnail"), f"{name}-{i}.png"))


def faces(split, rng, out):
    """Small grey face photos (LFW subset shipped with scikit-image), halves per split."""
    images = skdata.lfw_subset()
    chosen = range(0, len(images), 2) if split == "dev" else range(1, len(images), 2)
    for n, i in enumerate(list(chosen)[:40]):
        face = Image.fromarray((255 * images[i]).astype(np.uint8)).resize((28, 28), Image.BILINEAR)
        face.save(os.path.join(out("thumbnail"), f"face-{i}.png"))


def text(split, rng, out):
    """Rendered words and lines, dark on light and light on dark, in several sizes."""
    fonts = [os.path.join("/usr/share/fonts/truetype", f) for f in FONTS[split]]
    words = WORDS[split]
    for i in range(80):
        size = rng.choice([28, 64, 224])
        light_on_dark = i % 2 == 0
        img = Image.new("L", (size, size), 0 if light_on_dark else 255)
        draw = ImageDraw.Draw(img)
        lines = rng.randint(1, 4)
        font = ImageFont.truetype(rng.choice(fonts), max(6, int(size / (lines + 1.5))))
        for line in range(lines):
            phrase = " ".join(rng.sample(words, rng.randint(1, 3)))
            draw.text((rng.randint(0, size // 8), line * size // (lines + 0.5) + 2), phrase, fill=255 if light_on_dark else 0, font=font)
        img.save(os.path.join(out("text"), f"text-{i}.png"))


def digits(split, rng, out):
    """Handwritten digits (scikit-image's sklearn companion set, 8x8) upscaled to 28x28, white on black like MNIST."""
    bunch = load_digits()
    chosen = range(0, len(bunch.images), 2) if split == "dev" else range(1, len(bunch.images), 2)
    for n, i in enumerate(list(chosen)[:100]):
        small = Image.fromarray((bunch.images[i] * 255 / 16).astype(np.uint8))
        canvas = Image.new("L", (28, 28), 0)
        canvas.paste(small.resize((20, 20), Image.BILINEAR), (4, 4))
        canvas.save(os.path.join(out("digit"), f"digit-{i}-{bunch.target[i]}.png"))


def patterns(split, rng, out):
    """Stripes, checkerboards, gradients, rings and blobs, grey or in colour."""
    seed = 1 if split == "dev" else 2
    nrng = np.random.default_rng(seed)
    y, x = np.mgrid[0:224, 0:224] / 224.0
    for i in range(80):
        kind = i % 5
        period = rng.uniform(0.03, 0.3)
        angle = rng.uniform(0, np.pi)
        u = x * np.cos(angle) + y * np.sin(angle)
        if kind == 0:
            g = (np.sin(2 * np.pi * u / period) > 0).astype(float)
        elif kind == 1:
            g = ((np.floor(x / period) + np.floor(y / period)) % 2).astype(float)
        elif kind == 2:
            g = u / max(1e-6, u.max())
        elif kind == 3:
            r = np.hypot(x - rng.uniform(0.2, 0.8), y - rng.uniform(0.2, 0.8))
            g = 0.5 + 0.5 * np.sin(2 * np.pi * r / period)
        else:
            g = np.zeros_like(x)
            for _ in range(rng.randint(2, 8)):
                cx, cy, s = rng.random(), rng.random(), rng.uniform(0.03, 0.15)
                g += np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s))
            g = np.clip(g, 0, 1)
        if i % 3 == 0:
            colour = nrng.uniform(0, 1, size=(2, 3))
            rgb = colour[0] * g[..., None] + colour[1] * (1 - g[..., None])
            img = Image.fromarray((255 * rgb).astype(np.uint8), "RGB")
        else:
            img = Image.fromarray((255 * g).astype(np.uint8), "L")
        if i % 4 == 0:
            img = img.resize((28, 28), Image.BILINEAR)
        img.save(os.path.join(out("pattern"), f"pattern-{i}.png"))


def noise(split, rng, out):
    """Uniform, Gaussian and salt-and-pepper noise, grey or colour, full size or 28x28."""
    nrng = np.random.default_rng(10 if split == "dev" else 20)
    for i in range(40):
        size = 28 if i % 2 else 224
        shape = (size, size, 3) if i % 3 == 0 else (size, size)
        kind = i % 4
        if kind == 0:
            a = nrng.uniform(0, 255, shape)
        elif kind == 1:
            a = nrng.normal(128, 50, shape)
        elif kind == 2:
            a = 255.0 * (nrng.random(shape) > 0.9)
        else:
            a = nrng.normal(40, 30, shape)  # dark noise, like Fashion-MNIST's black background
        Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(os.path.join(out("noise"), f"noise-{i}.png"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "report"], required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(1 if args.split == "dev" else 2)

    def out(kind):
        path = os.path.join(args.out, kind)
        os.makedirs(path, exist_ok=True)
        return path

    for make in (photos, faces, text, digits, patterns, noise):
        make(args.split, rng, out)
    for kind in sorted(os.listdir(args.out)):
        print(f"{kind}: {len(os.listdir(os.path.join(args.out, kind)))} images")


if __name__ == "__main__":
    main()
