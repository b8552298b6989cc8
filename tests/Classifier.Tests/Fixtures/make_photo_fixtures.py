#!/usr/bin/python3
"""Makes the two small photo fixtures the out-of-domain tests send to the default model: scikit-image's
astronaut (NASA, public domain) and coffee cup (CC0), shrunk so they stay a few KB.

Run from this folder with Debian's python3-skimage and python3-pil: /usr/bin/python3 make_photo_fixtures.py
"""
from PIL import Image
from skimage import data

Image.fromarray(data.astronaut()).resize((96, 96), Image.BILINEAR).save("astronaut.jpg", quality=90)
Image.fromarray(data.coffee()).resize((96, 64), Image.BILINEAR).save("coffee.jpg", quality=90)
