#!/usr/bin/env bash
# A set of 200+ real photographs at varied sizes, for measuring the fast decode against the exact one
# (docs/performance.md). Kept outside git: the Debian packages below are downloaded (not installed) and
# unpacked into the cache, the distinct photos picked from them, and each turned into three JPEGs
# (quality 90, as a phone writes) of different sizes and shapes by a centred crop and a downscale, plus
# four 4032x3024 phone-sized ones (phone-*.jpg) for the speed and memory probes.
#   scripts/photos.sh [DIR]     DIR defaults to ${XDG_CACHE_HOME:-~/.cache}/classifier/photos; prints DIR
# Sources: scikit-image's sample photos (python3-skimage), MATE's and UKUI's backgrounds, Plasma's wallpapers
# (largest file of each), skipping drawings and renders by name.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh

out=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/classifier/photos}
if [ -n "$(ls -A "$out" 2>/dev/null)" ]; then echo "$out"; exit 0; fi
apt_install /usr/lib/python3/dist-packages/PIL/__init__.py python3-pil
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
say "downloading the photo packages (about 180 MB, not installed)"
(cd "$unpacked" && apt-get download python3-skimage mate-backgrounds ukui-wallpapers plasma-workspace-wallpapers >/dev/null 2>&1)
for deb in "$unpacked"/*.deb; do dpkg -x "$deb" "$unpacked/root"; done
mkdir -p "$out"
/usr/bin/python3 - "$unpacked/root" "$out" <<'PY'
import os, sys
from PIL import Image
root, out = sys.argv[1], sys.argv[2]
skimage = os.path.join(root, "usr/lib/python3/dist-packages/skimage/data")
# scikit-image's photographs (its other files are test patterns, text and microscopy)
sources = [os.path.join(skimage, n) for n in ["astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png",
           "motorcycle_right.png", "rocket.jpg", "hubble_deep_field.jpg", "camera.png", "moon.png", "grass.png", "gravel.png", "brick.png"]]
backgrounds = os.path.join(root, "usr/share/backgrounds")
for dirpath, _, names in os.walk(backgrounds):
    for n in names:
        if n.lower().endswith((".jpg", ".jpeg", ".png")) and "Elephants_" not in n:
            sources.append(os.path.join(dirpath, n))
wallpapers = os.path.join(root, "usr/share/wallpapers")
for theme in sorted(os.listdir(wallpapers)):
    images = os.path.join(wallpapers, theme, "contents", "images")
    if os.path.isdir(images):
        files = [os.path.join(images, f) for f in os.listdir(images) if f.lower().endswith((".jpg", ".png"))]
        if files:
            sources.append(max(files, key=os.path.getsize))
sources = sorted(s for s in sources if os.path.exists(s))
sides = [4032, 3000, 2048, 1280, 800, 500]          # long side, at most the source's
shapes = [(4, 3), (3, 4), (1, 1), (16, 9), (9, 16)]  # width:height of the centred crop
count = 0
for i, path in enumerate(sources):
    try:
        picture = Image.open(path).convert("RGB")
    except Exception:
        continue
    for k in range(3):
        w, h = picture.size
        aw, ah = shapes[(i + k) % len(shapes)]
        cw, ch = (w, w * ah // aw) if w * ah // aw <= h else (h * aw // ah, h)
        crop = picture.crop(((w - cw) // 2, (h - ch) // 2, (w - cw) // 2 + cw, (h - ch) // 2 + ch))
        side = min(sides[(i * 3 + k) % len(sides)], max(crop.size))
        scale = side / max(crop.size)
        crop = crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))), Image.LANCZOS)
        crop.save(os.path.join(out, f"{count:03d}-{os.path.splitext(os.path.basename(path))[0]}-{crop.width}x{crop.height}.jpg"), quality=90)
        count += 1
# Phone-camera stand-ins for the speed and memory probes: the four largest sources cut to 4:3 and brought
# to 4032x3024 (12.2 MP, the usual phone sensor; upscaled where a source is smaller).
largest = sorted(sources, key=lambda p: -os.path.getsize(p))[:4]
for j, path in enumerate(largest):
    picture = Image.open(path).convert("RGB")
    w, h = picture.size
    cw, ch = (w, w * 3 // 4) if w * 3 // 4 <= h else (h * 4 // 3, h)
    crop = picture.crop(((w - cw) // 2, (h - ch) // 2, (w - cw) // 2 + cw, (h - ch) // 2 + ch)).resize((4032, 3024), Image.LANCZOS)
    crop.save(os.path.join(out, f"phone-{j}-{os.path.splitext(os.path.basename(path))[0]}-4032x3024.jpg"), quality=90)
    count += 1
print(f"{count} photos from {len(sources)} sources", file=sys.stderr)
PY
echo "$out"
