#!/usr/bin/python3
"""Makes the image fixtures and the reference values they must decode and resize to, using Pillow.

Run with Debian's python3-pil (/usr/bin/python3 make_fixtures.py) from this folder. The outputs are
committed; the C# tests compare the core's decoder and resizer against them.
"""
import io, json, random, struct, zlib
from PIL import Image, ImageOps

random.seed(7)
expected = {}


def pattern(w, h):
    """Four flat quadrants (red, green, blue, white) with a smooth ramp, so orientation and colour are checkable."""
    img = Image.new("RGB", (w, h))
    px = img.load()
    for y in range(h):
        for x in range(w):
            left, top = x < w // 2, y < h // 2
            base = (200, 30, 30) if left and top else (30, 200, 30) if top else (30, 30, 200) if left else (240, 240, 240)
            px[x, y] = tuple(min(255, c + (x + y) % 8) for c in base)
    return img


def reference(name, img):
    """What PIL sees after EXIF transposition and conversion to RGB: size and the four quadrant centres."""
    img = ImageOps.exif_transpose(img).convert("RGB")
    w, h = img.size
    points = [(w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4)]
    expected[name] = {"width": w, "height": h, "samples": [[x, y, list(img.getpixel((x, y)))] for x, y in points]}


base = pattern(40, 24)
base.save("photo.png"); reference("photo.png", Image.open("photo.png"))
base.save("photo.jpg", quality=95); reference("photo.jpg", Image.open("photo.jpg"))
base.save("photo.webp", lossless=True); reference("photo.webp", Image.open("photo.webp"))
base.save("photo.bmp"); reference("photo.bmp", Image.open("photo.bmp"))
base.convert("L").save("gray.png"); reference("gray.png", Image.open("gray.png"))

rgba = base.convert("RGBA")
rgba.putalpha(Image.new("L", base.size, 90))
rgba.save("alpha.png"); reference("alpha.png", Image.open("alpha.png"))

# 16 bits per sample: a grey ramp stored as I;16.
g16 = Image.new("I;16", (40, 24))
g16.putdata([((x * 1600) + (y * 100)) % 65536 for y in range(24) for x in range(40)])
g16.save("gray16.png")
rgb16 = Image.open("gray16.png")
expected["gray16.png"] = {"width": 40, "height": 24}

base.convert("CMYK").save("cmyk.jpg", quality=95); reference("cmyk.jpg", Image.open("cmyk.jpg"))

# A two-frame GIF: the first frame is what counts.
frames = [base.convert("P", palette=Image.ADAPTIVE), Image.new("RGB", base.size, (0, 0, 0)).convert("P")]
frames[0].save("anim.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
reference("anim.gif", Image.open("anim.gif"))

# EXIF orientation 6: stored sideways, shown rotated 90 degrees clockwise.
exif = Image.Exif(); exif[0x0112] = 6
base.save("rotated.jpg", quality=95, exif=exif.tobytes()); reference("rotated.jpg", Image.open("rotated.jpg"))

# Progressive: libjpeg-turbo reads every scan into a buffer of coefficients before the first row; 70x50 with 4:2:0
# sampling, so the blocks pad to whole MCUs (the decoder's plan charges that buffer).
Image.new("RGB", (70, 50), (200, 40, 90)).save("progressive-70x50.jpg", quality=80, progressive=True, subsampling=2)

# Bad inputs.
data = open("photo.jpg", "rb").read()
open("truncated.jpg", "wb").write(data[: len(data) // 2])
open("not-an-image.txt", "wb").write(b"hello, this is text and not an image\n")
png = bytearray(open("photo.png", "rb").read())
idat = png.index(b"IDAT")
for i in range(idat + 8, idat + 40):
    png[i] ^= 0x5A
open("corrupt.png", "wb").write(bytes(png))


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


# A PNG whose header claims 100000 x 100000 pixels but carries almost no data: a decompression bomb's shape.
bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b"")
open("bomb.png", "wb").write(bomb)
ico = io.BytesIO(); base.save(ico, format="ICO"); open("icon.ico", "wb").write(ico.getvalue())

# Resize references: PIL bilinear (what fastai's Resize uses), squish / crop / pad as fastai's crop_pad does them.
src = Image.new("RGB", (61, 37))
src.putdata([(random.randrange(256), random.randrange(256), random.randrange(256)) for _ in range(61 * 37)])
src.save("resize-source.png")


def fastai_region(img, size, method):
    w, h = img.size
    tw, th = size
    if method == "squish":
        return img
    m = min(w / tw, h / th) if method == "crop" else max(w / tw, h / th)
    cw, ch = int(m * tw), int(m * th)
    left, top = int(0.5 * (w - cw)), int(0.5 * (h - ch))
    return img.crop((left, top, left + cw, top + ch))  # PIL fills outside the image with zeros


resizes = {}
for (tw, th) in [(24, 24), (224, 224), (40, 16), (17, 53)]:
    for method in ["squish", "crop", "pad"]:
        out = fastai_region(src, (tw, th), method).resize((tw, th), Image.BILINEAR)
        name = f"resize-{method}-{tw}x{th}.rgb"
        open(name, "wb").write(out.tobytes())
        resizes[name] = {"method": method, "width": tw, "height": th}
expected["resizes"] = resizes

json.dump(expected, open("expected.json", "w"), indent=1)
