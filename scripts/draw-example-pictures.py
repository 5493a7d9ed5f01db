#!/usr/bin/env python3
"""Draws the example site's pictures: Bronwen's portrait, her clients' faces, their logos and the
covers of case studies and posts. Every person and company is fictional, and every picture is an
illustration drawn here from shapes, so the example site ships no photo of anyone.

    python3 scripts/draw-example-pictures.py   # writes example-site/static/images/

Needs Pillow (pip install pillow) and the DejaVu fonts (apt-get install fonts-dejavu-core) for the
logos' lettering. The output is the same on every run.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parent.parent / "example-site" / "static" / "images"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"

# the example site's palette: rust accent, deep teal, mustard, cream, ink
RUST, TEAL, MUSTARD, CREAM, INK = "#8c3f1d", "#1f5f5b", "#d9a441", "#f6efe4", "#2b2724"


def rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(rgb(a), rgb(b)))


def gradient(size, top, bottom):
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=mix(top, bottom, y / max(height - 1, 1)))
    return image


class Canvas:
    """Draws in units of the picture's width (0..1 across), at `scale` times its final size, and
    shrinks it at the end, which smooths every edge."""

    def __init__(self, size, background, scale=3):
        self.size = size
        self.scale = scale
        self.big = (size[0] * scale, size[1] * scale)
        self.image = gradient(self.big, *background).convert("RGBA")
        self.unit = self.big[0]

    def box(self, x0, y0, x1, y1):
        u = self.unit
        return [x0 * u, y0 * u, x1 * u, y1 * u]

    def layer(self):
        return Image.new("RGBA", self.big, (0, 0, 0, 0))

    def put(self, layer, blur=0):
        if blur:
            layer = layer.filter(ImageFilter.GaussianBlur(blur * self.unit))
        self.image = Image.alpha_composite(self.image, layer)

    def shape(self, kind, box, fill, outline=None, width=0, radius=0, alpha=255, start=0, end=360, blur=0):
        layer = self.layer()
        draw = ImageDraw.Draw(layer)
        colour = rgb(fill) + (alpha,) if fill else None
        line = rgb(outline) + (alpha,) if outline else None
        stroke = round(width * self.unit)
        box = self.box(*box)
        if kind == "ellipse":
            draw.ellipse(box, fill=colour, outline=line, width=stroke)
        elif kind == "rect":
            draw.rounded_rectangle(box, radius=radius * self.unit, fill=colour, outline=line, width=stroke)
        elif kind == "arc":
            draw.arc(box, start, end, fill=line, width=stroke)
        elif kind == "chord":
            draw.chord(box, start, end, fill=colour)
        elif kind == "pieslice":
            draw.pieslice(box, start, end, fill=colour)
        self.put(layer, blur)

    def polygon(self, points, fill, alpha=255):
        layer = self.layer()
        ImageDraw.Draw(layer).polygon([(x * self.unit, y * self.unit) for x, y in points], fill=rgb(fill) + (alpha,))
        self.put(layer)

    def line(self, points, colour, width, alpha=255):
        layer = self.layer()
        ImageDraw.Draw(layer).line(
            [(x * self.unit, y * self.unit) for x, y in points], fill=rgb(colour) + (alpha,), width=round(width * self.unit), joint="curve"
        )
        self.put(layer)

    def text(self, at, words, size, colour, font=FONT, anchor="lm"):
        layer = self.layer()
        face = ImageFont.truetype(font, round(size * self.unit))
        ImageDraw.Draw(layer).text((at[0] * self.unit, at[1] * self.unit), words, font=face, fill=rgb(colour), anchor=anchor)
        self.put(layer)

    def save(self, name, crop=None, **options):
        final = self.image.resize(self.size, Image.LANCZOS)
        if crop:
            final = final.crop(crop)
        path = OUT / name
        if name.endswith(".png"):
            final.save(path, optimize=True)
        else:
            final.convert("RGB").save(path, quality=options.get("quality", 86), optimize=True, progressive=True)
        print(f"{path.relative_to(OUT.parent.parent.parent)}: {final.size[0]}x{final.size[1]}, {path.stat().st_size // 1024} KB")


def person(c, look, top=0.0):
    """A head-and-shoulders portrait in the picture's top square, `top` units down."""
    skin, hair, shirt = look["skin"], look["hair"], look["shirt"]
    shade = mix(skin, INK, 0.18)
    shade = "#%02x%02x%02x" % shade
    y = lambda v: v + top  # noqa: E731
    style = look.get("style", "long")
    # hair that falls behind the shoulders
    if style in ("long", "curly"):
        c.shape("rect", (0.26, y(0.2), 0.74, y(0.86)), hair, radius=0.2)
    # shoulders and shirt
    c.shape("rect", (0.1, y(0.76), 0.9, y(1.4)), shirt, radius=0.22)
    c.polygon([(0.4, y(0.755)), (0.6, y(0.755)), (0.5, y(0.86))], skin)
    if look.get("collar"):
        c.polygon([(0.36, y(0.76)), (0.44, y(0.76)), (0.5, y(0.87)), (0.41, y(0.84))], look["collar"])
        c.polygon([(0.64, y(0.76)), (0.56, y(0.76)), (0.5, y(0.87)), (0.59, y(0.84))], look["collar"])
    # neck, with the chin's shadow
    c.shape("rect", (0.43, y(0.58), 0.57, y(0.79)), skin, radius=0.05)
    c.shape("ellipse", (0.43, y(0.6), 0.57, y(0.68)), shade, alpha=110)
    # ears and head
    c.shape("ellipse", (0.305, y(0.4), 0.365, y(0.5)), shade)
    c.shape("ellipse", (0.635, y(0.4), 0.695, y(0.5)), shade)
    c.shape("ellipse", (0.33, y(0.2), 0.67, y(0.64)), skin)
    # hair on top: a cap over the head, then the face again inside it, for a curved hairline
    if style == "bun":
        c.shape("ellipse", (0.42, y(0.08), 0.58, y(0.22)), hair)
    elif style == "curly":
        for i, x in enumerate([0.3, 0.36, 0.43, 0.5, 0.57, 0.64, 0.7]):
            c.shape("ellipse", (x - 0.07, y(0.15 + (i % 2) * 0.03), x + 0.07, y(0.3 + (i % 2) * 0.03)), hair)
    elif style == "bob":
        c.shape("rect", (0.29, y(0.19), 0.71, y(0.62)), hair, radius=0.14)
    low = {"short": 0.46, "bob": 0.5}.get(style, 0.52)
    c.shape("ellipse", (0.315, y(0.165), 0.685, y(low)), hair)
    c.shape("ellipse", (0.35, y(0.275 if style != "short" else 0.26), 0.65, y(0.64)), skin)
    if style == "long":
        c.polygon([(0.47, y(0.17)), (0.36, y(0.25)), (0.335, y(0.42)), (0.38, y(0.3))], hair)
    if look.get("beard"):
        c.shape("chord", (0.34, y(0.36), 0.66, y(0.65)), hair, start=0, end=180)
        c.shape("ellipse", (0.46, y(0.505), 0.54, y(0.545)), skin)
    # face
    for x in (0.435, 0.565):
        c.shape("ellipse", (x - 0.018, y(0.405), x + 0.018, y(0.44)), INK)
        c.shape("arc", (x - 0.04, y(0.36), x + 0.04, y(0.4)), None, outline=hair, width=0.012, start=200, end=340)
        c.shape("ellipse", (x - 0.04, y(0.47), x + 0.02 if x < 0.5 else x + 0.04, y(0.51)), "#e0786a", alpha=50)
    c.line([(0.5, y(0.44)), (0.49, y(0.49)), (0.505, y(0.495))], shade, 0.008)
    c.shape("arc", (0.455, y(0.49), 0.545, y(0.55)), None, outline="#8a3b34", width=0.012, start=20, end=160)
    if look.get("glasses"):
        for x in (0.435, 0.565):
            c.shape("rect", (x - 0.055, y(0.39), x + 0.055, y(0.46)), None, outline=INK, width=0.008, radius=0.02)
        c.line([(0.49, y(0.415)), (0.51, y(0.415))], INK, 0.008)
    if look.get("earrings"):
        c.shape("ellipse", (0.318, y(0.5), 0.342, y(0.524)), MUSTARD)
        c.shape("ellipse", (0.658, y(0.5), 0.682, y(0.524)), MUSTARD)


