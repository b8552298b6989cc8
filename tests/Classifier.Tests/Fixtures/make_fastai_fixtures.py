#!/usr/bin/python3
"""Reference outputs of fastai's inference-time transforms, for the C# tests to match.

fastai itself is not packaged for Debian, so this script repeats what fastai does at inference (the
validation split) with the libraries fastai calls: Pillow for loading and bilinear resizing, torchvision's
`pad` for the border (which is NumPy's `np.pad` for reflect and edge), and fastai's own crop/pad arithmetic
(`Resize.encodes`, `crop_pad`/`_do_crop_pad`, `RandomResizedCrop.before_call` with split_idx=1). It also
exports a tiny PyTorch model the way the README says and records the probabilities the fastai pipeline gives.

Needs Debian's python3-pil, python3-numpy, python3-torch and python3-torchvision:
    apt-get install python3-pil python3-torch python3-torchvision
    cd tests/Classifier.Tests/Fixtures && /usr/bin/python3 make_fastai_fixtures.py
Outputs go to fastai/ (all small) and are committed.
"""
import json, math, os, random, shutil

import numpy as np
import torch
import torchvision.transforms.functional as tvf
from PIL import Image

OUT = "fastai"
os.makedirs(OUT, exist_ok=True)
TORCH_PAD = {"zeros": "constant", "border": "edge", "reflection": "reflect"}


def crop_pad(img, size, tl, pad_mode):
    """fastai's crop_pad on a PIL image: crop to the part of the window inside the image, pad the rest."""
    (w, h), (sw, sh), (x, y) = img.size, size, tl
    if x >= 0 or y >= 0 or x + sw <= w or y + sh <= h:
        img = img.crop((max(x, 0), max(y, 0), min(x + sw, w), min(y + sh, h)))
    if x < 0 or y < 0 or x + sw >= w or y + sh >= h:
        before = [max(-x, 0), max(-y, 0)]
        after = [max(sw - w + x, 0), max(sh - h + y, 0)]
        img = tvf.pad(img, [before[0], before[1], after[0], after[1]], padding_mode=TORCH_PAD[pad_mode])
    return img


def fastai_resize(img, size, method, pad_mode):
    """fastai's Resize(size, method, pad_mode) on the validation split (centred: pcts = 0.5, 0.5)."""
    w, h = img.size
    tw, th = size
    if method == "squish":
        return crop_pad(img, (w, h), (0, 0), pad_mode).resize(size, Image.BILINEAR)
    if method == "crop":
        m = w / tw if w / tw < h / th else h / th
    else:
        m = w / tw if w / tw > h / th else h / th
    cw, ch = int(m * tw), int(m * th)
    tl = (int(0.5 * (w - cw)), int(0.5 * (h - ch)))
    return crop_pad(img, (cw, ch), tl, pad_mode).resize(size, Image.BILINEAR)