PEOPLE = {
    "amira-haddad": dict(skin="#c68e63", hair="#1f1a17", shirt="#3f6c8a", style="bun", earrings=True, bg=("#f3e3d3", "#e5c9ad")),
    "callum-reid": dict(skin="#f0c7a8", hair="#b5542c", shirt="#2f4a3a", style="short", beard=True, bg=("#dfe9e2", "#bcd3c5")),
    "gareth-morgan": dict(skin="#e8b897", hair="#8f8a84", shirt="#5a4632", style="short", glasses=True, collar=CREAM, bg=("#efe6d6", "#d8c6a8")),
    "hannah-lowe": dict(skin="#f2cdb2", hair="#d8b370", shirt="#b5654a", style="long", bg=("#f6e7dc", "#ebcbb8")),
    "jonah-whitcombe": dict(skin="#9b6a48", hair="#241b16", shirt="#d9a441", style="short", glasses=True, bg=("#e6e4f2", "#c8c4e0")),
    "leah-brennan": dict(skin="#f4d2bc", hair="#5b3a26", shirt="#2d3e55", style="bob", earrings=True, bg=("#e3eef0", "#bdd6db")),
    "marcus-adeyemi": dict(skin="#6e4630", hair="#151110", shirt="#e9e2d6", style="short", beard=True, collar="#c9beb0", bg=("#dbe7ee", "#afc6d4")),
    "ruth-castellano": dict(skin="#d9a47e", hair="#c9c3bd", shirt="#6b2d5c", style="bob", glasses=True, bg=("#f1e4ec", "#dcc1d2")),
    "siobhan-keane": dict(skin="#f6d9c6", hair="#a8431f", shirt="#1f5f5b", style="curly", bg=("#e0efe9", "#b7d8cc")),
}