def fastai_random_resized_crop(img, size, val_xtra):
    """fastai's RandomResizedCrop on the validation split: squish to size + xtra, then a centred crop."""
    tw, th = size
    xtra = math.ceil(max(tw, th) * val_xtra / 8) * 8
    final = (tw + xtra, th + xtra)
    res = crop_pad(img, img.size, (0, 0), "zeros").resize(final, Image.BILINEAR)
    return crop_pad(res, size, ((final[0] - tw) // 2, (final[1] - th) // 2), "zeros")


def transform(img, size, case):
    if case["method"] == "random-resized-crop":
        return fastai_random_resized_crop(img, size, case["valXtra"])
    return fastai_resize(img, size, case["method"], case["padMode"])


CASES = [{"method": m, "padMode": "reflection", "valXtra": 0.14} for m in ["squish", "crop"]] \
    + [{"method": "pad", "padMode": p, "valXtra": 0.14} for p in ["reflection", "zeros", "border"]] \
    + [{"method": "random-resized-crop", "padMode": "reflection", "valXtra": v} for v in [0.14, 0.3]]

# Sources: a wide noisy image, a narrow one (pads wider than the image itself), a one-pixel column.
random.seed(11)
sources = {}
for name, (w, h) in {"wide": (61, 37), "narrow": (5, 29), "column": (1, 23)}.items():
    img = Image.new("RGB", (w, h))
    img.putdata([(random.randrange(256), random.randrange(256), random.randrange(256)) for _ in range(w * h)])
    img.save(f"{OUT}/source-{name}.png")
    sources[name] = img

expected = {"pixels": [], "parity": {}}
for src_name, img in sources.items():
    for size in [(24, 24), (40, 16), (17, 53)]:
        for case in CASES:
            try:
                out = transform(img, size, case)
            except ValueError:
                continue  # fastai fails here too (a crop of zero width from a one-pixel column): nothing to match
            assert out.size == size, (src_name, size, case, out.size)
            tag = case["method"] if case["method"] != "pad" else f"pad-{case['padMode']}"
            if case["method"] == "random-resized-crop":
                tag += f"-{case['valXtra']}"
            file = f"{src_name}-{tag}-{size[0]}x{size[1]}.rgb"
            open(f"{OUT}/{file}", "wb").write(out.tobytes())
            expected["pixels"].append({"source": f"source-{src_name}.png", "file": file, "width": size[0], "height": size[1], **case})
# One at the lesson's size: 224 squished to 256 and cut back, and a reflection pad.
for case in [CASES[2], CASES[5]]:
    out = transform(sources["wide"], (224, 224), case)
    tag = "pad-reflection" if case["method"] == "pad" else "random-resized-crop-0.14"
    file = f"wide-{tag}-224x224.rgb"
    open(f"{OUT}/{file}", "wb").write(out.tobytes())
    expected["pixels"].append({"source": "source-wide.png", "file": file, "width": 224, "height": 224, **case})

# Orientation "ignore": what PIL.Image.open(...).convert("RGB") gives for a JPEG with EXIF orientation 6.
rotated = Image.open("rotated.jpg").convert("RGB")
w, h = rotated.size
expected["ignoreOrientation"] = {"file": "rotated.jpg", "width": w, "height": h,
                                 "samples": [[x, y, list(rotated.getpixel((x, y)))] for x, y in [(w // 4, h // 4), (3 * w // 4, 3 * h // 4)]]}

# Parity end to end: a tiny PyTorch model, exported as the README says, and the probabilities the fastai
# pipeline (PIL -> transform -> /255 -> imagenet_stats -> model -> softmax) gives for each resize and pad mode.
torch.manual_seed(5)
model = torch.nn.Sequential(
    torch.nn.Conv2d(3, 6, 3, stride=2, padding=1), torch.nn.ReLU(),
    torch.nn.Conv2d(6, 8, 3, stride=2, padding=1), torch.nn.ReLU(),
    torch.nn.Flatten(), torch.nn.Linear(8 * 6 * 8, 3))
width, height = 32, 24
model.eval()
torch.onnx.export(model, torch.randn(1, 3, height, width), f"{OUT}/parity-model.onnx",
                  input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
labels = ["black", "grizzly", "teddy"]
card = {"name": "parity", "version": "1.0.0", "labels": labels,
        "input": {"name": "input", "width": width, "height": height, "channelOrder": "RGB",
                  "pixelScale": 0.0039215686, "mean": mean, "std": std},
        "output": {"name": "logits", "kind": "logits"}, "resize": "squish", "decode": "exact", "minConfidence": 0.5}
json.dump(card, open(f"{OUT}/parity-model.json", "w"), indent=1)

photo = Image.open("photo.png").convert("RGB")  # 40x24
photo.save(f"{OUT}/parity-photo.png")
parity = []
for src_name, img in [("source-wide.png", sources["wide"]), ("parity-photo.png", photo)]:
    for case in CASES:
        x = torch.from_numpy(np.asarray(transform(img, (width, height), case), dtype=np.float32)).permute(2, 0, 1) / 255.0
        x = (x - torch.tensor(mean)[:, None, None]) / torch.tensor(std)[:, None, None]
        with torch.no_grad():
            p = torch.softmax(model(x[None]), dim=1)[0].tolist()
        parity.append({"source": src_name, **case, "probabilities": p})
# Orientation end to end: a JPEG stored sideways with EXIF orientation 6. fastai's loader ignores the tag
# (card "orientation": "ignore"); a phone shows it turned (card "exif", PIL's exif_transpose).
from PIL import ImageOps
for orientation in ["ignore", "exif"]:
    img = Image.open("rotated.jpg")
    img = (ImageOps.exif_transpose(img) if orientation == "exif" else img).convert("RGB")
    case = {"method": "squish", "padMode": "reflection", "valXtra": 0.14}
    x = torch.from_numpy(np.asarray(transform(img, (width, height), case), dtype=np.float32)).permute(2, 0, 1) / 255.0
    x = (x - torch.tensor(mean)[:, None, None]) / torch.tensor(std)[:, None, None]
    with torch.no_grad():
        p = torch.softmax(model(x[None]), dim=1)[0].tolist()
    shutil.copy("rotated.jpg", f"{OUT}/parity-rotated.jpg")
    parity.append({"source": "parity-rotated.jpg", **case, "orientation": orientation, "probabilities": p})
expected["parity"] = {"model": "parity-model.onnx", "card": "parity-model.json", "cases": parity}
json.dump(expected, open(f"{OUT}/expected.json", "w"), indent=1)
print(f"{len(expected['pixels'])} pixel references, {len(parity)} parity cases")