BRONWEN = dict(skin="#f1c9ad", hair="#3b2418", shirt=TEAL, style="long", collar=CREAM, earrings=True)


def portrait():
    # 4:5, as a phone crops a portrait, close in; drawn large so the build has a big photo to shrink
    c = Canvas((1500, 1500), ("#f3e9dc", "#e2c9ad"))
    c.shape("ellipse", (0.66, 0.02, 1.0, 0.36), MUSTARD, alpha=70, blur=0.03)
    c.shape("ellipse", (0.02, 0.62, 0.3, 0.9), "#ffffff", alpha=70, blur=0.03)
    person(c, BRONWEN, top=0.02)
    c.save("bronwen-hale.jpg", crop=(150, 0, 1350, 1500), quality=84)


def faces():
    for slug, look in PEOPLE.items():
        c = Canvas((400, 400), look["bg"])
        person(c, look, top=0.04)
        c.save(f"clients/{slug}.jpg", quality=84)


LOGOS = {
    "haddad-language-services": ("HADDAD", "language services", TEAL, "speech"),
    "tern-cycles": ("tern", "cycles", "#2f4a3a", "wheel"),
    "morgan-joinery": ("MORGAN", "joinery · est. 1968", "#5a4632", "saw"),
    "lowe-and-loom": ("Lowe & Loom", "interiors", "#b5654a", "loom"),
    "slow-money-show": ("slow money", "the show", "#6b4fa0", "coin"),
    "taff-valley-housing": ("Taff Valley", "housing", "#2d3e55", "roof"),
    "salt-water-yoga": ("salt water", "yoga", TEAL, "wave"),
}


def logos():
    for slug, (name, strap, colour, mark) in LOGOS.items():
        c = Canvas((640, 200), ("#ffffff", "#ffffff"))
        c.image = Image.new("RGBA", c.big, (0, 0, 0, 0))
        x, y = 0.03, 0.16
        if mark == "wheel":
            c.shape("ellipse", (x, y - 0.1, x + 0.2, y + 0.1), None, outline=colour, width=0.022)
            c.shape("ellipse", (x + 0.085, y - 0.015, x + 0.115, y + 0.015), colour)
        elif mark == "speech":
            c.shape("rect", (x, y - 0.1, x + 0.2, y + 0.06), colour, radius=0.05)
            c.polygon([(x + 0.04, y + 0.05), (x + 0.1, y + 0.05), (x + 0.03, y + 0.11)], colour)
        elif mark == "saw":
            c.polygon([(x, y + 0.1), (x + 0.2, y - 0.1), (x + 0.2, y + 0.1)], colour)
        elif mark == "loom":
            for i in range(4):
                c.shape("rect", (x + i * 0.052, y - 0.1, x + i * 0.052 + 0.03, y + 0.1), colour, radius=0.01)
            c.shape("rect", (x, y - 0.02, x + 0.19, y + 0.02), MUSTARD, radius=0.01)
        elif mark == "coin":
            c.shape("ellipse", (x, y - 0.1, x + 0.2, y + 0.1), colour)
            c.shape("ellipse", (x + 0.05, y - 0.05, x + 0.15, y + 0.05), None, outline="#ffffff", width=0.015)
        elif mark == "roof":
            c.polygon([(x, y), (x + 0.1, y - 0.1), (x + 0.2, y), (x + 0.17, y), (x + 0.17, y + 0.1), (x + 0.03, y + 0.1), (x + 0.03, y)], colour)
        elif mark == "wave":
            c.line([(x, y), (x + 0.05, y - 0.05), (x + 0.1, y), (x + 0.15, y - 0.05), (x + 0.2, y)], colour, 0.025)
            c.line([(x, y + 0.06), (x + 0.05, y + 0.01), (x + 0.1, y + 0.06), (x + 0.15, y + 0.01), (x + 0.2, y + 0.06)], colour, 0.025)
        c.text((0.28, 0.13), name, 0.085, colour, font=SERIF if " " in name else FONT)
        c.text((0.28, 0.235), strap, 0.045, INK)
        c.save(f"logos/{slug}.png")


def cover(name, background, draw):
    c = Canvas((1600, 900), background)
    draw(c)
    c.save(f"covers/{name}.jpg", quality=82)


def paper(c, box, tilt_shadow=True):
    x0, y0, x1, y1 = box
    if tilt_shadow:
        c.shape("rect", (x0 + 0.01, y0 + 0.012, x1 + 0.01, y1 + 0.012), INK, alpha=40, radius=0.01, blur=0.006)
    c.shape("rect", box, "#fffdf8", radius=0.01)


def lines(c, x0, y0, x1, count, gap=0.03, colour="#d8cfc2"):
    for i in range(count):
        end = x1 - (0.06 if i % 3 == 2 else 0)
        c.line([(x0, y0 + i * gap), (end, y0 + i * gap)], colour, 0.008)


def covers():
    def joinery(c):
        for i, colour in enumerate([RUST, MUSTARD, TEAL, "#5a4632"]):
            x = 0.12 + i * 0.1
            c.shape("rect", (x, 0.1 + i * 0.012, x + 0.12, 0.16 + i * 0.012), colour, radius=0.01)
            c.shape("rect", (x - 0.02, 0.13 + i * 0.012, x + 0.3, 0.47), mix_hex(colour, CREAM, 0.2), radius=0.015)
        paper(c, (0.55, 0.1, 0.86, 0.48))
        lines(c, 0.59, 0.17, 0.82, 8)
        c.shape("ellipse", (0.74, 0.34, 0.9, 0.5), TEAL)
        c.line([(0.775, 0.42), (0.81, 0.455), (0.865, 0.385)], "#ffffff", 0.014)

    def interiors(c):
        for i, colour in enumerate(["#b5654a", "#d9a441", "#7d8f69", "#e8d9c4", TEAL, "#2b2724"]):
            row, col = divmod(i, 3)
            c.shape("rect", (0.1 + col * 0.11, 0.1 + row * 0.16, 0.19 + col * 0.11, 0.24 + row * 0.16), colour, radius=0.012)
        c.shape("rect", (0.57, 0.06, 0.8, 0.52), INK, radius=0.03)
        c.shape("rect", (0.585, 0.08, 0.785, 0.5), "#fffdf8", radius=0.02)
        for i in range(4):
            c.shape("rect", (0.6, 0.11 + i * 0.095, 0.77, 0.18 + i * 0.095), mix_hex(RUST, CREAM, 0.3 + i * 0.15), radius=0.01)
        c.shape("ellipse", (0.76, 0.04, 0.86, 0.14), RUST)
        c.text((0.81, 0.09), "0", 0.045, "#ffffff", anchor="mm")

    def therapy(c):
        paper(c, (0.1, 0.08, 0.6, 0.5))
        c.shape("rect", (0.1, 0.08, 0.6, 0.14), TEAL, radius=0.01)
        for row in range(4):
            for col in range(5):
                x, y = 0.12 + col * 0.095, 0.17 + row * 0.08
                booked = (row * 5 + col) % 3 == 0
                c.shape("rect", (x, y, x + 0.08, y + 0.06), MUSTARD if booked else "#efe7da", radius=0.008)
        c.shape("ellipse", (0.66, 0.16, 0.9, 0.4), "#fffdf8")
        c.shape("pieslice", (0.66, 0.16, 0.9, 0.4), RUST, start=270, end=20)
        c.shape("ellipse", (0.72, 0.22, 0.84, 0.34), "#fffdf8")

    def profession(c):
        c.shape("rect", (0.2, 0.2, 0.55, 0.48), "#5a4632", radius=0.03)
        c.shape("rect", (0.31, 0.14, 0.44, 0.21), None, outline="#5a4632", width=0.018, radius=0.02)
        c.shape("rect", (0.2, 0.3, 0.55, 0.33), "#463625")
        c.shape("rect", (0.35, 0.29, 0.4, 0.35), MUSTARD, radius=0.008)
        paper(c, (0.6, 0.1, 0.86, 0.46))
        lines(c, 0.63, 0.16, 0.83, 5)
        c.shape("ellipse", (0.68, 0.33, 0.78, 0.43), RUST)

    def retainer(c):
        for i, (height, colour) in enumerate([(0.3, "#efe7da"), (0.38, TEAL), (0.3, "#efe7da")]):
            x = 0.14 + i * 0.25
            top = 0.46 - height
            c.shape("rect", (x + 0.008, top + 0.01, x + 0.22, 0.49), INK, alpha=40, radius=0.02, blur=0.006)
            c.shape("rect", (x, top, x + 0.21, 0.48), colour, radius=0.02)
            ink = "#ffffff" if colour == TEAL else INK
            c.shape("rect", (x + 0.04, top + 0.05, x + 0.17, top + 0.08), ink, alpha=200, radius=0.01)
            lines(c, x + 0.04, top + 0.13, x + 0.17, 3, colour=mix_hex(colour, INK, 0.25))

    def month_end(c):
        paper(c, (0.1, 0.1, 0.42, 0.48))
        c.shape("rect", (0.1, 0.1, 0.42, 0.18), RUST, radius=0.01)
        c.text((0.26, 0.33), "31", 0.12, INK, font=SERIF, anchor="mm")
        for i, height in enumerate([0.12, 0.2, 0.16, 0.26, 0.3]):
            x = 0.5 + i * 0.08
            c.shape("rect", (x, 0.46 - height, x + 0.055, 0.46), TEAL if i == 4 else "#9bb8b3", radius=0.008)
        c.line([(0.48, 0.465), (0.9, 0.465)], INK, 0.006)

    def filters(c):
        c.polygon([(0.3, 0.12), (0.7, 0.12), (0.54, 0.3), (0.54, 0.44), (0.46, 0.48), (0.46, 0.3)], TEAL)
        for i, (x, y) in enumerate([(0.2, 0.05), (0.42, 0.02), (0.64, 0.06)]):
            envelope(c, x, y, 0.12, [MUSTARD, "#fffdf8", RUST][i])
        for i, colour in enumerate([MUSTARD, "#fffdf8", RUST]):
            envelope(c, 0.66 + i * 0.0, 0.36 + i * 0.035, 0.1, colour)

    def hand_over(c):
        paper(c, (0.3, 0.06, 0.7, 0.52))
        c.shape("rect", (0.44, 0.04, 0.56, 0.09), "#5a4632", radius=0.015)
        for i in range(5):
            y = 0.14 + i * 0.07
            done = i < 3
            c.shape("rect", (0.35, y, 0.39, y + 0.04), TEAL if done else "#efe7da", radius=0.008)
            if done:
                c.line([(0.357, y + 0.02), (0.368, y + 0.031), (0.384, y + 0.009)], "#ffffff", 0.007)
            c.line([(0.42, y + 0.02), (0.64 - (i % 2) * 0.06, y + 0.02)], "#cfc4b5", 0.01)

    cover("morgan-joinery", ("#efe6d6", "#dcc9ab"), joinery)
    cover("lowe-and-loom-interiors", ("#f6e7dc", "#e9c9b5"), interiors)
    cover("private-therapy-practice", ("#e0efe9", "#bcd9cf"), therapy)
    cover("a-profession-not-a-side-hustle", ("#f3e9dc", "#e2cdb2"), profession)
    cover("hourly-retainer-or-package", ("#eef0ea", "#d3dccb"), retainer)
    cover("month-end-without-the-dread", ("#f4ebe2", "#e6d2bf"), month_end)
    cover("three-inbox-filters-for-every-client", ("#e6eef0", "#c3d6da"), filters)
    cover("what-to-hand-over-first", ("#f1ebe1", "#ddd0bc"), hand_over)


def envelope(c, x, y, width, colour):
    height = width * 0.66
    c.shape("rect", (x + 0.006, y + 0.008, x + width + 0.006, y + height + 0.008), INK, alpha=45, radius=0.006, blur=0.004)
    c.shape("rect", (x, y, x + width, y + height), colour, radius=0.006)
    c.line([(x, y), (x + width / 2, y + height * 0.55), (x + width, y)], mix_hex(colour, INK, 0.35), 0.006)


def mix_hex(a, b, t):
    return "#%02x%02x%02x" % mix(a, b, t)


if __name__ == "__main__":
    for folder in ("clients", "logos", "covers"):
        (OUT / folder).mkdir(parents=True, exist_ok=True)
    portrait()
    faces()
    logos()
    covers()
